import type { TAlertInput } from '../../../lib/notify';

// One alert of every kind, as the alert rules would raise them.

const at = '2026-05-12T09:30:00Z';
const org = { id: 3, name: 'Acme' };

export const ALERTS: TAlertInput[] = [
  {
    kind: 'new_source',
    id: 'evt-new-source-1',
    occurredAt: at,
    organization: org,
    domain: 'example.com',
    source: { label: 'vps-12.hosting.example', ip: '203.0.113.9', detail: 'AS64500 · NL', verdict: 'unknown', messages: 88, dmarcPass: 0, firstSeen: '2026-05-11T22:00:00Z' },
  },
  { kind: 'pass_rate_below', id: 'evt-below-1', occurredAt: at, domain: 'example.com', window: { from: '2026-05-11', to: '2026-05-12' }, current: { messages: 2_000, dmarcPass: 1_800 }, threshold: 0.95 },
  {
    kind: 'pass_rate_dropped',
    id: 'evt-drop-1',
    occurredAt: at,
    domain: 'example.com',
    window: { from: '2026-05-11', to: '2026-05-12' },
    current: { messages: 2_000, dmarcPass: 1_700 },
    previous: { messages: 1_900, dmarcPass: 1_881 },
    dropPoints: 5,
  },
  {
    kind: 'dns_record_changed',
    id: 'evt-dns-1',
    occurredAt: at,
    domain: 'example.com',
    record: 'spf',
    name: 'example.com',
    before: 'v=spf1 include:_spf.google.com ~all',
    after: 'v=spf1 include:_spf.google.com include:servers.mcsv.net ~all',
  },
  { kind: 'ingest_failures', id: 'evt-ingest-1', occurredAt: at, failures: 3, since: '2026-05-12T08:00:00Z', examples: [{ name: 'google.com!example.com!1715.xml.gz', error: 'gzip: unexpected end of file' }] },
  { kind: 'no_reports', id: 'evt-quiet-1', occurredAt: at, domain: 'example.net', days: 3, lastReportAt: '2026-05-09T00:00:00Z' },
  { kind: 'reporter_stopped', id: 'evt-reporter-1', occurredAt: at, domain: 'example.com', reporter: 'Yahoo', lastReportAt: '2026-05-02T00:00:00Z', weeklyMessages: 1_200 },
  { kind: 'ip_blocklisted', id: 'evt-rbl-1', occurredAt: at, domain: 'example.com', ip: '198.51.100.7', list: 'zen.spamhaus.org', source: 'mail.example.com', listedSince: '2026-05-12T07:00:00Z' },
];

export const alertOf = <K extends TAlertInput['kind']>(kind: K): Extract<TAlertInput, { kind: K }> => {
  const found = ALERTS.find((a) => a.kind === kind);
  if (!found) throw new Error(`no fixture for ${kind}`);
  return found as Extract<TAlertInput, { kind: K }>;
};
