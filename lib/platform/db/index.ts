// The database at run time (web and worker): the pool, the Prisma client and the schema's types.
// Getting a server ready (embedded Postgres, migrations) is db-setup's job, kept apart so the
// web bundle never carries it.
export { closePool, databaseUrl, getPool } from './pool';
export { disconnectPrisma, prisma } from './prisma';
export { Prisma, type IngestSource, type IngestStatus } from '@/lib/generated/prisma/client';
