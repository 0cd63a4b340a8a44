import type { TSenderMapSource } from '@/lib/sources';
import type { TFinding } from '@/lib/dns';
import type { TWindowReporter } from '@/lib/queries';
import { parseReporterPattern, type TEnforcementSettings } from './settings';

export type TGateId = 'dmarc_pass' | 'failing_sources' | 'dkim_aligned' | 'days_at_stage' | 'volume' | 'major_reporters' | 'dns';

/** One readiness gate with the figures behind it. Shares are fractions (0.98). */
export interface TGate {
  id: TGateId;
  label: string;
  met: boolean;
  value: number | null;
  threshold: number;
  /** The figures in words: what holds, or what to do. */
  detail: string;
}

export interface TGateInput {
  settings: TEnforcementSettings;
  /** The sender map's sources over the gate window. */
  sources: TSenderMapSource[];
  totalMessages: number;
  daysAtStage: number;
  reporters: TWindowReporter[];
  /** Findings of the latest DNS check; null when the domain was never checked. */
  dnsFindings: TFinding[] | null;
}

const AUTHORISED = new Set(['authorised_passing', 'authorised_failing']);
/** A share as a percentage, cut (not rounded) to 2 decimals: 97.996 % never reads as 98 %. */
export const formatShare = (x: number) => `${(Math.floor(x * 10_000) / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })} %`;
const pct = formatShare;
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const names = (list: string[], max = 4) => (list.length > max ? `${list.slice(0, max).join(', ')} and ${list.length - max} more` : list.join(', '));

/** The readiness gates of the next stage, from a window of report data and the latest DNS check. */
export function computeGates(input: TGateInput): TGate[] {
  const { settings, sources, totalMessages } = input;
  const days = settings.windowDays;
  const authorised = sources.filter((s) => AUTHORISED.has(s.verdict.verdict));
  const authMessages = authorised.reduce((n, s) => n + s.messages, 0);
  const authPass = authorised.reduce((n, s) => n + s.dmarcPass, 0);
  const passShare = authMessages > 0 ? authPass / authMessages : null;

  const failingSources = sources
    .filter((s) => s.verdict.verdict === 'authorised_failing')
    .map((s) => ({ label: s.label, share: totalMessages > 0 ? (s.messages - s.dmarcPass) / totalMessages : 0 }))
    .sort((a, b) => b.share - a.share);
  const worstFailing = failingSources[0]?.share ?? 0;
  const overFailing = failingSources.filter((s) => s.share > settings.maxFailingSourceShare);

  const dkim = authorised.map((s) => ({ label: s.label, share: s.messages > 0 ? s.dkimAligned / s.messages : 0 })).sort((a, b) => a.share - b.share);
  const notDkim = dkim.filter((s) => s.share < settings.minDkimShare);

  const majors = settings.majorReporters.map(parseReporterPattern);
  const seen = majors.filter((m) => input.reporters.some((r) => m.patterns.some((p) => r.orgName.toLowerCase().includes(p) || (r.email ?? '').toLowerCase().includes(p))));
  const missing = majors.filter((m) => !seen.includes(m));
  const needed = Math.min(settings.minMajorReporters, majors.length);

  const dnsErrors = input.dnsFindings?.filter((f) => f.severity === 'error') ?? null;

  return [
    {
      id: 'dmarc_pass',
      label: `Authorised mail passing DMARC ≥ ${pct(settings.passShare)} (last ${days} days)`,
      met: passShare !== null && passShare >= settings.passShare,
      value: passShare === null ? null : round(passShare),
      threshold: settings.passShare,
      detail:
        passShare === null
          ? 'No mail from authorised sources in the window: approve your senders in the sender map.'
          : `${pct(passShare)} of ${plural(authMessages, 'message')} from ${plural(authorised.length, 'authorised source')} passed DMARC.`,
    },
    {
      id: 'failing_sources',
      label: `No authorised source failing on more than ${pct(settings.maxFailingSourceShare)} of the volume`,
      met: worstFailing <= settings.maxFailingSourceShare,
      value: round(worstFailing),
      threshold: settings.maxFailingSourceShare,
      detail: overFailing.length
        ? `Fix first: ${names(overFailing.map((s) => `${s.label} (${pct(s.share)})`))}.`
        : failingSources.length
          ? `${plural(failingSources.length, 'authorised source')} still failing, each under the threshold (worst ${pct(worstFailing)}).`
          : 'No authorised source is failing.',
    },
    {
      id: 'dkim_aligned',
      label: `Every authorised source signs with aligned DKIM (≥ ${pct(settings.minDkimShare)} of its mail)`,
      met: notDkim.length === 0,
      value: dkim.length ? round(dkim[0].share) : null,
      threshold: settings.minDkimShare,
      detail: notDkim.length
        ? `Not yet: ${names(notDkim.map((s) => `${s.label} (${pct(s.share)})`))}. SPF alone breaks when mail is forwarded.`
        : dkim.length
          ? dkim[0].share >= 0.9995
            ? `All ${plural(dkim.length, 'authorised source')} sign with aligned DKIM.`
            : `All ${plural(dkim.length, 'authorised source')} meet it; lowest: ${dkim[0].label} (${pct(dkim[0].share)}).`
          : 'No authorised sources in the window.',
    },
    {
      id: 'days_at_stage',
      label: `At least ${plural(settings.minDaysAtStage, 'day')} at the current stage`,
      met: input.daysAtStage >= settings.minDaysAtStage,
      value: input.daysAtStage,
      threshold: settings.minDaysAtStage,
      detail: `${plural(input.daysAtStage, 'day')} at the current stage.`,
    },
    {
      id: 'volume',
      label: `At least ${plural(settings.minMessages, 'message')} reported (last ${days} days)`,
      met: totalMessages >= settings.minMessages,
      value: totalMessages,
      threshold: settings.minMessages,
      detail: `${plural(totalMessages, 'message')} in the reports of the last ${days} days.`,
    },
    {
      id: 'major_reporters',
      label: `Reports from at least ${needed} of ${names(majors.map((m) => m.label), 10) || 'the major reporters'} (last ${days} days)`,
      met: seen.length >= needed,
      value: seen.length,
      threshold: needed,
      detail: `${seen.length ? `Reporting: ${names(seen.map((m) => m.label), 10)}.` : 'None of them reported.'}${missing.length ? ` Silent: ${names(missing.map((m) => m.label), 10)}.` : ''}`,
    },
    {
      id: 'dns',
      label: 'DNS checks without errors',
      met: dnsErrors !== null && dnsErrors.length === 0,
      value: dnsErrors === null ? null : dnsErrors.length,
      threshold: 0,
      detail:
        dnsErrors === null
          ? 'Not checked yet.'
          : dnsErrors.length
            ? `${plural(dnsErrors.length, 'error')}: ${names(dnsErrors.map((f) => f.code), 5)}.`
            : 'DMARC, SPF and DKIM checks found no errors.',
    },
  ];
}
