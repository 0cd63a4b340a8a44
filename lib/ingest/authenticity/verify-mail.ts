import { dkimVerify, type DKIMResult } from 'mailauth';
import { createResolver, type TResolver } from '@/lib/platform/dns';
import { normaliseDomain } from '@/lib/platform/net';
import type { TVerifyMail } from './mail-evidence';

/**
 * Checks the DKIM signatures of a mail that carried reports, with mailauth (4.x: the last
 * line declaring Node 20; 5.x needs Node 22.19). Google, Microsoft, Yahoo and most large
 * reporters sign their report mails with a key of their own domain, aligned with From.
 *
 * Only DKIM, on purpose: SPF needs the IP address that handed the mail to our mailbox's
 * server, which a mailbox reader (IMAP, Graph, an uploaded .eml) does not know; trusting a
 * Received header for it would let the sender choose the answer. A DKIM signature aligned
 * with From is what DMARC itself accepts as proof of the From domain.
 */
export function createMailVerifier(resolver: TResolver = createResolver()): TVerifyMail {
  const lookup = (name: string, type: string) => resolver.resolve(name, type) as Promise<string[][] | string[]>;
  return async (raw) => {
    let result;
    try {
      result = await dkimVerify(raw, { resolver: lookup });
    } catch (err) {
      return { fromDomain: null, alignedSigners: [], summary: `not checked: ${err instanceof Error ? err.message : String(err)}`.slice(0, 300) };
    }
    const from = result.headerFrom?.[0]?.split('@').pop();
    const fromDomain = from ? normaliseDomain(from) : null;
    const signatures = result.results.filter((r) => r.signingDomain);
    if (signatures.length === 0) return { fromDomain, alignedSigners: [], summary: 'no DKIM signature' };
    const aligned = signatures.filter((r) => r.status.result === 'pass' && r.status.aligned);
    return {
      fromDomain,
      alignedSigners: [...new Set(aligned.map((r) => normaliseDomain(r.signingDomain)))],
      summary: signatures.map(describe).join('; ').slice(0, 500),
    };
  };
}

function describe(r: DKIMResult): string {
  const comment = r.status.comment ? ` (${r.status.comment})` : '';
  const alignment = r.status.result === 'pass' && !r.status.aligned ? ', not aligned with From' : '';
  return `dkim=${r.status.result} d=${normaliseDomain(r.signingDomain)}${comment}${alignment}`;
}
