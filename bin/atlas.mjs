#!/usr/bin/env node
// The `atlas` command (package.json "bin"). The CLI is TypeScript run through tsx's loader, so
// the checkout needs no separate build step for it.
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
