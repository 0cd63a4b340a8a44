import { z } from 'zod';
import { findOrCreateOrganization } from '@/lib/access';
import { parseFlags, UsageError } from '../args';
import { withDatabase } from '../with-database';

const USAGE = 'usage: atlas org create NAME';

/** `atlas org create NAME`: an organisation (idempotent: an existing one is reported, not an error). */
export async function orgCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw new UsageError(USAGE);
  const { positionals } = parseFlags(rest, {}, z.object({}));
  const name = positionals.join(' ').trim();
  if (!name) throw new UsageError(USAGE);
  return withDatabase(async () => {
    const org = await findOrCreateOrganization(name);
    console.log(org.created ? `Created organisation "${org.name}".` : `Organisation "${org.name}" already exists.`);
    return 0;
  });
}
