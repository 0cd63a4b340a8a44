import { VERDICT_LABELS } from '@/lib/sources';
import { formatCount, formatMoment, formatRate, formatWeek } from '@/lib/notify/format';
import { absoluteUrl, domainPath } from '@/lib/notify/links';
import { paragraph, textTable } from '@/lib/notify/text/text-table';
import { domainFigures, isQuietWeek, totalFigures, verdictRows } from './digest-figures';
import type { TDigest, TDomainDigest } from './digest-schema';
import * as say from './digest-sentences';

// The plain-text part: the same figures as the HTML, in aligned columns that read well in a
// terminal (`atlas digest preview`) and in text-only mail clients.

const WIDTH = 76;

export interface TRenderLinks {
  baseUrl: string;
  unsubscribeUrl: string;
}

const para = (text: string, first = '', rest?: string): string[] => paragraph(text, WIDTH, first, rest);

function overview(digest: TDigest): string[] {
  const rows = [...digest.domains.map(domainFigures), totalFigures(digest.domains)].map((f) => [f.domain, f.messages, f.passRate, f.trend, formatCount(f.toFix), f.spoofing]);
  const table = textTable(
    [
      { header: 'Domain', max: 28 },
      { header: 'Messages', align: 'right' },
      { header: 'Pass', align: 'right' },
      { header: 'Trend', align: 'right' },
      { header: 'To fix', align: 'right' },
      { header: 'Spoofed', align: 'right' },
    ],
    rows,
  );
  // A rule above the total row, like the HTML's.
  return ['OVERVIEW', '', ...table.slice(0, -1), table[1], table.at(-1) ?? ''];
}

function activity(d: TDomainDigest): string[] {
  const f = domainFigures(d);
  return [
    ...textTable(
      [{ header: '' }, { header: 'This week', align: 'right' }, { header: 'Week before', align: 'right' }],
      [
        ['Messages', f.messages, d.previous ? formatCount(d.previous.messages) : '—'],
        ['DMARC pass', f.passRate, f.previousRate],
      ],
    ).filter((_, i) => i !== 1),
    `Trend: ${f.trend}`,
    ...para(say.reportsSentence(d)),
    '',
    'Sources by verdict',
    ...textTable(
      [{ header: 'Verdict' }, { header: 'Sources', align: 'right' }, { header: 'Messages', align: 'right' }, { header: 'Share', align: 'right' }],
      verdictRows(d).map((r) => [r.label, r.sources, r.messages, r.share]),
      '  ',
    ),
    '',
  ];
}

function failing(d: TDomainDigest, links: TRenderLinks): string[] {
  if (!d.worstFailing.length) return [];
  const out = ['Worst failing sources'];
  d.worstFailing.forEach((s, i) => {
    out.push(...para(`${s.label}${s.detail ? ` (${s.detail})` : ''}`, `  ${i + 1}. `, '     '));
    out.push(...para(say.sourceFacts(s), '     '));
    for (const item of s.advice) out.push(...para(item, '     - ', '       '));
    if (s.path) out.push(`     ${absoluteUrl(links.baseUrl, s.path)}`);
  });
  return [...out, ''];
}

function newSources(d: TDomainDigest): string[] {
  if (d.newSources.total === 0) return [];
  const rest = d.newSources.total - d.newSources.top.length;
  return [
    `New sources this week: ${formatCount(d.newSources.total)}`,
    ...textTable(
      [{ header: 'Source', max: 30 }, { header: 'Verdict', max: 30 }, { header: 'Messages', align: 'right' }, { header: 'Pass', align: 'right' }],
      d.newSources.top.map((s) => [s.label, VERDICT_LABELS[s.verdict], formatCount(s.messages), formatRate(s.dmarcPass, s.messages)]),
      '  ',
    ),
    ...(rest > 0 ? [`  … and ${formatCount(rest)} more.`] : []),
    '',
  ];
}

function policy(d: TDomainDigest): string[] {
  const out = para(say.policySentence(d), 'Policy: ', '  ');
  if (d.policy.record) out.push(...para(d.policy.record, '  '));
  const step = say.enforcementSentence(d);
  if (step && d.enforcement) {
    out.push('', ...para(step));
    for (const g of d.enforcement.gates) out.push(...para(`${g.label}${g.detail ? `: ${g.detail}` : ''}`, `  [${g.holds ? 'x' : ' '}] `));
    if (d.enforcement.next) out.push('  Record for the next stage:', ...para(d.enforcement.next.record, '    '));
  }
  return out;
}

function domainSection(digest: TDigest, d: TDomainDigest, links: TRenderLinks): string[] {
  const out: string[] = [d.domain, '='.repeat(Math.min(WIDTH, Math.max(3, d.domain.length))), ''];
  if (d.messages === 0) out.push(...para(say.quietDomainSentence(d, digest.user.timeZone)), '');
  else out.push(...activity(d), ...failing(d, links), ...newSources(d), ...para(say.spoofingSentence(d), 'Spoofing: ', '  '), '');
  out.push(...policy(d), '', `Open ${d.domain}: ${absoluteUrl(links.baseUrl, d.path ?? domainPath(d.domain))}`, '');
  return out;
}

export function renderDigestText(digest: TDigest, links: TRenderLinks): string {
  const lines: string[] = [`DMARC Atlas · weekly digest · ${digest.scope}`, `Week of ${formatWeek(digest.week)} (UTC)`, ''];
  const hi = say.greeting(digest);
  if (hi) lines.push(hi, '');
  if (isQuietWeek(digest)) lines.push(...para(say.quietWeekSentence(digest)), '');
  if (digest.domains.length > 1) lines.push(...overview(digest), '');
  for (const d of digest.domains) lines.push('', ...domainSection(digest, d, links));
  lines.push(
    '-- ',
    ...para(say.footerSentence(digest)),
    `Generated ${formatMoment(digest.generatedAt, digest.user.timeZone)}.`,
    `Dashboard: ${absoluteUrl(links.baseUrl, digest.links.dashboard)}`,
    `Notification settings: ${absoluteUrl(links.baseUrl, digest.links.settings)}`,
    `Unsubscribe from this digest: ${links.unsubscribeUrl}`,
  );
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n')}\n`;
}
