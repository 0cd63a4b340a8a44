import { FINDING_CODES, type TFindingCode } from './finding-codes';

export type TSeverity = 'error' | 'warning' | 'info';

/** One result of a DNS check: what is wrong (or worth knowing) and what to publish instead. */
export interface TFinding {
  severity: TSeverity;
  code: TFindingCode;
  message: string;
  fix: string;
}

/** A finding whose severity is the code's (fixed per code, so that gates and UIs can rely on it). */
export function finding(code: TFindingCode, message: string, fix = ''): TFinding {
  return { severity: FINDING_CODES[code].severity, code, message, fix };
}

const ORDER: Record<TSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Errors first, then warnings, then notes; stable within a severity. */
export function sortFindings(findings: TFinding[]): TFinding[] {
  return findings.map((f, i) => ({ f, i })).sort((a, b) => ORDER[a.f.severity] - ORDER[b.f.severity] || a.i - b.i).map(({ f }) => f);
}
