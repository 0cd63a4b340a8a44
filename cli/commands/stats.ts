import { z } from 'zod';
import { getIngestStats, listMailboxStatuses } from '@/lib/queries';
import { parseFlags } from '../args';
import { withDatabase } from '../with-database';

/** `atlas stats [--json]`: what is stored (reports, records, messages, failed inputs, set-aside reports). */
export async function statsCommand(argv: string[]): Promise<number> {
  const { flags } = parseFlags(argv, { json: { type: 'boolean' } }, z.object({ json: z.boolean().optional() }));
  return withDatabase(async () => {
    const s = await getIngestStats();
    const mailboxes = await listMailboxStatuses();
    if (flags.json) {
      console.log(JSON.stringify({ ...s, mailboxes }));
      return 0;
    }
    const n = (v: number) => v.toLocaleString('en-US');
    console.log(
      [
        `reports    ${n(s.reports)} (${n(s.set_aside)} set aside, ${n(s.replaced)} replacements)`,
        `records    ${n(s.records)}`,
        `messages   ${n(s.messages)}`,
        `inputs     ${n(s.ingest_files)} (${n(s.failed)} failed, ${n(s.partial)} partly failed)`,
        `domains    ${n(s.domains)}`,
        ...mailboxes.map(
          (m) => `mailbox    ${m.label}: last read ${m.last_success_at ?? 'never'}, backlog ${n(m.backlog)}${m.last_error ? `, last error ${m.last_error_at}: ${m.last_error}` : ''}`,
        ),
      ].join('\n'),
    );
    return 0;
  });
}
