import type { TReportHeader } from '@/lib/ingest/parse/schema';
import { normaliseDomain } from '@/lib/platform/net';

/**
 * What makes two reports the same report: the reporter, its report id, the policy domain and
 * the date range (unique index report_dedupe_key). Never the report id alone: Google and
 * Mimecast reuse ids across ranges and domains.
 */
export interface DedupeKey {
  orgName: string;
  reportId: string;
  /** Normalised (lower-case, no trailing dot): also what routes the report to a domain. */
  policyDomain: string;
  /** Unix seconds. */
  begin: number;
  end: number;
}

export function dedupeKeyOf(header: TReportHeader): DedupeKey {
  return {
    orgName: header.metadata.org_name ?? '',
    reportId: header.metadata.report_id,
    policyDomain: normaliseDomain(header.policy_published.domain),
    begin: header.metadata.begin,
    end: header.metadata.end,
  };
}

export function sameKey(a: DedupeKey, b: DedupeKey): boolean {
  return a.orgName === b.orgName && a.reportId === b.reportId && a.policyDomain === b.policyDomain && a.begin === b.begin && a.end === b.end;
}

/** Advisory-lock name of a report: ingests of the same report serialise on it. */
export function reportLockName(key: DedupeKey): string {
  return `report:${JSON.stringify([key.orgName, key.reportId, key.policyDomain, key.begin, key.end])}`;
}

/**
 * Advisory-lock name of a policy domain: ingests hold it shared while they route reports,
 * attaching set-aside reports holds it exclusively, so no report can be set aside after the
 * domain was added yet miss the attachment.
 */
export function domainLockName(policyDomain: string): string {
  return `domain:${policyDomain}`;
}

/** Only the header fields (no records, no warnings), in one key order for hashing and storing. */
export function headerOf(h: TReportHeader): TReportHeader {
  return {
    namespace: h.namespace,
    version: h.version,
    metadata: h.metadata,
    policy_published: h.policy_published,
    extensions: h.extensions,
  };
}
