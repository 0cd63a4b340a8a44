import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/lib/generated/prisma/client';
import { getPool } from './pool';

// The one Prisma client of a process (kept on globalThis so Next's dev reloads reuse it).
const globalForPrisma = globalThis as unknown as { atlasPrisma?: PrismaClient };

export function prisma(): PrismaClient {
  globalForPrisma.atlasPrisma ??= new PrismaClient({ adapter: new PrismaPg(getPool()) });
  return globalForPrisma.atlasPrisma;
}

export async function disconnectPrisma(): Promise<void> {
  const client = globalForPrisma.atlasPrisma;
  globalForPrisma.atlasPrisma = undefined;
  await client?.$disconnect();
}
