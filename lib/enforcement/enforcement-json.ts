import { formatDay } from '@/lib/platform/dates';
import { VERDICTS, type TVerdict } from '@/lib/sources';
import type { TEnforcement } from './evaluate-enforcement';
import type { TCurrentStage, TStage } from './stages';

/** `atlas enforce --json` and GET /api/v1/domains/{domain}/enforcement: one shape for both. */
export interface TEnforcementJson {
  domain: string;
  published: { record: string | null; p: string | null; sp: string | null; np: string | null; pct: number | null; t: string | null };
  stage: { current: TCurrentStage; next: TStage | null };
  gates: { id: string; label: string; met: boolean; value: number | null; threshold: number }[];
  impact: {
    from: string;
    to: string;
    stage: TStage | null;
    failing: number;
    messages: number;
    by_verdict: Record<TVerdict, number>;
    sources: { key: string; label: string; verdict: TVerdict; messages: number }[];
  };
  record: string | null;
}

export function enforcementJson(e: TEnforcement): TEnforcementJson {
  const p = e.published;
  return {
    domain: e.domain.name,
    published: { record: p.record, p: p.p, sp: p.sp, np: p.np, pct: p.pct, t: p.t },
    stage: { current: e.stage.current, next: e.stage.next },
    gates: e.gates.map((g) => ({ id: g.id, label: g.label, met: g.met, value: g.value, threshold: g.threshold })),
    impact: {
      from: formatDay(e.impactWindow.start),
      to: formatDay(e.impactWindow.end),
      stage: e.impactStage,
      failing: e.impact.failing,
      messages: e.impact.messages,
      by_verdict: Object.fromEntries(VERDICTS.map((v) => [v, e.impact.byVerdict[v]])) as Record<TVerdict, number>,
      sources: e.impact.sources.map((s) => ({ key: s.key, label: s.label, verdict: s.verdict, messages: s.messages })),
    },
    record: e.record?.value ?? null,
  };
}
