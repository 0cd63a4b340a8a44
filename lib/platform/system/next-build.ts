import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from './project-root';
import { withFileLock } from './file-lock';

const SOURCES = ['app', 'components', 'lib', 'public', 'next.config.ts', 'package.json', 'prisma/schema.prisma'];
const SKIP = new Set(['generated', 'node_modules']);

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (!SKIP.has(child)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** True when there is no production build or a source file changed since it was made. */
export function buildIsStale(): boolean {
  const buildId = path.join(PROJECT_ROOT, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return SOURCES.some((source) => newestMtime(path.join(PROJECT_ROOT, source)) > built);
}

export function nextBin(): string {
  return path.join(PROJECT_ROOT, 'node_modules', 'next', 'dist', 'bin', 'next');
}

/** `next build`, output passed through; rejects with the exit code on failure. */
function runNextBuild(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(), 'build'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
}

const BUILD_LOCK = path.join(PROJECT_ROOT, '.next.build.lock');

/**
 * Builds when the build is missing or stale. One build at a time per checkout: `npm start`
 * and test files running in parallel would otherwise write the same `.next` together.
 */
export async function ensureBuild(env: NodeJS.ProcessEnv, onBuild: () => void = () => undefined): Promise<void> {
  await withFileLock(
    BUILD_LOCK,
    async () => {
      if (!buildIsStale()) return;
      onBuild();
      await runNextBuild(env);
    },
    500,
  );
}
