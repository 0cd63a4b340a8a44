import { z } from 'zod';
import { UsageError, parseFlags } from '../args';
import { withDatabase } from '../with-database';
import { operatorScope } from '@/lib/access';
import { previewDigest, sendUserDigest } from '@/lib/digests';
import { formatDay } from '@/lib/platform/dates';
import { listDigestRecipients } from '@/lib/queries';

const USAGE = `Usage: atlas digest preview --user EMAIL [--as-of YYYY-MM-DD] [--html]
       atlas digest send [--user EMAIL] [--as-of YYYY-MM-DD] [--force]

preview  prints the plain-text part of the user's digest (--html: the HTML part); without
         --as-of, the digest of their next scheduled send. Nothing is sent.
send     mails the digest of the week before --as-of (default: today, UTC) over ATLAS_SMTP_URL
         to the user, or to every member of every organisation. Each user's digest for a week
         goes out once: a second run says "already sent" (--force sends it again).

The week is the 7 whole UTC days before the --as-of day (--as-of 2026-05-11: 4–10 May).`;

const ZFlags = z.object({
  user: z.string().email('expected an e-mail address').optional(),
  'as-of': z.iso.date('expected YYYY-MM-DD').optional(),
  html: z.boolean().optional(),
  force: z.boolean().optional(),
  help: z.boolean().optional(),
});

/** `atlas digest preview|send`. */
export async function digestCommand(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags(
    argv,
    { user: { type: 'string' }, 'as-of': { type: 'string' }, html: { type: 'boolean' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    ZFlags,
  );
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const [action, ...extra] = positionals;
  if ((action !== 'preview' && action !== 'send') || extra.length) throw new UsageError(`expected preview or send\n\n${USAGE}`);
  if (action === 'preview' && !flags.user) throw new UsageError('preview needs --user EMAIL');

  return withDatabase(async () => {
    const users = await listDigestRecipients(await operatorScope(), { email: flags.user });
    if (flags.user && users.length === 0) {
      process.stderr.write(`atlas digest: no member with the address ${flags.user}\n`);
      return 1;
    }
    if (action === 'preview') {
      const preview = await previewDigest(users[0].id, { asOf: flags['as-of'] });
      if (!preview) {
        process.stderr.write(`atlas digest: ${flags.user} sees no domain (or chose none): no digest\n`);
        return 1;
      }
      process.stdout.write(flags.html ? preview.html : `Subject: ${preview.subject}\n\n${preview.text.replace(/\s*$/, '\n')}`);
      return 0;
    }
    const asOf = flags['as-of'] ?? formatDay(new Date());
    let failed = 0;
    for (const user of users) {
      try {
        const result = await sendUserDigest({ userId: user.id, asOf, force: flags.force });
        const what = result.status === 'sent' ? `sent: ${result.subject}` : result.status.replace(/_/g, ' ');
        process.stdout.write(`${user.email}  week of ${result.weekStart}  ${what}\n`);
      } catch (error) {
        failed += 1;
        process.stdout.write(`${user.email}  failed: ${(error as Error).message}\n`);
      }
    }
    return failed ? 1 : 0;
  });
}
