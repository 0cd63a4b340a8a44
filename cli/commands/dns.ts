import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { loadEnv } from '@/lib/platform/env';
import { checkDomainDns, normaliseCheckDomain, sortFindings, ZSelector, type TDnsCheck } from '@/lib/dns';
import { operatorScope } from '@/lib/access';
import { listReportSelectors } from '@/lib/queries';
import { COMMON_DKIM_SELECTORS } from '@/lib/sources';
import { UsageError, parseFlags } from '../args';
import { withDatabase } from '../with-database';

const USAGE = `Usage: atlas dns check DOMAIN [--selector S ...] [--no-common] [--no-reports] [--json]

Looks up the DMARC, SPF and DKIM records of DOMAIN now and lists what is wrong, with fixes.
DNS servers: ATLAS_DNS_SERVERS (else the system's). Codes: docs/dns-checks.md.

  --selector S   a DKIM selector to check (repeatable); a missing key is an error
  --no-common    do not probe the common selectors of known services
  --no-reports   do not read the selectors seen in stored reports (read when a database is
                 available: DATABASE_URL, or the embedded one under ATLAS_DATA_DIR)
  --json         {domain, dmarc: {record, tags, ..., findings}, spf: {record, lookups,
                 void_lookups, tree, findings}, dkim: [{selector, ..., findings}], findings}

Exit code 0 when the check ran (whatever it found), 2 on a usage error.`;

const ZFlags = z.object({
  selector: z.array(ZSelector).max(30).optional(),
  json: z.boolean().optional(),
  'no-common': z.boolean().optional(),
  'no-reports': z.boolean().optional(),
  help: z.boolean().optional(),
});

/** A database is there to read: configured, or an embedded data directory exists. */
function databaseAvailable(): boolean {
  const env = loadEnv();
  return Boolean(env.DATABASE_URL) || existsSync(path.join(env.ATLAS_DATA_DIR, 'pg', 'PG_VERSION'));
}

async function reportSelectors(domain: string): Promise<string[]> {
  if (!databaseAvailable()) return [];
  try {
    return await withDatabase(async () => listReportSelectors(await operatorScope(), domain), { migrate: false });
  } catch (error) {
    process.stderr.write(`atlas dns: selectors from reports not read (${(error as Error).message.split('\n')[0]}); checking without them\n`);
    return [];
  }
}

const LABEL = { error: 'ERROR  ', warning: 'WARNING', info: 'NOTE   ' } as const;

function summary(r: TDnsCheck): string {
  const lines: string[] = [r.domain, ''];
  const d = r.dmarc;
  lines.push(`DMARC  ${d.record ?? '(none)'}`);
  if (d.inherited) lines.push(`       inherited from ${d.policy_domain}`);
  lines.push(`       organisational domain: ${d.organizational_domain.tree_walk ?? '?'} (DNS tree walk), ${d.organizational_domain.psl ?? '?'} (Public Suffix List)`);
  lines.push('', `SPF    ${r.spf.record ?? '(none)'}`, `       ${r.spf.lookups} DNS lookup(s) of 10, ${r.spf.void_lookups} void of 2`);
  for (const t of r.spf.tree.terms.filter((t) => t.cost > 0)) lines.push(`         ${t.term.padEnd(40)} ${t.cost}`);
  lines.push('');
  if (!r.dkim.length) lines.push('DKIM   no key found');
  for (const k of r.dkim) {
    const key = k.key_type ? `${k.key_type}${k.key_type === 'rsa' ? ` ${k.key_bits}` : ''}` : '';
    lines.push(`DKIM   ${k.selector.padEnd(14)} ${k.status}${key ? ` ${key}` : ''}${k.cname.length ? ` (CNAME → ${k.cname.at(-1)})` : ''}${k.testing ? ' t=y' : ''}`);
  }
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  lines.push('', `Findings: ${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`);
  for (const f of sortFindings(r.findings)) {
    lines.push(`  ${LABEL[f.severity]} ${f.code}: ${f.message}`);
    if (f.fix) lines.push(`          fix: ${f.fix}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `atlas dns check DOMAIN`: live DMARC, SPF and DKIM checks. */
export async function dnsCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (sub !== 'check') throw new UsageError(`expected "check"\n\n${USAGE}`);
  const { flags, positionals } = parseFlags(
    rest,
    { selector: { type: 'string', multiple: true }, json: { type: 'boolean' }, 'no-common': { type: 'boolean' }, 'no-reports': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    ZFlags,
  );
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one DOMAIN\n\n${USAGE}`);
  let domain: string;
  try {
    domain = normaliseCheckDomain(positionals[0]);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const fromReports = flags['no-reports'] ? [] : await reportSelectors(domain);
  const result = await checkDomainDns(domain, { selectors: flags.selector, reportSelectors: fromReports, commonSelectors: flags['no-common'] ? [] : COMMON_DKIM_SELECTORS });
  process.stdout.write(flags.json ? `${JSON.stringify(result, null, 2)}\n` : summary(result));
  return 0;
}
