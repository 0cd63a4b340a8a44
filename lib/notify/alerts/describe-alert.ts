import { VERDICT_LABELS } from '@/lib/sources';
import { formatCount, formatRate, formatTrend, plural } from '@/lib/notify/format';
import { domainPath } from '@/lib/notify/links';
import type { TAlert, TAlertKind, TSeverity } from './alert-schema';

// What an alert says, in one place for the mail, the JSON webhook and the Slack message.

export interface TAlertFact {
  label: string;
  value: string;
}

export interface TAlertDescription {
  kind: TAlertKind;
  severity: TSeverity;
  domain: string | null;
  title: string;
  summary: string;
  facts: TAlertFact[];
  path: string;
}

/** "2026-05-10 14:03 UTC": alerts go to webhooks and teams, so one unambiguous zone. */
export const formatUtc = (date: Date): string => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const lastDay = (to: string): string => new Date(new Date(`${to}T00:00:00Z`).getTime() - 86_400_000).toISOString().slice(0, 10);
const window = (w: { from: string; to: string }): string => `${w.from} to ${lastDay(w.to)} (UTC)`;
const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

type TBody = Omit<TAlertDescription, 'kind' | 'severity' | 'domain' | 'path'> & { severity: TSeverity; path?: string };

function body(alert: TAlert): TBody {
  switch (alert.kind) {
    case 'new_source': {
      const s = alert.source;
      const name = s.ip && s.ip !== s.label ? `${s.label} (${s.ip})` : s.label;
      return {
        severity: s.verdict === 'unknown' || s.verdict === 'authorised_failing' ? 'warning' : 'info',
        title: `New source sending as ${alert.domain}: ${s.label}`,
        summary: `${name} sent ${plural(s.messages, 'message')} as ${alert.domain} since ${formatUtc(s.firstSeen)}, ${formatRate(s.dmarcPass, s.messages)} passing DMARC. Verdict: ${VERDICT_LABELS[s.verdict]}.`,
        facts: [
          { label: 'Source', value: s.label },
          ...(s.ip ? [{ label: 'IP address', value: s.ip }] : []),
          ...(s.detail ? [{ label: 'Details', value: s.detail }] : []),
          { label: 'Messages', value: formatCount(s.messages) },
          { label: 'DMARC pass', value: formatRate(s.dmarcPass, s.messages) },
          { label: 'Verdict', value: VERDICT_LABELS[s.verdict] },
        ],
      };
    }
    case 'pass_rate_below': {
      const rate = formatRate(alert.current.dmarcPass, alert.current.messages);
      return {
        severity: 'warning',
        title: `${alert.domain}: DMARC pass rate ${rate}, below ${pct(alert.threshold)}`,
        summary: `From ${window(alert.window)}, ${rate} of ${plural(alert.current.messages, 'message')} passed DMARC; the alert threshold is ${pct(alert.threshold)}.`,
        facts: [
          { label: 'Pass rate', value: rate },
          { label: 'Threshold', value: pct(alert.threshold) },
          { label: 'Messages', value: formatCount(alert.current.messages) },
          { label: 'Window', value: window(alert.window) },
        ],
      };
    }
    case 'pass_rate_dropped': {
      const rate = formatRate(alert.current.dmarcPass, alert.current.messages);
      const before = formatRate(alert.previous.dmarcPass, alert.previous.messages);
      const trend = formatTrend(alert.current, alert.previous);
      return {
        severity: 'warning',
        title: `${alert.domain}: DMARC pass rate dropped to ${rate} (${trend})`,
        summary: `From ${window(alert.window)}, ${rate} of ${plural(alert.current.messages, 'message')} passed DMARC, down from ${before} in the period before (the rule fires at ${alert.dropPoints} points).`,
        facts: [
          { label: 'Pass rate', value: rate },
          { label: 'Before', value: before },
          { label: 'Change', value: trend },
          { label: 'Messages', value: formatCount(alert.current.messages) },
          { label: 'Window', value: window(alert.window) },
        ],
      };
    }
    case 'dns_record_changed': {
      const what = alert.record === 'dmarc' ? 'DMARC' : 'SPF';
      const change = alert.before === null ? 'published' : alert.after === null ? 'removed' : 'changed';
      return {
        severity: change === 'removed' ? 'critical' : 'warning',
        title: `${alert.domain}: ${what} record ${change}`,
        summary: `The ${what} record at ${alert.name} was ${change} (seen ${formatUtc(alert.occurredAt)}). If nobody on your team made this change, check your DNS.`,
        facts: [
          { label: 'Name', value: alert.name },
          { label: 'Before', value: alert.before ?? '(none)' },
          { label: 'After', value: alert.after ?? '(none)' },
        ],
      };
    }
    case 'ingest_failures':
      return {
        severity: 'warning',
        title: `${plural(alert.failures, 'report')} failed to import`,
        summary: `Since ${formatUtc(alert.since)}, ${plural(alert.failures, 'file')} could not be imported. They are kept and can be re-processed after a fix.`,
        // File names are the point here: a value wraps, a label would be cut.
        facts: alert.examples.map((e, i) => ({ label: `File ${i + 1}`, value: `${e.name}: ${e.error}` })),
      };
    case 'no_reports':
      return {
        severity: 'warning',
        title: `${alert.domain}: no DMARC reports for ${plural(alert.days, 'day')}`,
        summary: `No aggregate report for ${alert.domain} arrived in ${plural(alert.days, 'day')}. ${alert.lastReportAt ? `The last one arrived ${formatUtc(alert.lastReportAt)}.` : 'None has ever arrived.'} Check the rua= address of its DMARC record and the mailbox DMARC Atlas reads.`,
        facts: [
          { label: 'Days without reports', value: formatCount(alert.days) },
          { label: 'Last report', value: alert.lastReportAt ? formatUtc(alert.lastReportAt) : 'never' },
        ],
      };
    case 'reporter_stopped':
      return {
        severity: 'info',
        title: `${alert.domain}: ${alert.reporter} stopped sending reports`,
        summary: `${alert.reporter} used to report about ${plural(alert.weeklyMessages, 'message')} a week for ${alert.domain}; its last report arrived ${formatUtc(alert.lastReportAt)}.`,
        facts: [
          { label: 'Reporter', value: alert.reporter },
          { label: 'Last report', value: formatUtc(alert.lastReportAt) },
          { label: 'Messages per week before', value: formatCount(alert.weeklyMessages) },
        ],
      };
    case 'ip_blocklisted':
      return {
        severity: 'critical',
        title: `${alert.ip} is listed on ${alert.list}`,
        summary: `${alert.source ? `${alert.source} (${alert.ip})` : alert.ip}${alert.domain ? `, which sends as ${alert.domain},` : ''} is on the blocklist ${alert.list} since ${formatUtc(alert.listedSince)}. Receivers using it may refuse its mail.`,
        facts: [
          { label: 'IP address', value: alert.ip },
          { label: 'Blocklist', value: alert.list },
          ...(alert.source ? [{ label: 'Source', value: alert.source }] : []),
          { label: 'Listed since', value: formatUtc(alert.listedSince) },
        ],
      };
  }
}

export function describeAlert(alert: TAlert): TAlertDescription {
  const b = body(alert);
  const domain = 'domain' in alert ? alert.domain : null;
  return {
    kind: alert.kind,
    severity: alert.severity ?? b.severity,
    domain,
    title: b.title,
    summary: b.summary,
    facts: b.facts,
    path: alert.path ?? (domain ? domainPath(domain) : '/'),
  };
}
