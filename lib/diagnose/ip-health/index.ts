/** Sending-IP health: forward-confirmed reverse DNS and DNSBL listings, pure DNS. */
export { checkIpHealth, createIpHealthChecker, MAX_IPS_PER_CHECK, type TIpHealth, type TIpHealthOptions } from './check-ip-health';
export { DEFAULT_DNSBL_ZONES, loadIpHealthConfig, type TIpHealthConfig } from './config';
export { dnsblQueryName, lookupDnsbl, type TDnsblResult } from './dnsbl';
export { checkFcrdns, type TFcrdnsResult } from './fcrdns';
export { meaningOf, type TAnswerMeaning } from './return-codes';
export { CHECK_NOW_COOLDOWN_SECONDS, ipHealthJob, requestIpHealthCheck } from './jobs';
export { authorisedAddresses, runIpHealthCheck, type TIpHealthRun, type TIpHealthRunOptions } from './run-ip-health';
export { dueAddresses, recordListingEvents, saveIpHealth, type TIpOwner, type TListingChange } from './store';
