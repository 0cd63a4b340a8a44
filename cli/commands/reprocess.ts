import { z } from 'zod';
import { stringifyWithBigInt } from '@/lib/ingest';
import { parseFlags, UsageError } from '../args';
import { withDatabase } from '../with-database';

const USAGE = 'usage: atlas reprocess --failed | --all [--json]';

/**
 * `atlas reprocess --failed`: failed inputs again from their stored bytes (after a parser fix
 * or a raised limit). `--all`: every stored report's XML parsed again; unchanged reports are
 * no-ops, changed ones replace the stored version. Exit 1 when something still fails.
 */
export async function reprocessCommand(argv: string[]): Promise<number> {
  const { flags } = parseFlags(
    argv,
    { failed: { type: 'boolean' }, all: { type: 'boolean' }, json: { type: 'boolean' } },
    z.object({ failed: z.boolean().optional(), all: z.boolean().optional(), json: z.boolean().optional() }),
  );
  if (Boolean(flags.failed) === Boolean(flags.all)) throw new UsageError(USAGE);
  return withDatabase(async () => {
    const { reprocessAll, reprocessFailed } = await import('@/lib/ingest');
    if (flags.failed) {
      const results = await reprocessFailed((r) => {
        if (!flags.json) console.error(`${r.name}: ${r.previousStatus} → ${r.outcome.status}${r.outcome.error ? ` (${r.outcome.error})` : ''}`);
      });
      const still = results.filter((r) => r.outcome.status === 'failed' || r.outcome.status === 'partial');
      if (flags.json) {
        console.log(stringifyWithBigInt(results.map((r) => ({ ingest_file_id: r.ingestFileId, name: r.name, previous_status: r.previousStatus, status: r.outcome.status, error: r.outcome.error ?? null, reports: r.outcome.reports }))));
      } else {
        console.log(`${results.length} failed input(s) re-run: ${results.length - still.length} now stored, ${still.length} still failing.`);
      }
      return still.length > 0 ? 1 : 0;
    }
    const counts = { unchanged: 0, replaced: 0, rekeyed: 0, failed: 0 };
    const failures: string[] = [];
    const results = await reprocessAll((r) => {
      counts[r.outcome]++;
      if (r.outcome === 'failed') failures.push(`  report ${r.reportRowId}: ${r.error} [${r.errorCode}]`);
    });
    if (flags.json) {
      console.log(stringifyWithBigInt({ reports: results.length, ...counts, failures: results.filter((r) => r.outcome === 'failed') }));
    } else {
      console.log(`${results.length} report(s) re-parsed: ${counts.unchanged} unchanged, ${counts.replaced} replaced, ${counts.rekeyed} re-keyed, ${counts.failed} failed.`);
      if (failures.length) console.log(['Failed (left as stored):', ...failures].join('\n'));
    }
    return counts.failed > 0 ? 1 : 0;
  });
}
