import { z } from 'zod';
import { UsageError, parseFlags } from '../args';
import { withDatabase } from '../with-database';
import { dayWindow, type TDayWindow } from '@/lib/platform/dates';
import { buildSenderMap, decideSource, enrichDomainOffline, loadEnrichmentConfig, refreshDomainDns, resolveDueAddresses, senderMapJson, type TSenderMap, VERDICT_LABELS, ZSourceKey } from '@/lib/sources';
import { createResolver } from '@/lib/platform/dns';
import { operatorScope } from '@/lib/access';
import { findDomainInScope } from '@/lib/queries';

const USAGE = `Usage: atlas sources DOMAIN [--json] [--days N | --from YYYY-MM-DD --to YYYY-MM-DD] [--resolve]
       atlas sources DOMAIN --approve KEY [--label NAME] [--note TEXT]
       atlas sources DOMAIN --reject KEY [--note TEXT]
       atlas sources DOMAIN --clear KEY

Lists who sends mail as DOMAIN: sources grouped by service (else PTR domain, network, prefix),
with type, verdict, volume, aligned SPF/DKIM and DMARC pass rates, and fix advice.

  --json      one JSON object: {domain, from, to, spf, totals, sources: [...]}
  --days N    window of N days up to today (default 30); --to is exclusive
  --resolve   look up reverse DNS, SPF and DKIM selectors for the domain now (else the worker does)
  --approve / --reject / --clear KEY   record a decision on a source (audited as "cli")`;

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const ZFlags = z.object({
  json: z.boolean().optional(),
  days: z.coerce.number().int().min(1).max(3660).optional(),
  from: ZDay.optional(),
  to: ZDay.optional(),
  resolve: z.boolean().optional(),
  approve: ZSourceKey.optional(),
  reject: ZSourceKey.optional(),
  clear: ZSourceKey.optional(),
  label: z.string().min(1).max(120).optional(),
  note: z.string().min(1).max(1000).optional(),
  help: z.boolean().optional(),
});

function window(flags: z.infer<typeof ZFlags>): TDayWindow {
  if (flags.from && flags.to && flags.from >= flags.to) throw new UsageError('--from must be before --to');
  return dayWindow({ from: flags.from, to: flags.to, days: flags.days });
}

function table(map: TSenderMap): string {
  const pctText = (p: number, w: number) => (w > 0 ? `${((p / w) * 100).toFixed(1)}%` : '-');
  const header = ['SOURCE', 'TYPE', 'VERDICT', 'MESSAGES', 'DMARC', 'SPF AL', 'DKIM AL', 'IPS', 'LAST SEEN'];
  const rows = map.sources.map((s) => [
    s.label.slice(0, 40), s.type ?? '', VERDICT_LABELS[s.verdict.verdict], String(s.messages), pctText(s.dmarcPass, s.messages),
    pctText(s.spfAligned, s.messages), pctText(s.dkimAligned, s.messages), String(s.addresses), s.lastDay,
  ]);
  if (rows.length === 0) return `No mail seen for ${map.domain.name} in this period.\n`;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `${cells.map((c, i) => (i >= 3 && i <= 7 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()}\n`;
  let out = line(header) + rows.map(line).join('');
  const fixes = map.sources.filter((s) => s.verdict.verdict === 'authorised_failing' && s.advice.length);
  if (fixes.length) out += `\nFix:\n${fixes.map((s) => `  ${s.label}: ${s.advice.join(' ')}\n`).join('')}`;
  if (map.totals.pendingAddresses) out += `\n${map.totals.pendingAddresses} address(es) still wait for reverse DNS (the worker resolves them; or --resolve).\n`;
  return out;
}

/** `atlas sources DOMAIN`: the sender map of a domain, or a decision on one of its sources. */
export async function sourcesCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags(
    argv,
    {
      json: { type: 'boolean' }, days: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, resolve: { type: 'boolean' },
      approve: { type: 'string' }, reject: { type: 'string' }, clear: { type: 'string' }, label: { type: 'string' }, note: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    ZFlags,
  );
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one DOMAIN\n\n${USAGE}`);
  const decisions = [flags.approve && 'approved', flags.reject && 'rejected', flags.clear && 'cleared'].filter(Boolean);
  if (decisions.length > 1) throw new UsageError('use one of --approve, --reject, --clear');
  const span = window(flags);

  return withDatabase(async () => {
    const scope = await operatorScope();
    const domain = await findDomainInScope(scope, positionals[0]);
    if (!domain) {
      process.stderr.write(`atlas sources: no domain "${positionals[0]}" (add it with atlas domain add)\n`);
      return 1;
    }
    const key = flags.approve ?? flags.reject ?? flags.clear;
    if (key) {
      const decision = decisions[0] as 'approved' | 'rejected' | 'cleared';
      await decideSource({ domainId: domain.id, sourceKey: key, decision, label: flags.label, note: flags.note }, { userId: null, label: 'cli', organizationId: domain.organizationId });
      process.stderr.write(`${domain.name}: source ${key} ${decision}\n`);
      return 0;
    }
    await enrichDomainOffline(domain.id, span.start);
    if (flags.resolve) {
      const config = loadEnrichmentConfig();
      const resolver = createResolver(config);
      await refreshDomainDns(resolver, config, { domainIds: [domain.id] });
      await resolveDueAddresses(resolver, config, Date.now() + 60_000);
    }
    const map = await buildSenderMap(scope, domain, span);
    process.stdout.write(flags.json ? `${JSON.stringify(senderMapJson(map), null, 2)}\n` : table(map));
    return 0;
  });
}
