import { z } from 'zod';
import { createApiToken, operatorScope, ZTokenScope } from '@/lib/access';
import { findOrganizationInScope } from '@/lib/queries';
import { parseFlags, UsageError } from '../args';
import { withDatabase } from '../with-database';

const USAGE = 'usage: atlas token create --org NAME [--scope read|ingest] [--name N] [--expires-days D]';

/** `atlas token create`: prints a new API token (stdout, alone, so scripts can capture it). */
export async function tokenCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw new UsageError(USAGE);
  const { flags } = parseFlags(
    rest,
    { org: { type: 'string' }, scope: { type: 'string' }, name: { type: 'string' }, 'expires-days': { type: 'string' } },
    z.object({
      org: z.string().trim().min(1),
      scope: ZTokenScope.default('read'),
      name: z.string().trim().min(1).max(100).optional(),
      'expires-days': z.coerce.number().int().positive().optional(),
    }),
  );
  return withDatabase(async () => {
    const org = await findOrganizationInScope(await operatorScope(), flags.org);
    if (!org) {
      console.error(`atlas token create: no organisation named "${flags.org}" (create it with \`atlas org create\`).`);
      return 1;
    }
    const created = await createApiToken(
      { organizationId: org.id, name: flags.name ?? `CLI ${flags.scope} token`, scope: flags.scope, expiresInDays: flags['expires-days'] },
      { label: 'cli' },
    );
    console.error(`Created ${created.scope} token "${created.name}" for "${org.name}" — shown once, store it now:`);
    console.log(created.token);
    return 0;
  });
}
