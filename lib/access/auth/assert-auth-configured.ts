import { authEnv, MissingAuthSecretError } from '@/lib/platform/env';

/** Node.js web process start-up (instrumentation.ts): no session secret, no server. */
export function assertAuthConfigured(): void {
  try {
    if (!authEnv().AUTH_SECRET) throw new MissingAuthSecretError();
  } catch (error) {
    console.error(`\nDMARC Atlas cannot start: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
