import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs `fn` holding a lock file (created exclusively, holding our pid) shared by processes of
 * one checkout — e.g. `npm start` and `atlas …` starting one embedded Postgres, or test files
 * building one `.next`. A lock left by a dead process is taken over.
 */
export async function withFileLock<T>(lockFile: string, fn: () => Promise<T>, pollMs = 100): Promise<T> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(lockFile, 'utf8').catch(() => '0'));
      if (!holder || !isAlive(holder)) await rm(lockFile, { force: true });
      else await new Promise((r) => setTimeout(r, pollMs));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}
