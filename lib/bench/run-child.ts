import { spawn } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '@/lib/platform/system';
import type { WorkerName } from './workers';

const BIN = path.join(PROJECT_ROOT, 'bin', 'atlas.mjs');

/** Runs one measured part in a child process; its last stdout line is its JSON result. */
export function runChild<T>(worker: WorkerName, url: string, args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--max-old-space-size=8192', BIN, 'bench', '--worker', worker, ...args], {
      env: { ...process.env, DATABASE_URL: url, ATLAS_MAX_FILE_BYTES: '4GiB', ATLAS_LOG_LEVEL: process.env.ATLAS_LOG_LEVEL ?? 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    proc.once('error', reject);
    proc.once('close', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`bench worker ${worker} exited with code ${code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`bench worker ${worker} printed no result: ${last.slice(0, 200)}`));
      }
    });
  });
}
