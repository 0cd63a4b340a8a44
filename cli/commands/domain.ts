import { z } from 'zod';
import { ZDomainName } from '@/lib/platform/net';
import { parseFlags, UsageError } from '../args';
import { withDatabase } from '../with-database';

const USAGE = 'usage: atlas domain add DOMAIN --org NAME';

/**
 * `atlas domain add DOMAIN --org NAME`: an administrator's claim (no DNS proof from the CLI).
 * Reports set aside for the domain are attached and rolled up; prints how many.
 */
export async function domainCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'add') throw new UsageError(USAGE);
  const { flags, positionals } = parseFlags(rest, { org: { type: 'string' } }, z.object({ org: z.string().trim().min(1, 'the organisation name is required') }));
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const parsed = ZDomainName.safeParse(positionals[0]);
  if (!parsed.success) throw new UsageError(`${positionals[0]}: ${parsed.error.issues[0]?.message ?? 'not a domain name'}`);
  return withDatabase(async () => {
    const { addDomainToOrganization, AddDomainError } = await import('@/lib/access');
    try {
      const added = await addDomainToOrganization(parsed.data, flags.org);
      const verb = added.created ? 'Added' : 'Already had';
      console.log(`${verb} ${added.name} in "${added.organization}"; attached ${added.attached} set-aside report(s).`);
      return 0;
    } catch (error) {
      if (error instanceof AddDomainError) {
        console.error(`atlas domain add: ${error.message}`);
        return 1;
      }
      throw error;
    }
  });
}
