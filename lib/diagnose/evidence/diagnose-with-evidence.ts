import type { TAccessScope } from '@/lib/access';
import { log } from '@/lib/platform/log';
import { diagnoseBounce, type TDiagnoseOptions } from '@/lib/diagnose/diagnose-bounce';
import { createIpHealthChecker } from '@/lib/diagnose/ip-health';
import type { TBounceCategory, TBounceDiagnosis } from '@/lib/diagnose/types';
import { concreteFixes } from './concrete-fixes';
import { domainEvidence } from './domain-evidence';
import { domainOf, findOurDomain } from './find-our-domain';
import { ipHealthEvidence, type TIpHealthProbe } from './ip-health-evidence';

export interface TEvidenceOptions extends TDiagnoseOptions {
  now?: Date;
  /** The IP health checker (default: createIpHealthChecker() from the environment); null: none. */
  ipHealth?: TIpHealthProbe | null;
}

/** The general advice's step that the evidence has already taken (advice.ts, dmarc_policy). */
const FIND_THE_SOURCE = /^Find the source that sent this message as /;

/** Categories for which the sending address's FCrDNS and DNSBL listings are looked at. */
const IP_CATEGORIES: ReadonlySet<TBounceCategory> = new Set(['ip_reputation', 'no_reverse_dns']);

/**
 * Adds what our own data says to a diagnosis, for a caller's scope: when the sender's domain is
 * one of the caller's, its sender-map source, verdict, alignment, policy, SPF and DKIM state;
 * for ip_reputation and no_reverse_dns the address's FCrDNS and DNSBL listings. The fixes then
 * lead with the steps for this case. A failing lookup leaves a note, never the diagnosis.
 */
export async function addEvidence(diagnosis: TBounceDiagnosis, scope: TAccessScope, options: TEvidenceOptions = {}): Promise<TBounceDiagnosis> {
  const now = options.now ?? new Date();
  const notes: string[] = [];
  let domain: TBounceDiagnosis['evidence']['domain'] = null;
  let ipHealth: TBounceDiagnosis['evidence']['ip_health'] = null;

  const fromDomain = domainOf(diagnosis.sender);
  const envelopeDomain = domainOf(diagnosis.evidence.envelope_sender);
  const senderDomain = fromDomain ?? envelopeDomain;
  if (!senderDomain) {
    notes.push('The bounce does not show the sender\'s address, so it cannot be compared with your domains\' reports.');
  } else {
    try {
      const ours = (await findOurDomain(scope, senderDomain)) ?? (envelopeDomain && envelopeDomain !== senderDomain ? await findOurDomain(scope, envelopeDomain) : null);
      if (!ours) {
        notes.push(`${senderDomain} is not one of your domains, so there are no reports to compare with. Add it (Settings → Domains) to see who sends as it.`);
      } else {
        const found = await domainEvidence(scope, ours, { senderDomain, sendingIp: diagnosis.sending_ip, receivedIps: diagnosis.evidence.received_ips, now });
        domain = found.evidence;
        notes.push(...found.notes);
      }
    } catch (error) {
      log.error({ err: error }, 'bounce evidence from reports failed');
      notes.push('The stored reports could not be read for this diagnosis; the diagnosis above is from the bounce alone.');
    }
  }

  const ip = diagnosis.sending_ip ?? domain?.address?.ip ?? null;
  if (IP_CATEGORIES.has(diagnosis.category)) {
    const probe = options.ipHealth === undefined ? createIpHealthChecker() : options.ipHealth;
    if (!ip) notes.push('The bounce names no sending IP, so its reverse DNS and blocklist listings cannot be checked.');
    else if (probe) {
      try {
        ipHealth = await ipHealthEvidence(scope, ip, probe, now);
      } catch (error) {
        log.warn({ err: error, ip }, 'sending-IP health check for a bounce failed');
        notes.push(`The reverse DNS and blocklists of ${ip} could not be checked: ${(error as Error).message.slice(0, 200)}`);
      }
    }
  }

  const specific = concreteFixes(diagnosis.category, domain, ipHealth, ip);
  // Once the source is known, the general "find the source on the sender map" step is done.
  const general = domain?.source ? diagnosis.fixes.filter((f) => !FIND_THE_SOURCE.test(f)) : diagnosis.fixes;
  const fixes = [...new Set([...specific, ...general])];
  return { ...diagnosis, fixes, evidence: { ...diagnosis.evidence, domain, ip_health: ipHealth, notes } };
}

/** Diagnoses a bounce and adds the caller's evidence (the page, the API, `atlas diagnose` with a database). */
export async function diagnoseWithEvidence(input: Buffer | string, scope: TAccessScope, options: TEvidenceOptions = {}): Promise<TBounceDiagnosis> {
  return addEvidence(await diagnoseBounce(input, options), scope, options);
}
