import { z } from 'zod';
import { decryptSecret } from '@/lib/platform/crypto';
import { prisma } from '@/lib/platform/db';
import { closeImap, connectImap } from '@/lib/mailboxes/imap/connect';
import { describeImapError } from '@/lib/mailboxes/imap/describe-error';
import { serverPath } from '@/lib/mailboxes/imap/folders';
import { MailboxInputError } from './errors';
import { testGraphConnection } from './graph/test-graph-connection';
import { defaultScope } from './oauth/mailbox-auth';
import { secretName, ZOAuthConfig } from './oauth/oauth-config';
import { tryToken } from './oauth/try-token';
import { parseMailboxInput } from './parse-mailbox-input';
import { AFTER_INGEST, AUTH_TYPES, MAILBOX_KINDS } from './schema';

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
  kind: z.enum(MAILBOX_KINDS).default('imap'),
  oauth: ZOAuthConfig.nullable().default(null),
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
  let refreshToken: string | null = null;
  if (input.mailboxId !== undefined) {
    const stored = await prisma().mailbox.findFirst({ where: { id: input.mailboxId, organizationId }, select: { secretEnc: true, refreshTokenEnc: true } });
    if (!stored) throw new MailboxInputError('No such mailbox.');
    try {
      if (!secret && stored.secretEnc) secret = decryptSecret(stored.secretEnc);
      if (stored.refreshTokenEnc) refreshToken = decryptSecret(stored.refreshTokenEnc);
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }
  if (!secret) return { ok: false, message: input.oauth ? `Enter ${secretName(input.oauth)}.` : input.authType === 'oauth2' ? 'Enter the OAuth2 access token.' : 'Enter the password.' };
  if (input.kind === 'graph' && !input.oauth) return { ok: false, message: 'Microsoft Graph needs app credentials: choose the Microsoft 365 app sign-in.' };
  if (input.oauth?.flow === 'google-refresh-token' && !refreshToken) {
    return { ok: false, message: `Save the mailbox, then use "Grant access" in the list and sign in as ${input.username}: Google then gives Atlas a refresh token.` };
  }
  let tokens;
  let tokenNote = '';
  if (input.oauth) {
    const attempt = await tryToken({ config: input.oauth, secret, refreshToken, username: input.username, defaultScope: defaultScope(input) });
    if (!attempt.ok) return attempt;
    tokens = attempt.tokens;
    tokenNote = ` ${attempt.note}`;
  }
  if (input.kind === 'graph' && tokens) {
    const result = await testGraphConnection(input, tokens, TEST_TIMEOUT_MS);
    return result.ok ? { ...result, message: result.message + tokenNote, idle: false } : result;
  }

  const where = { host: input.host, port: input.port, username: input.username, folder: input.folder };
  let client;
  try {
    client = await connectImap(
      { label: `test ${input.username}@${input.host}`, host: input.host, port: input.port, tls: input.tls, username: input.username, authType: input.authType, secret, tokens },
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
    return { ok: true, message: parts.filter(Boolean).join(' ') + tokenNote, messages, idle, missingFolders };
  } catch (error) {
    return { ok: false, message: describeImapError(error, { ...where, oauth: tokens?.flow ?? (input.authType === 'oauth2' ? 'token' : undefined), clientId: tokens?.clientId }) };
  } finally {
    await closeImap(client);
  }
}
