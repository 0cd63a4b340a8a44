import type { TAccessScope } from '@/lib/access';
import type { TDnsCheck } from '@/lib/dns';
import { dayWindow, type TDayWindow } from '@/lib/platform/dates';
import { authEnv } from '@/lib/platform/env';
import { getEnforcementSettings, getEnforcementState, getFailingVolume, listReportedPolicies, listSourceFailures, listWindowReporters } from '@/lib/queries';
import { buildSenderMap } from '@/lib/sources';
import { daysAtStage } from './days-at-stage';
import { computeGates, type TGate } from './gates';
import { computeImpact, type TImpact, type TPolicyEffect } from './impact';
import { classifyPublished, effectivePolicies, isTesting, publishedFromCheck, readPublishedPolicy, type TPublishedPolicy } from './published-policy';
import { settingsFromRow, type TEnforcementSettings } from './settings';
import { stageRecord, type TStageRecord } from './stage-record';
import { nextStage, type TCurrentStage, type TStage } from './stages';

/** Days of report data the impact preview replays. */
export const IMPACT_DAYS = 30;

export interface TEnforcementDomain {
  id: number;
  name: string;
  organizationId: number;
}

export interface TEnforcement {
  domain: TEnforcementDomain;
  /** The DNS check the published record comes from, and when it ran (null: never checked). */
  dns: { check: TDnsCheck | null; checkedAt: Date | null };
  published: TPublishedPolicy;
  stage: { current: TCurrentStage; next: TStage | null; since: Date | null; pending: TStage | null };
  settings: TEnforcementSettings;
  gateWindow: TDayWindow;
  gates: TGate[];
  /** The next stage may be published: its gates hold (starting to monitor needs none). */
  gatesHold: boolean;
  impactWindow: TDayWindow;
  /** The stage the impact preview is for: the next one, or the current one at the end. */
  impactStage: TStage | null;
  impact: TImpact;
  /** The TXT record to publish for the next stage. */
  record: TStageRecord | null;
}

function policyEffects(published: TPublishedPolicy): { apex: TPolicyEffect; sub: TPolicyEffect } {
  const policies = effectivePolicies(published);
  const share = isTesting(published) ? (published.pct ?? 100) / 100 : 1;
  return { apex: { policy: policies.p, share }, sub: { policy: policies.sp, share } };
}

/**
 * Where a domain stands on the path to p=reject: the published record (from `dns`), the next
 * stage and its record, the readiness gates over the last `windowDays` days and the impact
 * preview over the last 30, both ending on `asOf` (today by default; UTC days, dayWindow).
 */
export async function evaluateEnforcement(input: {
  scope: TAccessScope;
  domain: TEnforcementDomain;
  dns: { check: TDnsCheck | null; checkedAt: Date | null };
  asOf?: Date;
  ruaAddress?: string | null;
}): Promise<TEnforcement> {
  const { scope, domain } = input;
  const asOf = input.asOf ?? new Date();
  const [settingsRow, state] = await Promise.all([getEnforcementSettings(scope, domain.organizationId), getEnforcementState(scope, domain.id)]);
  const settings = settingsFromRow(settingsRow);
  const published = input.dns.check ? publishedFromCheck(input.dns.check.dmarc, domain.name) : readPublishedPolicy(null, domain.name);
  const current = classifyPublished(published);
  const next = nextStage(current);
  const gateWindow = dayWindow({ days: settings.windowDays }, asOf);
  const impactWindow = dayWindow({ days: IMPACT_DAYS }, asOf);
  const historyWindow = dayWindow({ days: 366 }, asOf);

  const [gateMap, impactMap, failures, volume, reporters, policies] = await Promise.all([
    buildSenderMap(scope, domain, gateWindow),
    buildSenderMap(scope, domain, impactWindow),
    listSourceFailures(scope, domain.id, domain.name, impactWindow),
    getFailingVolume(scope, domain.id, impactWindow),
    listWindowReporters(scope, domain.id, gateWindow),
    listReportedPolicies(scope, domain.id, historyWindow),
  ]);

  const since = state && state.stage === current ? state.stageSince : null;
  const gates = computeGates({
    settings,
    sources: gateMap.sources,
    totalMessages: gateMap.totals.messages,
    daysAtStage: daysAtStage(current, policies, gateWindow.end, since),
    reporters,
    dnsFindings: input.dns.check?.findings ?? null,
  });

  const ruaAddress = input.ruaAddress === undefined ? (authEnv().ATLAS_RUA_ADDRESS ?? null) : input.ruaAddress;
  const record = next ? stageRecord(next, domain.name, published, { ruaAddress, testingPct: settings.testingPct }) : null;
  const impactStage = next ?? (current === 'unpublished' ? null : current);
  // The preview reads the policy back from the record it would publish (or the one published).
  const effects = policyEffects(record ? readPublishedPolicy(record.value, domain.name) : published);
  const impact = computeImpact({ failing: volume.failing, failures, sources: impactMap.sources, ...effects });

  return {
    domain,
    dns: input.dns,
    published,
    stage: { current, next, since, pending: state?.pendingStage && state.pendingStage !== current ? (state.pendingStage as TStage) : null },
    settings,
    gateWindow,
    gates,
    gatesHold: next === 'monitoring' || (next !== null && gates.every((g) => g.met)),
    impactWindow,
    impactStage,
    impact,
    record,
  };
}
