import { ImapFlow } from 'imapflow';
import type { DovecotServer } from './dovecot';

/** A plain IMAP client for the test's side: delivering mail (APPEND) and looking at folders. */
export async function testImapClient(server: DovecotServer, user: string, password: string): Promise<ImapFlow> {
  const client = new ImapFlow({ host: server.host, port: server.port, secure: false, auth: { user, pass: password }, logger: false, disableAutoIdle: true });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    const e = error as Error & { responseText?: string };
    throw new Error(`test IMAP login as ${user} failed: ${e.message} ${e.responseText ?? ''}\n${server.logTail(10)}`);
  }
  return client;
}

export async function appendAll(client: ImapFlow, folder: string, messages: Buffer[]): Promise<void> {
  for (const message of messages) await client.append(folder, message);
}

/** Message count of a folder (0 when it does not exist yet). */
export async function folderCount(client: ImapFlow, folder: string): Promise<number> {
  try {
    const status = await client.status(folder, { messages: true });
    return status ? (status.messages ?? 0) : 0;
  } catch {
    return 0;
  }
}

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000, stepMs = 100): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
