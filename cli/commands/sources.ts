import { z } from 'zod';
import { UsageError, parseFlags } from '../args';
import { withDatabase } from '../with-database';
import { formatDay } from '@/lib/platform/dates/day-window';
import { prisma } from '@/lib/platform/db/prisma';
import { loadEnrichmentConfig } from '@/lib/sources/enrichment/config';
import { refreshDomainDns } from '@/lib/sources/enrichment/refresh-domain-dns';
import { createResolver } from '@/lib/platform/dns/resolver';
import { enrichDomainOffline, resolveDueAddresses } from '@/lib/sources/enrichment/run-enrichment';
import { buildSenderMap, type TSenderMap } from '@/lib/sources/build-sender-map';
import { decideSource, ZSourceKey } from '@/lib/sources/decide-source';
import { VERDICT_LABELS } from '@/lib/sources/verdicts/decide-verdict';

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

const DAY_MS = 86_400_000;

function window(flags: z.infer<typeof ZFlags>): { start: Date; end: Date } {
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate());
  const end = flags.to ? new Date(`${flags.to}T00:00:00Z`) : new Date(today + DAY_MS);
  const start = flags.from ? new Date(`${flags.from}T00:00:00Z`) : new Date(end.getTime() - (flags.days ?? 30) * DAY_MS);
  if (!(start < end)) throw new UsageError('--from must be before --to');
  return { start, end };
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

function toJson(map: TSenderMap) {
  return {
    domain: map.domain.name,
    from: formatDay(map.window.start),
    to: formatDay(map.window.end),
    spf: { status: map.spf.status, record: map.spf.record, lookups: map.spf.lookups, includes: map.spf.includes, checked_at: map.spf.checkedAt?.toISOString() ?? null },
    totals: {
      sources: map.sources.length,
      messages: map.totals.messages,
      named_messages: map.totals.namedMessages,
      named_share: rate(map.totals.namedMessages, map.totals.messages),
      pending_addresses: map.totals.pendingAddresses,
      by_verdict: map.totals.byVerdict,
    },
    sources: map.sources.map((s) => ({
      key: s.key,
      label: s.label,
      service: s.serviceName,
      service_id: s.serviceId,
      type: s.type,
      type_guessed: s.typeGuessed,
      matched_by: s.matchedBy,
      verdict: s.verdict.verdict,
      authorised_by: s.verdict.authorisedBy,
      reasons: s.verdict.reasons,
      messages: s.messages,
      dmarc_pass: s.dmarcPass,
      dkim_aligned: s.dkimAligned,
      spf_aligned: s.spfAligned,
      dmarc_pass_rate: rate(s.dmarcPass, s.messages),
      dkim_aligned_rate: rate(s.dkimAligned, s.messages),
      spf_aligned_rate: rate(s.spfAligned, s.messages),
      forwarded_fail: s.forwardedFail,
      addresses: s.addresses,
      reporters: s.reporters,
      first_seen: s.firstDay,
      last_seen: s.lastDay,
      ptr_domain: s.ptrBaseDomain,
      asn: s.asn,
      as_name: s.asName,
      country: s.country,
      dkim_domains: s.dkimDomains,
      spf_domains: s.spfDomains,
      decision: s.decision ? { decision: s.decision.decision, label: s.decision.label, by: s.decision.by, at: s.decision.at.toISOString() } : null,
      advice: s.advice,
    })),
  };
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
  const name = positionals[0].trim().toLowerCase().replace(/\.$/, '');

  return withDatabase(async () => {
    const domain = await prisma().domain.findUnique({ where: { name }, select: { id: true, name: true, organizationId: true } });
    if (!domain) {
      process.stderr.write(`atlas sources: no domain "${name}" (add it with atlas domain add)\n`);
      return 1;
    }
    const key = flags.approve ?? flags.reject ?? flags.clear;
    if (key) {
      const decision = decisions[0] as 'approved' | 'rejected' | 'cleared';
      await decideSource({ domainId: domain.id, sourceKey: key, decision, label: flags.label, note: flags.note }, { userId: null, label: 'cli', organizationId: domain.organizationId });
      process.stderr.write(`${name}: source ${key} ${decision}\n`);
      return 0;
    }
    await enrichDomainOffline(domain.id, span.start);
    if (flags.resolve) {
      const config = loadEnrichmentConfig();
      const resolver = createResolver(config);
      await refreshDomainDns(resolver, config, { domainIds: [domain.id] });
      await resolveDueAddresses(resolver, config, Date.now() + 60_000);
    }
    const map = await buildSenderMap({ domainIds: [domain.id] }, domain, span);
    process.stdout.write(flags.json ? `${JSON.stringify(toJson(map), null, 2)}\n` : table(map));
    return 0;
  });
}
