import type { TDomainScope } from '@/lib/access';
import type { TAlertInput, TAlertKind } from '@/lib/notify';
import type { TAlertRuleRow } from '@/lib/queries';

type TDistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An alert before it has an id and an organisation (both come from where it is stored). */
export type TAlertBody = TDistributiveOmit<TAlertInput, 'id' | 'organization'>;

/** What a rule's evaluation found: an event, keyed so that it fires once. */
export interface TCandidate {
  /** The event's identity within the rule: re-evaluating finds it again and does nothing. */
  dedupeKey: string;
  /** The condition it belongs to (rule, kind, domain, subject): the cooldown counts per condition. */
  conditionKey: string;
  domainId: number | null;
  alert: TAlertBody;
}

export interface TRuleContext {
  rule: TAlertRuleRow;
  kind: TAlertKind;
  /** The rule's domains (its choice within the organisation's, or all of them). */
  scope: TDomainScope;
  domainIds: number[];
  now: Date;
  /** The rule's cursors, as stored. */
  state: Record<string, unknown>;
}

export interface TEvaluation {
  candidates: TCandidate[];
  /** New cursors to store, when they moved. */
  state?: Record<string, unknown>;
}

/** A stored bigint cursor ("123"), 0 when absent or unreadable. */
export function cursor(state: Record<string, unknown>, key: string): bigint {
  const value = state[key];
  return typeof value === 'string' && /^\d{1,19}$/.test(value) ? BigInt(value) : 0n;
}
