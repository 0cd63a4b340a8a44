import { defineConfig } from 'prisma/config';

// DATABASE_URL is optional here: `generate` needs no database, and the app resolves the
// embedded database itself (lib/platform/db/url.ts). `prisma migrate deploy` works where the native
// schema engine is available; elsewhere `atlas migrate` applies the same SQL files.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/atlas' },
});
