import { baseDomain, normaliseDomain } from '@/lib/platform/net';
import type { TReportHeader } from '@/lib/ingest/parse/schema';
import type { TMailEvidence } from './mail-evidence';

/** How a stored report came to be trusted, or not. */
export interface TAuthenticity {
  /** The DKIM signing domain that vouches for the report; null when unverified. */
  verifiedBy: string | null;
  /** The check in words, for people ("dkim=pass d=google.com", "not received by mail"). */
  note: string;
}

export const NOT_BY_MAIL: TAuthenticity = { verifiedBy: null, note: 'not received by mail (uploaded or imported file)' };

/**
 * A report is verified when the mail that carried it has a valid DKIM signature aligned with
 * its From, by the organisational domain of the reporter the report names (its <email>, or an
 * org_name that is a domain). A signature by any other domain proves only who sent the mail,
 * not that the reporter it names wrote the report: anyone can sign mail for their own domain.
 */
export function reportAuthenticity(mail: TMailEvidence | null, header: TReportHeader): TAuthenticity {
  if (!mail) return NOT_BY_MAIL;
  if (mail.alignedSigners.length === 0) return { verifiedBy: null, note: mail.summary };
  const reporter = reporterDomains(header);
  const signer = mail.alignedSigners.find((d) => reporter.has(baseDomain(d) ?? d));
  if (signer) return { verifiedBy: signer, note: `dkim=pass d=${signer}, aligned with From and with the reporter's domain` };
  const claimed = reporter.size > 0 ? [...reporter].join(', ') : 'none named';
  return { verifiedBy: null, note: `signed by ${mail.alignedSigners.join(', ')}, which is not the reporter's domain (${claimed})` };
}

function reporterDomains(header: TReportHeader): Set<string> {
  const out = new Set<string>();
  const email = header.metadata.email?.split('@').pop();
  for (const candidate of [email, header.metadata.org_name]) {
    if (!candidate || !/^[^\s@]+\.[^\s@]+$/.test(candidate)) continue;
    const base = baseDomain(normaliseDomain(candidate));
    if (base) out.add(base);
  }
  return out;
}
