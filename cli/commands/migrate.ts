import { z } from 'zod';
import { parseFlags } from '../args';
import { withDatabase } from '../with-database';
import { migrate } from '@/lib/platform/db-setup';

export async function migrateCommand(argv: string[]): Promise<number> {
  const { flags } = parseFlags(argv, { create: { type: 'string' } }, z.object({ create: z.string().min(1).optional() }));
  return withDatabase(async (url) => {
    if (flags.create) {
      // Authoring (development): SQL from the migrations' end state to schema.prisma.
      const { createMigration } = await import('@/lib/platform/db-authoring');
      const dir = await createMigration(flags.create, url);
      console.log(dir ? `Created ${dir}` : 'schema.prisma and prisma/migrations are in step: nothing to create.');
      return 0;
    }
    const result = await migrate(url);
    console.log(
      result.applied.length
        ? `Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`
        : `Database is up to date (${result.total} migrations).`,
    );
    return 0;
  }, { migrate: false });
}
