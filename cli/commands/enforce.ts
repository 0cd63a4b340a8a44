import { z } from 'zod';
import { operatorScope } from '@/lib/access';
import { checkDomainDns } from '@/lib/dns';
import { enforcementJson, evaluateEnforcement, formatShare, stageExplanation, stageLabel, type TEnforcement } from '@/lib/enforcement';
import { formatDay } from '@/lib/platform/dates';
import { findDomainInScope, listReportSelectors } from '@/lib/queries';
import { COMMON_DKIM_SELECTORS, VERDICT_LABELS } from '@/lib/sources';
import { UsageError, parseFlags } from '../args';
import { withDatabase } from '../with-database';

const USAGE = `Usage: atlas enforce DOMAIN [--as-of YYYY-MM-DD] [--json]

Where DOMAIN stands on the path to p=reject: the record published now (looked up live), the
next stage and the exact TXT record for it, the readiness gates (last 14 days by default) and
the impact preview (last 30 days): which sources and how many messages the next stage would
have quarantined or rejected. Thresholds: the organisation's (Settings › Enforcement).

  --as-of DAY  count the windows up to DAY (UTC) instead of today
  --json       {domain, published: {record, p, sp, np, pct, t}, stage: {current, next},
               gates: [{id, label, met, value, threshold}], impact: {from, to, stage, failing,
               messages, by_verdict, sources: [{key, label, verdict, messages}]}, record}`;

const ZFlags = z.object({
  'as-of': z.iso.date('expected YYYY-MM-DD').optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});

const share = (v: number | null) => (v === null ? '-' : formatShare(v));
const SHARE_GATES = new Set(['dmarc_pass', 'failing_sources', 'dkim_aligned']);

function summary(e: TEnforcement): string {
  const pct = e.settings.testingPct;
  const lines = [e.domain.name, '', `Published  ${e.published.record ?? '(no DMARC record)'}${e.published.inherited ? ' (inherited)' : ''}`, `Stage      ${stageLabel(e.stage.current, pct)}`];
  if (!e.stage.next) {
    lines.push('', 'Fully enforced: nothing left to do but keep the gates holding.');
  } else {
    lines.push(`Next       ${stageLabel(e.stage.next, pct)}`, `           ${stageExplanation(e.stage.next, pct)}`);
    lines.push('', `Gates (${formatDay(e.gateWindow.start)} to ${formatDay(e.gateWindow.end)}, end exclusive): ${e.gatesHold ? 'all hold' : 'not all hold'}`);
    for (const g of e.gates) {
      const value = SHARE_GATES.has(g.id) ? share(g.value) : String(g.value ?? '-');
      lines.push(`  ${g.met ? 'MET    ' : 'NOT MET'} ${g.label}: ${value}`, `          ${g.detail}`);
    }
  }
  const i = e.impact;
  lines.push('', `Impact of ${e.impactStage ? stageLabel(e.impactStage, pct) : '-'} on ${formatDay(e.impactWindow.start)} to ${formatDay(e.impactWindow.end)}: ${i.messages} of ${i.failing} failing message(s) quarantined or rejected`);
  for (const [v, n] of Object.entries(i.byVerdict)) if (n) lines.push(`  ${VERDICT_LABELS[v as keyof typeof VERDICT_LABELS].padEnd(30)} ${n}`);
  for (const s of i.sources.slice(0, 15)) lines.push(`    ${s.label.slice(0, 40).padEnd(40)} ${String(s.messages).padStart(9)}  ${VERDICT_LABELS[s.verdict]}`);
  if (e.record) {
    lines.push('', `Publish    ${e.record.name} TXT "${e.record.value}"`);
    if (e.record.ruaMissing) lines.push('           (no report address: set ATLAS_RUA_ADDRESS to the mailbox Atlas reads, e.g. ATLAS_RUA_ADDRESS=dmarc@reports.example.com)');
  }
  return `${lines.join('\n')}\n`;
}

/** `atlas enforce DOMAIN`: the enforcement wizard on the command line. */
export async function enforceCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags(argv, { 'as-of': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, ZFlags);
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one DOMAIN\n\n${USAGE}`);
  const asOf = flags['as-of'] ? new Date(`${flags['as-of']}T00:00:00Z`) : undefined;
  return withDatabase(async () => {
    const scope = await operatorScope();
    const domain = await findDomainInScope(scope, positionals[0]);
    if (!domain) {
      process.stderr.write(`atlas enforce: no domain "${positionals[0]}" (add it with atlas domain add)\n`);
      return 1;
    }
    const reportSelectors = await listReportSelectors(scope, domain.name);
    const check = await checkDomainDns(domain.name, { reportSelectors, commonSelectors: COMMON_DKIM_SELECTORS });
    const e = await evaluateEnforcement({ scope, domain, dns: { check, checkedAt: new Date() }, asOf });
    process.stdout.write(flags.json ? `${JSON.stringify(enforcementJson(e), null, 2)}\n` : summary(e));
    return 0;
  });
}
