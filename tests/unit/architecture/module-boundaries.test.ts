import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The floors of lib/ (lib/modules.mjs) are held by `npm run lint`. These cases lint a one-line
// file placed in a module, as a developer's new file would be, and read which rule fired.

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function importErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = value;\n`, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries', () => {
  it('refuses an import from a higher floor (ingest must not read queries)', async () => {
    const errors = await importErrors('lib/ingest/new-file.ts', "import { value } from '@/lib/queries';");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('ingest may import only platform');
  });

  it('refuses a sibling module that is not listed (mailboxes must not import access)', async () => {
    expect(await importErrors('lib/mailboxes/new-file.ts', "import { value } from '@/lib/access';")).toHaveLength(1);
  });

  it('refuses a deep import past a public entry', async () => {
    const errors = await importErrors('lib/queries/new-file.ts', "import { value } from '@/lib/access/permissions/scope';");
    expect(errors).toEqual([expect.stringContaining('@/lib/access')]);
    expect(await importErrors('app/new-page.tsx', "import { value } from '@/lib/ingest/pipeline';")).toHaveLength(1);
    expect(await importErrors('lib/ingest/new-file.ts', "import { value } from '@/lib/platform/db/prisma';")).toHaveLength(1);
  });

  it('refuses Prisma types from the generated client outside platform/db, and ../ across folders', async () => {
    expect(await importErrors('lib/sources/new-file.ts', "import { value } from '@/lib/generated/prisma/client';")).toHaveLength(1);
    expect(await importErrors('lib/sources/verdicts/new-file.ts', "import { value } from '../types';")).toHaveLength(1);
  });

  it('accepts a lower floor through its entry, and anything inside the same module', async () => {
    expect(await importErrors('lib/sources/new-file.ts', "import { value } from '@/lib/queries';")).toEqual([]);
    expect(await importErrors('lib/ingest/new-file.ts', "import { value } from '@/lib/platform/db';")).toEqual([]);
    expect(await importErrors('lib/ingest/store/new-file.ts', "import { value } from '@/lib/ingest/parse/schema';")).toEqual([]);
    expect(await importErrors('proxy.ts', "import { value } from '@/lib/access/session-cookie';")).toEqual([]);
  });
});
