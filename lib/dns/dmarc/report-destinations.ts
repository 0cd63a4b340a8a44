import { baseDomain } from '@/lib/platform/net';
import type { DnsClient } from '@/lib/dns/dns-client';
import { finding, type TFinding } from '@/lib/dns/finding';
import type { TDmarcUri } from './dmarc-uri';
import { isDmarcRecord } from './parse-dmarc';

export interface TReportDestination {
  tag: 'rua' | 'ruf';
  uri: string;
  host: string;
  /** The host's organisational domain differs from the policy domain's (RFC 7489 7.1). */
  external: boolean;
  /** For external hosts: whether <domain>._report._dmarc.<host> authorises us; null when unknown. */
  authorised: boolean | null;
}

/**
 * Receivers send reports to a host of another organisation only when that host publishes
 * `<policy domain>._report._dmarc.<host>` TXT "v=DMARC1" (RFC 7489 7.1, DMARCbis): without it
 * the reports are silently dropped.
 */
export async function checkReportDestinations(client: DnsClient, policyDomain: string, uris: { rua: TDmarcUri[]; ruf: TDmarcUri[] }): Promise<{ destinations: TReportDestination[]; findings: TFinding[] }> {
  const findings: TFinding[] = [];
  const destinations: TReportDestination[] = [];
  const ownOrg = baseDomain(policyDomain) ?? policyDomain;
  for (const tag of ['rua', 'ruf'] as const) {
    for (const uri of uris[tag]) {
      if (uri.error || uri.scheme !== 'mailto' || !uri.host) continue;
      const external = (baseDomain(uri.host) ?? uri.host) !== ownOrg;
      const destination: TReportDestination = { tag, uri: uri.uri, host: uri.host, external, authorised: external ? null : true };
      destinations.push(destination);
      if (!external) continue;
      const name = `${policyDomain}._report._dmarc.${uri.host}`;
      const txt = await client.txt(name);
      if (txt.status === 'failed') {
        findings.push(finding('dmarc.lookup_failed', `Could not check whether ${uri.host} accepts ${tag} reports for ${policyDomain}: ${txt.message}.`, 'Check again later; if it persists, ask the report provider whether their DNS works.'));
        continue;
      }
      destination.authorised = txt.status === 'ok' && txt.data.some(isDmarcRecord);
      if (!destination.authorised) {
        findings.push(
          finding(
            'dmarc.external_unauthorised',
            `${tag}: ${uri.address} is outside ${ownOrg}, and ${name} has no "v=DMARC1" record: receivers drop these reports.`,
            `Ask the operator of ${uri.host} to publish TXT "v=DMARC1" at ${name} (report services do this when you add the domain there), or send reports to an address in ${ownOrg}.`,
          ),
        );
      }
    }
  }
  return { destinations, findings };
}
