#!/usr/bin/env -S node --max-semi-space-size=64
// The `atlas` command (package.json "bin"). The CLI is TypeScript run through tsx's loader, so
// the checkout needs no separate build step for it. The young generation is 64 MB (V8's default
// is 16): parsing a large report allocates a tag object and strings per XML element, and the
// larger nursery cut the ingest's CPU by about a quarter (docs/performance.md). It is a start-up
// flag, so it is here and in package.json's scripts, not set at run time.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
if (process.cwd() !== root && !process.env.ATLAS_DATA_DIR) process.env.ATLAS_DATA_DIR = path.join(root, '.atlas');
register({ tsconfig: path.join(root, 'tsconfig.json') });
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
