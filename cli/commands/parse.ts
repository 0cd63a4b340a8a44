import { stat } from 'node:fs/promises';
import { fileSourceOfSize } from '../../lib/ingest/containers/byte-source';
import { IngestError } from '../../lib/ingest/errors';
import { LimitError, loadLimits, type Limits } from '../../lib/ingest/limits';
import { isParseError, parseFile, type ParseFileResult } from '../../lib/ingest/parse-file';
import { stringifyWithBigInt } from '../../lib/ingest/parse/summary';

const USAGE = `Usage: atlas parse FILE... [--json]

Unwraps and parses DMARC aggregate reports (.xml, .xml.gz, .zip, .eml, mbox) without a
database and prints one line per report found, or why a file was rejected.

  --json   print a JSON array: {file, org_name, report_id, begin, end, domain, p, sp, pct,
           records, messages, dmarc_pass, dkim_aligned_pass, spf_aligned_pass, source_ips,
           namespace, version} per report, {file, error, code} per rejected file or part

Exit code: 0 when every file parsed, 1 when any was rejected, 2 on a usage error.`;

/** `atlas parse FILE… [--json]`: returns the exit code; never touches a database. */
export async function parseCommand(argv: string[]): Promise<number> {
  const files: string[] = [];
  let json = false;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('-') && arg !== '-') {
      process.stderr.write(`atlas parse: unknown option ${arg}\n\n${USAGE}\n`);
      return 2;
    } else files.push(arg);
  }
  if (files.length === 0) {
    process.stderr.write(`atlas parse: no file given\n\n${USAGE}\n`);
    return 2;
  }
  let limits: Limits;
  try {
    limits = loadLimits();
  } catch (err) {
    process.stderr.write(`atlas parse: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }

  const results: ParseFileResult[] = [];
  for (const file of files) results.push(...(await parseOne(file, limits)));
  process.stdout.write(json ? `${stringifyWithBigInt(results, 2)}\n` : table(results));
  return results.some(isParseError) ? 1 : 0;
}

async function parseOne(file: string, limits: Limits): Promise<ParseFileResult[]> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) throw new IngestError('input.directory', `${file} is a directory; use atlas ingest for folders.`);
    // Refuse before reading, so a huge file is not loaded only to be rejected.
    if (info.size > limits.maxFileBytes) {
      throw new LimitError('maxFileBytes', limits.maxFileBytes, `${file} is ${info.size} bytes`);
    }
    // Read from disk as needed (never whole): memory stays flat for any file and any limits.
    return await parseFile(fileSourceOfSize(file, info.size), file, limits);
  } catch (err) {
    const code = err instanceof IngestError ? err.code : ((err as { code?: string }).code ?? 'input.unreadable');
    const message = err instanceof Error ? err.message : String(err);
    return [{ file, error: message, code }];
  }
}

function table(results: ParseFileResult[]): string {
  const header = ['FILE', 'REPORTER', 'REPORT ID', 'BEGIN (UTC)', 'DOMAIN', 'P', 'RECORDS', 'MESSAGES', 'DMARC PASS'];
  const rows: string[][] = [];
  const errors: string[] = [];
  for (const r of results) {
    if (isParseError(r)) {
      errors.push(`${r.file}: ${r.error}`);
      continue;
    }
    const messages = BigInt(r.messages);
    const pass = messages === 0n ? '-' : `${(Number((BigInt(r.dmarc_pass) * 1000n) / messages) / 10).toFixed(1)}%`;
    rows.push([
      r.file, r.org_name ?? '', r.report_id, new Date(r.begin * 1000).toISOString().slice(0, 16).replace('T', ' '),
      r.domain, r.p ?? '', String(r.records), String(r.messages), pass,
    ]);
  }
  let out = '';
  if (rows.length > 0) {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => `${cells.map((c, i) => (i >= 6 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd()}\n`;
    out += line(header) + rows.map(line).join('');
  }
  if (errors.length > 0) out += `${rows.length > 0 ? '\n' : ''}Rejected:\n${errors.map((e) => `  ${e}\n`).join('')}`;
  return out || 'No report found.\n';
}
