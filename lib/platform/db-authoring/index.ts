// Authoring migrations from schema.prisma (development only): Prisma's wasm schema engine.
export { createMigration } from './create-migration';
export { diffSchemas } from './schema-diff';
