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
