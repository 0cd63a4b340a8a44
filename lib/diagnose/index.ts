/** Bounce diagnoser: from a bounce (.eml or pasted NDR text) to its cause and the steps to fix it. */
export { diagnoseBounce, type TDiagnoseOptions } from './diagnose-bounce';
export { addEvidence, diagnoseWithEvidence, type TEvidenceOptions } from './evidence/diagnose-with-evidence';
export { concreteFixes } from './evidence/concrete-fixes';
export { includesToFlatten, EVIDENCE_DAYS } from './evidence/domain-evidence';
export { DIAGNOSE_LIMITS, DiagnoseError, type TDiagnoseErrorCode } from './limits';
export {
  ZBounceCategory,
  ZBounceDiagnosis,
  ZBounceEvidence,
  ZDomainEvidence,
  ZIpHealthEvidence,
  type TBounceCategory,
  type TBounceDiagnosis,
  type TBounceEvidence,
  type TDomainEvidence,
  type TIpHealthEvidence,
  type TSmtpCommand,
} from './types';
export {
  authorisedAddresses,
  CHECK_NOW_COOLDOWN_SECONDS,
  checkFcrdns,
  checkIpHealth,
  createIpHealthChecker,
  DEFAULT_DNSBL_ZONES,
  dnsblQueryName,
  ipHealthJob,
  loadIpHealthConfig,
  lookupDnsbl,
  MAX_IPS_PER_CHECK,
  meaningOf,
  requestIpHealthCheck,
  runIpHealthCheck,
  type TDnsblResult,
  type TFcrdnsResult,
  type TIpHealth,
  type TIpHealthConfig,
  type TIpHealthOptions,
  type TIpHealthRun,
} from './ip-health';
