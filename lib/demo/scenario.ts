// The demo organisation: three domains at different stages of the road to p=reject, reported
// on by the receivers that send most real reports, over the last 90 days.

export const DEMO_ORG = 'Demo Corp';
export const DEMO_LOGIN = { email: 'demo@example.com', password: 'demo-atlas' } as const;

export interface DemoDomain {
  name: string;
  policy: 'none' | 'quarantine' | 'reject';
  /** Typical records per report from a big reporter; smaller reporters scale it down. */
  records: number;
}

export const DEMO_DOMAINS: DemoDomain[] = [
  { name: 'example.com', policy: 'quarantine', records: 14 },
  { name: 'example.net', policy: 'none', records: 9 },
  { name: 'example.org', policy: 'reject', records: 5 },
];

export interface DemoReporter {
  orgName: string;
  email: string;
  /** Share of days on which this reporter sends a report for a domain. */
  cadence: number;
  scale: number;
  idPrefix: string;
  /** A reporter that went quiet: no reports for this domain over the last `days` days (the reporters page flags it). */
  stopped?: { domain: string; days: number };
}

export const DEMO_REPORTERS: DemoReporter[] = [
  { orgName: 'google.com', email: 'noreply-dmarc-support@google.com', cadence: 1, scale: 1, idPrefix: '' },
  { orgName: 'Outlook.com', email: 'dmarcreport@microsoft.com', cadence: 1, scale: 0.8, idPrefix: 'ms-' },
  { orgName: 'Yahoo', email: 'dmarchelp@yahooinc.com', cadence: 0.9, scale: 0.5, idPrefix: 'yh-', stopped: { domain: 'example.net', days: 8 } },
  { orgName: 'Mail.Ru', email: 'dmarc_support@corp.mail.ru', cadence: 0.5, scale: 0.3, idPrefix: 'mr-' },
  { orgName: 'comcast.net', email: 'dmarc_reports@comcast.net', cadence: 0.4, scale: 0.3, idPrefix: 'cc-' },
];

export const DEMO_DAYS = 90;
