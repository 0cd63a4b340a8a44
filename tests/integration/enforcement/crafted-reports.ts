// Crafted aggregate reports for the enforcement tests: a handful of senders with known
// outcomes, reported by Google, Microsoft and Yahoo over several weeks.

export interface TCraftedRecord {
  ip: string;
  count: number;
  /** policy_evaluated results: DMARC passes when either is "pass". */
  dkim: 'pass' | 'fail';
  spf: 'pass' | 'fail';
  headerFrom?: string;
  dkimDomain?: string;
  dkimResult?: 'pass' | 'fail';
  spfDomain: string;
  spfResult: 'pass' | 'fail' | 'softfail';
  reason?: string;
}

export interface TCraftedReport {
  org: string;
  email: string;
  id: string;
  /** Unix seconds. */
  begin: number;
  end: number;
  domain: string;
  policy: { p: string; sp?: string; pct?: number };
  records: TCraftedRecord[];
}

export function craftedXml(r: TCraftedReport): Buffer {
  const records = r.records.map((x) => {
    const reason = x.reason ? `<reason><type>${x.reason}</type></reason>` : '';
    const dkim = x.dkimDomain ? `<dkim><domain>${x.dkimDomain}</domain><selector>s1</selector><result>${x.dkimResult ?? 'pass'}</result></dkim>` : '';
    return (
      `<record><row><source_ip>${x.ip}</source_ip><count>${x.count}</count><policy_evaluated><disposition>none</disposition>` +
      `<dkim>${x.dkim}</dkim><spf>${x.spf}</spf>${reason}</policy_evaluated></row>` +
      `<identifiers><header_from>${x.headerFrom ?? r.domain}</header_from></identifiers>` +
      `<auth_results>${dkim}<spf><domain>${x.spfDomain}</domain><scope>mfrom</scope><result>${x.spfResult}</result></spf></auth_results></record>`
    );
  });
  const sp = r.policy.sp ? `<sp>${r.policy.sp}</sp>` : '';
  return Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?>\n<feedback><version>1.0</version>` +
      `<report_metadata><org_name>${r.org}</org_name><email>${r.email}</email><report_id>${r.id}</report_id>` +
      `<date_range><begin>${r.begin}</begin><end>${r.end}</end></date_range></report_metadata>` +
      `<policy_published><domain>${r.domain}</domain><adkim>r</adkim><aspf>r</aspf><p>${r.policy.p}</p>${sp}<pct>${r.policy.pct ?? 100}</pct></policy_published>\n` +
      `${records.join('\n')}\n</feedback>\n`,
    'utf8',
  );
}

export const DAY_S = 86_400;
const REPORTERS = [
  { org: 'google.com', email: 'noreply-dmarc-support@google.com', every: 1 },
  { org: 'Outlook.com', email: 'dmarcreport@microsoft.com', every: 2 },
  { org: 'Yahoo', email: 'dmarchelp@yahooinc.com', every: 3 },
];

/** The senders of `domain`, with counts varying by day so that no two days are alike. */
export function dayRecords(domain: string, n: number): TCraftedRecord[] {
  const v = n % 3;
  return [
    // The domain's own server: aligned DKIM and SPF.
    { ip: '198.51.100.10', count: 100 + 2 * v, dkim: 'pass', spf: 'pass', dkimDomain: domain, spfDomain: domain, spfResult: 'pass' },
    // A server someone set up with SPF only, which fails for part of its mail.
    { ip: '203.0.113.5', count: 6, dkim: 'fail', spf: 'pass', spfDomain: domain, spfResult: 'pass' },
    { ip: '203.0.113.5', count: 4 + v, dkim: 'fail', spf: 'fail', spfDomain: domain, spfResult: 'softfail' },
    // A spoofer, as the domain and as a subdomain.
    { ip: '192.0.2.77', count: 3 + v, dkim: 'fail', spf: 'fail', spfDomain: domain, spfResult: 'fail' },
    { ip: '192.0.2.77', count: 2, dkim: 'fail', spf: 'fail', headerFrom: `news.${domain}`, spfDomain: `news.${domain}`, spfResult: 'fail' },
    // A forwarder: the domain's DKIM survives, SPF is the forwarder's; a few broken ones.
    { ip: '100.64.7.1', count: 4, dkim: 'pass', spf: 'fail', dkimDomain: domain, spfDomain: 'fwd.example.net', spfResult: 'pass' },
    { ip: '100.64.7.1', count: 2, dkim: 'fail', spf: 'fail', dkimDomain: domain, dkimResult: 'fail', spfDomain: 'fwd.example.net', spfResult: 'pass', reason: 'forwarded' },
  ];
}

/** One-day reports (00:00 to the next 00:00) from `firstDay` for `days` days. */
export function craftedReports(domain: string, firstDay: number, days: number, policy: TCraftedReport['policy'] = { p: 'none' }): TCraftedReport[] {
  const reports: TCraftedReport[] = [];
  for (let n = 0; n < days; n += 1) {
    for (const r of REPORTERS) {
      if (n % r.every !== 0) continue;
      const begin = firstDay + n * DAY_S;
      reports.push({ org: r.org, email: r.email, id: `${r.org}-${domain}-${n}`, begin, end: begin + DAY_S, domain, policy, records: dayRecords(domain, n) });
    }
  }
  return reports;
}
