import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root';
import { portIsFree } from './ports';

export interface WebServer {
  url: string;
  /** The `atlas web` process (with several web processes, their supervisor). */
  pid: number;
  stop: () => Promise<void>;
  exited: Promise<number | null>;
}

async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the web server did not become healthy within ${timeoutMs / 1000} s`);
}

export async function assertPortFree(port: number, hostname: string): Promise<void> {
  if (!(await portIsFree(port, hostname))) {
    throw new Error(`Port ${port} is already in use on ${hostname}. Stop what runs there or choose another port with PORT=….`);
  }
}

/** `next start` (production build) as a child process; resolves once /api/health answers. */
export async function serveApp(options: { port: number; hostname: string; env: NodeJS.ProcessEnv; dev?: boolean }): Promise<WebServer> {
  // Checked first: otherwise the health poll below could be answered by whatever already
  // listens there, and we would announce a server that is not ours.
  await assertPortFree(options.port, options.hostname);
  // `atlas web` rather than `next start`: it appends the socket's address to X-Forwarded-For
  // (lib/platform/system/web-server.ts), which the sign-in limits rely on.
  const args = [path.join(PROJECT_ROOT, 'bin', 'atlas.mjs'), 'web', '--port', String(options.port), '--host', options.hostname, ...(options.dev ? ['--dev'] : [])];
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: options.env, stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const shown = options.hostname === '0.0.0.0' ? 'localhost' : options.hostname;
  const url = `http://${shown}:${options.port}`;
  await waitUntilHealthy(url, child);
  return {
    url,
    pid: child.pid ?? 0,
    exited,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
