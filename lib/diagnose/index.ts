/** Bounce diagnoser: from a bounce (.eml or pasted NDR text) to its cause and the steps to fix it. */
export { diagnoseBounce, type TDiagnoseOptions } from './diagnose-bounce';
export { DIAGNOSE_LIMITS, DiagnoseError, type TDiagnoseErrorCode } from './limits';
export {
  ZBounceCategory,
  ZBounceDiagnosis,
  ZBounceEvidence,
  type TBounceCategory,
  type TBounceDiagnosis,
  type TBounceEvidence,
  type TSmtpCommand,
} from './types';
export {
  checkFcrdns,
  checkIpHealth,
  createIpHealthChecker,
  DEFAULT_DNSBL_ZONES,
  dnsblQueryName,
  loadIpHealthConfig,
  lookupDnsbl,
  MAX_IPS_PER_CHECK,
  meaningOf,
  type TDnsblResult,
  type TFcrdnsResult,
  type TIpHealth,
  type TIpHealthConfig,
  type TIpHealthOptions,
} from './ip-health';
