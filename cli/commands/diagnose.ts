import { existsSync } from 'node:fs';
import { stat, readFile } from 'node:fs/promises';
import path from 'node:path';
import { addEvidence, diagnoseBounce, DIAGNOSE_LIMITS, DiagnoseError, type TBounceDiagnosis } from '../../lib/diagnose';
import { loadEnv } from '../../lib/platform/env';
import { withDatabase } from '../with-database';

const USAGE = `Usage: atlas diagnose FILE|- [--json] [--no-evidence]

Diagnoses one bounce: a bounce message (.eml, an mbox entry) or NDR text pasted from a mail
client; "-" reads it from standard input. Prints the cause (category), the rejecting server's
codes and words, and the steps to fix it.

When a database is available (DATABASE_URL, or the embedded one \`npm start\` created under
ATLAS_DATA_DIR), the evidence adds what the stored reports say about the sender's domain: the
source the sending IP belongs to, its verdict, alignment and pass rate over 30 days, the
policy, SPF lookups and DKIM selectors; for ip_reputation and no_reverse_dns, the address's
reverse DNS and blocklist listings. Without one, the bounce alone is diagnosed.

  --json          print one JSON object: {reply_code, status, category, rejected_by, sending_ip,
                  sender, recipient, explanation, fixes, evidence}
  --no-evidence   never open a database (the bounce alone)

Categories: relay_denied, client_not_authenticated, sender_not_authorized, ip_reputation,
no_reverse_dns, dmarc_policy, spf_fail, dkim_fail, authentication_required, content_rejected,
recipient_rejected, sending_restricted, other.

Input is limited to ${DIAGNOSE_LIMITS.maxInputBytes} bytes (maxInputBytes).
Exit code: 0 when diagnosed, 1 when the input cannot be read or is refused, 2 on a usage error.`;

/** DATABASE_URL, or an embedded database that was started before (its port file exists). */
function databaseAvailable(): boolean {
  const env = loadEnv();
  return Boolean(env.DATABASE_URL) || existsSync(path.join(env.ATLAS_DATA_DIR, 'pg.port'));
}

/** `atlas diagnose FILE|- [--json] [--no-evidence]`: returns the exit code. */
export async function diagnoseCommand(argv: string[], stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const inputs: string[] = [];
  let json = false;
  let evidence = true;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--no-evidence') evidence = false;
    else if (arg === '-h' || arg === '--help') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (arg.startsWith('-') && arg !== '-') {
      process.stderr.write(`atlas diagnose: unknown option ${arg}\n\n${USAGE}\n`);
      return 2;
    } else inputs.push(arg);
  }
  if (inputs.length !== 1) {
    process.stderr.write(`atlas diagnose: ${inputs.length === 0 ? 'no bounce given' : 'one bounce at a time'}\n\n${USAGE}\n`);
    return 2;
  }
  const [source] = inputs;
  let diagnosis: TBounceDiagnosis;
  try {
    const bytes = source === '-' ? await readBounded(stdin, DIAGNOSE_LIMITS.maxInputBytes) : await readFileBounded(source, DIAGNOSE_LIMITS.maxInputBytes);
    diagnosis = await diagnoseBounce(bytes);
  } catch (error) {
    const code = error instanceof DiagnoseError ? error.code : ((error as NodeJS.ErrnoException).code ?? 'input.unreadable');
    const message = error instanceof Error ? error.message : String(error);
    if (json) process.stdout.write(`${JSON.stringify({ file: source, error: message, code }, null, 2)}\n`);
    else process.stderr.write(`atlas diagnose: ${source}: ${message}\n`);
    return 1;
  }
  if (evidence && databaseAvailable()) {
    try {
      // The CLI runs on the server with the database's credentials: the operator's scope.
      diagnosis = await withDatabase(async () => addEvidence(diagnosis, await (await import('../../lib/access')).operatorScope()));
    } catch (error) {
      process.stderr.write(`atlas diagnose: no evidence from the database (${(error as Error).message.split('\n')[0]}); the bounce alone is diagnosed\n`);
    }
  }
  process.stdout.write(json ? `${JSON.stringify(diagnosis, null, 2)}\n` : readable(diagnosis));
  return 0;
}

/** Refuses before reading, so a huge file is not loaded only to be rejected. */
async function readFileBounded(file: string, limit: number): Promise<Buffer> {
  const info = await stat(file);
  if (info.isDirectory()) throw new Error('is a directory; give one bounce file');
  if (info.size > limit) throw new DiagnoseError('input.too_large', `The bounce is ${info.size} bytes; the limit (maxInputBytes) is ${limit} bytes.`);
  return readFile(file);
}

/** Reads standard input up to the limit and stops there rather than buffering without end. */
async function readBounded(stream: NodeJS.ReadableStream, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > limit) throw new DiagnoseError('input.too_large', `The bounce is more than ${limit} bytes; the limit (maxInputBytes) is ${limit} bytes.`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

function readable(d: TBounceDiagnosis): string {
  const rows: Array<[string, string | null]> = [
    ['Category', `${d.category}${d.evidence.rule ? ` (rule ${d.evidence.rule}, ${d.evidence.confidence})` : ''}`],
    ['Reply', [d.reply_code, d.status].filter((x) => x !== null).join(' ') || null],
    ['Rejected by', d.rejected_by],
    ['Sending IP', d.sending_ip],
    ['Sender', d.sender],
    ['Recipient', d.recipient],
    ['Diagnostic', d.evidence.diagnostic],
  ];
  const head = rows
    .filter(([, v]) => v)
    .map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`)
    .join('\n');
  const fixes = d.fixes.map((f, i) => `  ${i + 1}. ${f}`).join('\n');
  return `${head}\n${ours(d)}\n${d.explanation}\n\nFixes:\n${fixes}\n`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The evidence from stored reports and DNS, as the same aligned "Key: value" lines. */
function ours(d: TBounceDiagnosis): string {
  const e = d.evidence.domain;
  const h = d.evidence.ip_health;
  const rows: Array<[string, string | null]> = [];
  if (e) {
    rows.push(['Domain', `${e.domain} (reports ${e.window.from} to ${e.window.to})`]);
    if (e.source) rows.push(['Source', `${e.source.label} — ${e.source.verdict_label}; DMARC pass ${pct(e.source.dmarc_pass_rate)}, SPF aligned ${pct(e.source.spf_aligned_rate)}, DKIM aligned ${pct(e.source.dkim_aligned_rate)}`]);
    if (e.dmarc) rows.push(['Policy', `p=${e.dmarc.p ?? 'none'}${e.dmarc.sp ? ` sp=${e.dmarc.sp}` : ''}${e.dmarc.pct ? ` pct=${e.dmarc.pct}` : ''} (${e.dmarc.reporter})`]);
    rows.push(['SPF', e.spf.status === null ? 'not looked up yet' : `${e.spf.status}, ${e.spf.lookups}/${e.spf.limit} lookups${e.spf.flatten.length ? `; flatten ${e.spf.flatten.join(', ')}` : ''}`]);
  }
  if (h) {
    rows.push(['Reverse DNS', `${h.fcrdns.status}${h.fcrdns.ptr ? ` (${h.fcrdns.ptr})` : ''}`]);
    rows.push(['Blocklists', h.listed_on.length ? `listed on ${h.listed_on.join(', ')}` : `not listed (${h.dnsbl.map((x) => `${x.zone}: ${x.status}`).join(', ') || 'no lists configured'})`]);
  }
  const lines = rows.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`);
  lines.push(...d.evidence.notes.map((n) => `Note:        ${n}`));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
