import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MissingAuthSecretError } from '@/lib/platform/env';

export interface TAuthSecretChoice {
  secret: string;
  source: 'env' | 'generated' | 'file';
  file?: string;
}

/**
 * For `atlas start`: AUTH_SECRET from the environment; in demo / embedded mode (no
 * DATABASE_URL, or ATLAS_DEMO=on) a generated secret persisted under ATLAS_DATA_DIR so that
 * sessions survive restarts; otherwise (a production database) a clear refusal.
 */
export function ensureAuthSecret(options: { envSecret?: string; demoMode: boolean; dataDir: string }): TAuthSecretChoice {
  if (options.envSecret) {
    if (options.envSecret.length < 32) throw new Error('AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`).');
    return { secret: options.envSecret, source: 'env' };
  }
  if (!options.demoMode) throw new MissingAuthSecretError();
  const file = path.join(options.dataDir, 'auth-secret');
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 32) return { secret: stored, source: 'file', file };
  }
  mkdirSync(options.dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return { secret, source: 'generated', file };
}
