import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

// Authoring side of migrations (development only). Prisma's schema engine compiled to wasm
// (@prisma/schema-engine-wasm, from npm) computes the SQL between two Prisma schemas, as
// `prisma migrate diff` would with the native engine that cannot be downloaded here. It can't
// describe a live Postgres through @prisma/adapter-pg 7.10 (catalog `"char"` columns are not
// supported), so every migration folder keeps a copy of the schema.prisma it leads to, and a
// new migration is the diff from the latest copy to the current schema.prisma. The drift test
// (tests/integration/schema-drift.test.ts) compares real databases, catching hand edits.

interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}
interface WasmBindings {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: object) => Promise<WasmSchemaEngine> };
}

let bindings: Promise<WasmBindings> | undefined;

// The package is a wasm-bindgen "bundler" build (it imports the .wasm as an ES module, which
// Node cannot do), so the module is instantiated here by hand.
function loadBindings(): Promise<WasmBindings> {
  bindings ??= (async () => {
    const require = createRequire(import.meta.url);
    const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import(gluePath)) as WasmBindings & Record<string, unknown>;
    const wasm = readFileSync(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
    const { instance } = await WebAssembly.instantiate(wasm, { './schema_engine_bg.js': glue as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return glue;
  })();
  return bindings;
}

const FILTERS = { externalTables: [], externalEnums: [] };

/**
 * SQL that takes a database from the schema `from` (null: empty database) to the schema `to`.
 * No query reaches the database; the engine only insists on having an adapter.
 */
export async function diffSchemas(from: string | null, to: string, databaseUrl: string): Promise<string> {
  const glue = await loadBindings();
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: databaseUrl }));
  const engine = await glue.SchemaEngine.new({ datamodels: [['schema.prisma', to]] }, () => undefined, adapter);
  const target = (content: string) => ({ tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content }] });
  try {
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : target(from),
      to: target(to),
      script: true,
      exitCode: null,
      filters: FILTERS,
    });
    const sql = result.stdout ?? '';
    return /^\s*-- This is an empty migration\.\s*$/.test(sql) ? '' : sql;
  } finally {
    engine.free();
  }
}
