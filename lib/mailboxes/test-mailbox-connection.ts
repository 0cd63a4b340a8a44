import { z } from 'zod';
import { decryptSecret } from '@/lib/platform/crypto';
import { prisma } from '@/lib/platform/db';
import { closeImap, connectImap } from '@/lib/mailboxes/imap/connect';
import { describeImapError } from '@/lib/mailboxes/imap/describe-error';
import { serverPath } from '@/lib/mailboxes/imap/folders';
import { MailboxInputError } from './errors';
import { parseMailboxInput } from './parse-mailbox-input';
import { AFTER_INGEST, AUTH_TYPES } from './schema';

const ZConnectionInput = z.object({
  host: z.string().trim().min(1, 'the IMAP server is required'),
  port: z.coerce.number().int().min(1).max(65535),
  tls: z.boolean(),
  username: z.string().trim().min(1, 'the user name is required'),
  authType: z.enum(AUTH_TYPES),
  secret: z.string().optional(),
  folder: z.string().trim().min(1).default('INBOX'),
  processedFolder: z.string().trim().min(1).default('DMARC/Processed'),
  failedFolder: z.string().trim().min(1).default('DMARC/Failed'),
  afterIngest: z.enum(AFTER_INGEST).default('move'),
  /** Editing a saved mailbox: an empty secret means the stored one. */
  mailboxId: z.number().int().optional(),
});

export type TConnectionInput = z.input<typeof ZConnectionInput>;

export type TConnectionTestResult =
  | { ok: true; message: string; messages: number; idle: boolean; missingFolders: string[] }
  | { ok: false; message: string };

const TEST_TIMEOUT_MS = 15_000;

/**
 * Logs in with the given settings (nothing is saved) and looks at the folder, the way the
 * poller will: the "test connection" button. Never throws for connection problems; the
 * message says what to fix.
 */
export async function testMailboxConnection(organizationId: number, raw: TConnectionInput): Promise<TConnectionTestResult> {
  let input;
  try {
    input = parseMailboxInput(ZConnectionInput, raw);
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
  let secret = input.secret;
  if (!secret && input.mailboxId !== undefined) {
    const stored = await prisma().mailbox.findFirst({ where: { id: input.mailboxId, organizationId }, select: { secretEnc: true } });
    if (!stored) throw new MailboxInputError('No such mailbox.');
    if (stored.secretEnc) {
      try {
        secret = decryptSecret(stored.secretEnc);
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    }
  }
  if (!secret) return { ok: false, message: input.authType === 'oauth2' ? 'Enter the OAuth2 access token.' : 'Enter the password.' };

  const where = { host: input.host, port: input.port, username: input.username, folder: input.folder };
  let client;
  try {
    client = await connectImap(
      { label: `test ${input.username}@${input.host}`, host: input.host, port: input.port, tls: input.tls, username: input.username, authType: input.authType, secret },
      { timeoutMs: TEST_TIMEOUT_MS },
    );
    const folders = new Set((await client.list()).map((f) => f.path));
    const source = serverPath(client, input.folder);
    if (!folders.has(source)) return { ok: false, message: `Logged in, but the folder "${input.folder}" does not exist. Folders: ${[...folders].slice(0, 20).join(', ')}.` };
    const status = await client.status(source, { messages: true });
    const messages = status ? (status.messages ?? 0) : 0;
    const wanted = input.afterIngest === 'move' ? [input.processedFolder, input.failedFolder] : [];
    const missingFolders = wanted.filter((f) => !folders.has(serverPath(client!, f)));
    const idle = client.capabilities.has('IDLE');
    const parts = [
      `Connected as ${input.username}. "${input.folder}" holds ${messages} message(s).`,
      idle ? 'New mail is picked up at once (IDLE).' : 'The server has no IDLE: the mailbox is polled.',
      missingFolders.length ? `Will create ${missingFolders.map((f) => `"${f}"`).join(' and ')} on the first run.` : '',
    ];
    return { ok: true, message: parts.filter(Boolean).join(' '), messages, idle, missingFolders };
  } catch (error) {
    return { ok: false, message: describeImapError(error, where) };
  } finally {
    await closeImap(client);
  }
}
