import { seedDemo } from '@/lib/demo';
import { withDatabase } from '../with-database';

/** `atlas seed-demo`: (re)feed the demo organisation's reports; idempotent. */
export async function seedDemoCommand(_argv: string[] = []): Promise<number> {
  return withDatabase(async () => {
    const login = await seedDemo((line) => console.error(line));
    console.error(`Demo login: ${login.email} / ${login.password}`);
    return 0;
  });
}
