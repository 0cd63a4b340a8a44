// Live DNS checks of a domain's mail authentication: DMARC (RFC 7489 and DMARCbis / RFC 9989),
// SPF (RFC 7208, the full lookup tree) and DKIM keys (RFC 6376, RFC 8463). Codes and what
// each means: docs/dns-checks.md.
export { checkDomainDns, normaliseCheckDomain, ZSelector, type TDnsCheck, type TDnsCheckOptions } from './check-domain-dns';
export { DnsClient, DEFAULT_DNS_LIMITS, type TDnsLimits, type TLookup } from './dns-client';
export { finding, sortFindings, type TFinding, type TSeverity } from './finding';
export { FINDING_CODES, type TFindingCode } from './finding-codes';
export { checkDmarc, type TDmarcCheck } from './dmarc/check-dmarc';
export { parseDmarc, isDmarcRecord, type TParsedDmarc } from './dmarc/parse-dmarc';
export { parseDmarcUri, type TDmarcUri } from './dmarc/dmarc-uri';
export { walkDmarcTree, treeWalkTargets, type TTreeWalk, type TWalkStep } from './dmarc/tree-walk';
export type { TReportDestination } from './dmarc/report-destinations';
export { checkSpf, includeCosts, SPF_LOOKUP_LIMIT, SPF_VOID_LIMIT, type TSpfCheck } from './spf/check-spf';
export { evaluateSpf, type TSpfNode, type TSpfTermNode } from './spf/evaluate-spf';
export { parseSpfRecord, isSpfRecord, type TSpfTerm } from './spf/spf-terms';
export { checkDkimSelector, type TDkimCheck, type TSelectorSource } from './dkim/check-dkim';
export { parseDkimKey, type TDkimKey } from './dkim/parse-dkim-key';
export { reverseDns, type TReverseDns } from './reverse-dns';
export { parseTagList, tagMap, type TTag, type TTagList } from './tag-list';
