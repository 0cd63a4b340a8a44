import pg from 'pg';
import { databaseUrl } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';

// Which worker works which mailbox: a session-level Postgres advisory lock per mailbox, held on
// one dedicated connection per worker for as long as the worker works the mailbox. A worker
// that dies (or loses that connection) releases all its locks at once, and another worker takes
// the mailboxes over on its next attempt. Not from the shared pool: a pooled connection would
// carry the locks into unrelated queries and lose them when the pool recycles it.

// First key of the two-key form: namespaces the poller's locks ('ATLM'), second key = mailbox id.
const LOCK_SPACE = 0x41544c4d;

export class LockSession {
  private lost = false;
  private readonly held = new Set<number>();
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly client: pg.Client) {
    const onLost = (error?: Error) => {
      if (this.lost) return;
      this.lost = true;
      log.warn({ err: error?.message, mailboxes: [...this.held] }, 'mailbox lock connection lost; mailboxes released');
      for (const listener of this.listeners) listener();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
  }

  static async open(): Promise<LockSession> {
    const client = new pg.Client({ connectionString: databaseUrl(), keepAlive: true, application_name: 'atlas-imap-locks' });
    await client.connect();
    return new LockSession(client);
  }

  get alive(): boolean {
    return !this.lost;
  }

  /** The mailboxes this session holds now. */
  heldIds(): number[] {
    return this.lost ? [] : [...this.held];
  }

  /** Called once when the connection (and with it every lock) is gone. */
  onLost(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async tryLock(mailboxId: number): Promise<boolean> {
    if (this.lost) return false;
    if (this.held.has(mailboxId)) return true;
    const { rows } = await this.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_SPACE, mailboxId]);
    if (rows[0]?.ok) this.held.add(mailboxId);
    return rows[0]?.ok === true;
  }

  async unlock(mailboxId: number): Promise<void> {
    if (!this.held.delete(mailboxId) || this.lost) return;
    await this.client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, mailboxId]).catch(() => undefined);
  }

  /** Verifies the connection still answers (a half-open TCP connection would keep `alive`). */
  async ping(): Promise<boolean> {
    if (this.lost) return false;
    try {
      await this.client.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.lost = true;
    this.held.clear();
    await this.client.end().catch(() => undefined);
  }
}
