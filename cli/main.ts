import { UsageError } from './args';

type Command = { summary: string; run: (argv: string[]) => Promise<number> };

// Commands load lazily so that `atlas parse` starts fast and never touches a database.
const commands: Record<string, Command> = {
  start: { summary: 'web app + worker (embedded Postgres and demo data when DATABASE_URL is unset)', run: async (a) => (await import('./commands/start')).startCommand(a) },
  web: { summary: 'the web app alone (--port, --host, --dev); what `atlas start` runs as its web process', run: async (a) => (await import('./commands/web')).webCommand(a) },
  worker: { summary: 'IMAP poller and scheduled jobs', run: async (a) => (await import('./commands/worker')).workerCommand(a) },
  migrate: { summary: 'apply database migrations (--create NAME: author one from schema.prisma)', run: async (a) => (await import('./commands/migrate')).migrateCommand(a) },
  'seed-demo': { summary: 'ingest generated demo reports for the demo organisation', run: async (a) => (await import('./commands/seed-demo')).seedDemoCommand(a) },
  stats: { summary: 'counts: reports, records, messages, failed, set_aside (--json)', run: async (a) => (await import('./commands/stats')).statsCommand(a) },
  ingest: { summary: 'ingest report files, folders (recursive) and mbox files; progress and a summary (--json)', run: async (a) => (await import('./commands/ingest')).ingestCommand(a) },
  reprocess: { summary: 're-run failed inputs (--failed) or re-parse every stored report (--all)', run: async (a) => (await import('./commands/reprocess')).reprocessCommand(a) },
  org: { summary: 'org create NAME', run: async (a) => (await import('./commands/org')).orgCommand(a) },
  domain: { summary: 'domain add DOMAIN --org NAME: claim a domain, attach its set-aside reports', run: async (a) => (await import('./commands/domain')).domainCommand(a) },
  bench: { summary: 'ingest benchmark: parse, large and small reports, raw COPY, ratios (--json, --quick)', run: async (a) => (await import('./commands/bench')).benchCommand(a) },
  sources: { summary: 'sender map of a domain: services, verdicts, pass rates, fix advice (--json; --approve/--reject KEY)', run: async (a) => (await import('./commands/sources')).sourcesCommand(a) },
  user: { summary: 'user create --email E --password P --org NAME [--role owner|admin|viewer]', run: async (a) => (await import('./commands/user')).userCommand(a) },
  token: { summary: 'token create --org NAME [--scope read|ingest] [--name N]: prints a new API token', run: async (a) => (await import('./commands/token')).tokenCommand(a) },
  dns: { summary: 'dns check DOMAIN [--selector S ...] [--json]: live DMARC, SPF and DKIM checks with fixes', run: async (a) => (await import('./commands/dns')).dnsCommand(a) },
  enforce: { summary: 'enforce DOMAIN [--as-of DAY] [--json]: next stage towards p=reject, its gates, impact preview and TXT record', run: async (a) => (await import('./commands/enforce')).enforceCommand(a) },
  digest: { summary: 'digest preview --user EMAIL | digest send [--user EMAIL]: the weekly digest (--as-of YYYY-MM-DD)', run: async (a) => (await import('./commands/digest')).digestCommand(a) },
  parse: { summary: 'parse report files without a database (--json)', run: async (a) => (await import('./commands/parse')).parseCommand(a) },
  diagnose: { summary: 'diagnose a bounce (.eml or pasted NDR text, - for stdin) without a database: cause, codes, fixes (--json)', run: async (a) => (await import('./commands/diagnose')).diagnoseCommand(a) },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: atlas <command> [options]\n\nCommands:\n${lines.join('\n')}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`atlas: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      // Commands without a usage text of their own answer --help with their summary.
      if (rest.includes('--help') || rest.includes('-h')) {
        process.stdout.write(`atlas ${name}: ${command.summary}\n`);
        return 0;
      }
      process.stderr.write(`atlas ${name}: ${error.message}\n(atlas ${name}: ${command.summary})\n`);
      return 2;
    }
    process.stderr.write(`atlas ${name}: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
