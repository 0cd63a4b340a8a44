import { z } from 'zod';
import { createUser, UserExistsError, ZEmail, ZPassword, ZRole } from '@/lib/access';
import { parseFlags, UsageError } from '../args';
import { withDatabase } from '../with-database';

const USAGE = 'usage: atlas user create --email E --password P --org NAME [--role owner|admin|viewer] [--name N] [--instance-admin]';

/**
 * `atlas user create`: a user and their membership (the organisation is created when missing).
 * The password comes from --password or, to keep it out of shell history, ATLAS_USER_PASSWORD.
 */
export async function userCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') throw new UsageError(USAGE);
  const { flags } = parseFlags(
    rest,
    {
      email: { type: 'string' },
      password: { type: 'string' },
      org: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'instance-admin': { type: 'boolean' },
    },
    z.object({
      email: ZEmail,
      password: ZPassword.optional(),
      org: z.string().trim().min(1),
      role: ZRole.default('owner'),
      name: z.string().optional(),
      'instance-admin': z.boolean().optional(),
    }),
  );
  const password = flags.password ?? process.env.ATLAS_USER_PASSWORD;
  if (!password) throw new UsageError(`--password (or ATLAS_USER_PASSWORD) is required\n${USAGE}`);
  const checked = ZPassword.safeParse(password);
  if (!checked.success) throw new UsageError(`--password: ${checked.error.issues[0]?.message}`);
  return withDatabase(async () => {
    try {
      const created = await createUser(
        { email: flags.email, password, name: flags.name, organization: flags.org, role: flags.role, isInstanceAdmin: flags['instance-admin'] ?? false },
        { label: 'cli' },
      );
      console.log(`Created ${created.email} (${created.role} of "${created.organizationName}").`);
      return 0;
    } catch (error) {
      if (error instanceof UserExistsError) {
        console.error(`atlas user create: ${error.message}`);
        return 1;
      }
      throw error;
    }
  });
}
