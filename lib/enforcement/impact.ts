import { VERDICTS, type TSenderMapSource, type TVerdict } from '@/lib/sources';
import type { TSourceFailures } from '@/lib/queries';
import type { TPolicy } from './stages';

export interface TImpactSource {
  key: string;
  label: string;
  verdict: TVerdict;
  /** Messages the stage would have quarantined or rejected. */
  messages: number;
  /** Of those, rejected (the rest quarantined), as RFC 7489 receivers apply pct. */
  rejected: number;
}

export interface TImpact {
  /** DMARC-failing messages in the window. */
  failing: number;
  /** Messages the stage would have acted on (quarantined or rejected). */
  messages: number;
  rejected: number;
  byVerdict: Record<TVerdict, number>;
  sources: TImpactSource[];
}

/** What a policy does to one failing message, as RFC 7489 receivers apply pct. */
export interface TPolicyEffect {
  policy: TPolicy;
  /** The pct share (1 when not testing). */
  share: number;
}

/** Share of failing mail quarantined or rejected, and the share rejected. */
function effect(e: TPolicyEffect): { acted: number; rejected: number } {
  if (e.policy === 'none') return { acted: 0, rejected: 0 };
  if (e.policy === 'quarantine') return { acted: e.share, rejected: 0 };
  // pct of reject: the rest gets the next lower policy, quarantine (RFC 7489 6.6.4).
  return { acted: 1, rejected: e.share };
}

/**
 * The impact preview: per source, the failing messages of a window times what the stage's
 * policy does to them (the domain's own From: p; subdomains: sp), split by verdict.
 */
export function computeImpact(input: { failing: number; failures: Pick<TSourceFailures, 'key' | 'failing' | 'failingSub'>[]; sources: TSenderMapSource[]; apex: TPolicyEffect; sub: TPolicyEffect }): TImpact {
  const byKey = new Map(input.sources.map((s) => [s.key, s]));
  const apex = effect(input.apex);
  const sub = effect(input.sub);
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<TVerdict, number>;
  const sources: TImpactSource[] = [];
  for (const f of input.failures) {
    const messages = Math.round(f.failing * apex.acted + f.failingSub * sub.acted);
    if (messages <= 0) continue;
    const rejected = Math.min(messages, Math.round(f.failing * apex.rejected + f.failingSub * sub.rejected));
    const source = byKey.get(f.key);
    // Unknown to the sender map only if it changed between the two queries: no verdict then.
    const verdict: TVerdict = source?.verdict.verdict ?? 'unknown';
    byVerdict[verdict] += messages;
    sources.push({ key: f.key, label: source?.label ?? f.key, verdict, messages, rejected });
  }
  sources.sort((a, b) => b.messages - a.messages || a.key.localeCompare(b.key));
  const messages = sources.reduce((n, s) => n + s.messages, 0);
  return { failing: input.failing, messages, rejected: sources.reduce((n, s) => n + s.rejected, 0), byVerdict, sources };
}
