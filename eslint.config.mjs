import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';
import { MODULES } from './lib/modules.mjs';

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Import specifiers of `target` that are not one of its public entries. */
function deepImportOf(target) {
  const { entries } = MODULES[target];
  if (target === 'platform') return { regex: `^@/lib/platform(/(?!(${entries.join('|')})$)[^/]+|/[^/]+/.+|$)`, message: 'Import a platform library through its entry, e.g. @/lib/platform/db.' };
  const extra = entries.filter((e) => e !== 'index').map(escape);
  const allowed = extra.length ? `(?!(${extra.join('|')})$)` : '';
  return { regex: `^@/lib/${target}/${allowed}.+`, message: `Import ${target} through its public entry: @/lib/${target}${extra.length ? ` (or ${extra.map((e) => `@/lib/${target}/${e}`).join(', ')})` : ''}.` };
}

const names = Object.keys(MODULES);
const GENERATED = { regex: '^@/lib/generated(/|$)', message: 'Prisma types come from @/lib/platform/db.' };
const PARENT = { regex: '^\\.\\./', message: 'Within lib/, import other folders by @/lib/… paths (relative imports stay inside one folder).' };

// One rule set per module: only the lower floors it lists, only through their entries.
const moduleRules = names.map((name) => {
  const forbidden = names.filter((other) => other !== name && !MODULES[name].mayImport.includes(other));
  const patterns = [
    PARENT,
    ...(name === 'platform' ? [] : [GENERATED]),
    ...(forbidden.length ? [{ regex: `^@/lib/(${forbidden.join('|')})(/|$)`, message: `${name} may import only ${MODULES[name].mayImport.join(', ') || 'nothing else in lib'} (lib/modules.mjs).` }] : []),
    ...MODULES[name].mayImport.map(deepImportOf),
  ];
  // platform's libraries use each other through their entries too.
  if (name === 'platform') patterns.push({ regex: '^@/lib/platform/[^/]+/.+', message: 'Import another platform library through its entry, e.g. @/lib/platform/db.' });
  return { files: [`lib/${name}/**/*.{ts,tsx}`], rules: { 'no-restricted-imports': ['error', { patterns }] } };
});

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // `any` needs a comment saying why (project rule); the disable comment is that place.
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The app, its components and the CLI sit on top: any module, through its public entries.
  {
    files: ['app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}', 'cli/**/*.ts', '*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [GENERATED, ...names.map(deepImportOf)] }] },
  },
  ...moduleRules,
  { ignores: ['.next/**', 'node_modules/**', 'lib/generated/**', '.atlas/**', 'tests/artifacts/**', 'next-env.d.ts'] },
];

export default config;
