import { execFileSync } from 'node:child_process';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebServer } from '../../../lib/platform/system';
import { useTestDatabase } from '../../helpers/db';
import { startWebApp } from '../../helpers/web';

// ATLAS_WEB_PROCESSES=N: N web processes share the port under one supervisor, which replaces a
// process that dies and stops them all on SIGTERM.

function children(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

async function until<T>(what: string, probe: () => T | Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// A status from a new connection every time (agent: false). fetch pools sockets: a socket kept
// from an earlier request may be closed by the server's idle timeout just as it is reused, which
// is a client-side race (a browser retries it), not what these tests are about.
function status(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
    // A connection the supervisor hands over at the instant its process is killed is never
    // answered (node:cluster); the browser gives up and retries, and so does `until` below.
    req.setTimeout(5000, () => req.destroy(new Error('no answer within 5 s')));
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('several web processes (ATLAS_WEB_PROCESSES)', () => {
  let web: WebServer;

  beforeAll(async () => {
    const url = await useTestDatabase();
    web = await startWebApp(url, { ATLAS_WEB_PROCESSES: '2', AUTH_SECRET: 'web-processes-test-secret-0123456789abcdef' });
  }, 300_000);

  afterAll(async () => {
    await web?.stop();
  });

  it('serve the app from two processes under one supervisor', async () => {
    expect(children(web.pid)).toHaveLength(2);
    const answers = await Promise.all(Array.from({ length: 8 }, () => status(`${web.url}/api/health`)));
    expect(answers).toEqual(Array(8).fill(200));
  });

  it('replace a process that dies, and keep answering meanwhile', async () => {
    const [victim, survivor] = children(web.pid);
    process.kill(victim, 'SIGKILL');
    // A kept-alive connection to the killed process is reset (a browser retries it): a request
    // on a new connection goes to the survivor.
    await until('an answer from the survivor', () => status(`${web.url}/api/health`).catch(() => 0), (s) => s === 200);
    const now = await until('a replacement process', () => children(web.pid), (pids) => pids.length === 2 && !pids.includes(victim));
    expect(now).toContain(survivor);
    // The replacement listens too: every answer is 200 while both share the port.
    const answers = await Promise.all(Array.from({ length: 8 }, () => status(`${web.url}/api/health`)));
    expect(answers).toEqual(Array(8).fill(200));
  }, 120_000);

  it('stop together on SIGTERM', async () => {
    const workers = children(web.pid);
    await web.stop();
    expect(await web.exited).toBe(0);
    for (const pid of workers) await until(`process ${pid} to end`, () => alive(pid), (a) => !a);
  }, 60_000);
});
