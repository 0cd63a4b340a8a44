import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { GET as domainStats } from '../../../app/api/v1/domains/[domain]/stats/route';
import { loadUserScope } from '../../../lib/access/permissions/user-scope';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { prisma } from '../../../lib/platform/db/prisma';
import { findDomainInScope } from '../../../lib/queries/domains/find-domain-in-scope';
import { createWorld, type TWorld } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';
import { DAY, xmlReport } from './helpers';

// One rule for a domain name, end to end: an internationalised domain is stored as its ASCII
// (IDNA) form, and whoever names it in Unicode — a reporter, the CLI, an API path, a page URL —
// meets the same domain.

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const ASCII = 'xn--bcher-kva.example';
const UNICODE = 'bücher.example';
const yesterday = Math.floor(Date.now() / 1000 / DAY) * DAY - DAY;

describe('an internationalised domain name', () => {
  let world: TWorld;
  let url = '';

  beforeAll(async () => {
    url = await useTestDatabase();
    world = await createWorld();
    await prisma().domain.create({ data: { name: ASCII, organizationId: world.orgA.id } });
    // Reporters write the policy domain as published: in its ASCII form, or in Unicode.
    for (const [reportId, domain, count] of [['idn-ascii', ASCII, 5], ['idn-unicode', 'Bücher.Example.', 2]] as const) {
      const outcome = await ingestBuffer({ bytes: xmlReport({ reportId, domain, begin: yesterday, end: yesterday + DAY - 1, records: [{ count, ip: '198.51.100.7' }] }), name: `${reportId}.xml`, source: 'cli' });
      expect(outcome.reports[0]).toMatchObject({ outcome: 'ingested', domain: ASCII });
    }
  });

  it('is found by the CLI when named in Unicode', async () => {
    const { stdout } = await run(process.execPath, [path.join(root, 'bin/atlas.mjs'), 'sources', UNICODE, '--json', '--days', '7'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, ATLAS_LOG_LEVEL: 'warn' },
      maxBuffer: 16 << 20,
    });
    const map = JSON.parse(stdout) as { domain: string; sources: { messages: number }[] };
    expect(map.domain).toBe(ASCII);
    expect(map.sources.reduce((sum, s) => sum + s.messages, 0)).toBe(7);
  });

  it('is found by the API when its path names it in Unicode', async () => {
    const encoded = encodeURIComponent(UNICODE);
    expect(encoded).toBe('b%C3%BCcher.example');
    // Next hands route handlers their dynamic segments decoded.
    const response = await domainStats(new Request(`http://localhost/api/v1/domains/${encoded}/stats`, { headers: { authorization: `Bearer ${world.tokens.readA}` } }), {
      params: Promise.resolve({ domain: decodeURIComponent(encoded) }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { domain: string; totals: { messages: number; reports: number } };
    expect(body).toMatchObject({ domain: ASCII, totals: { messages: 7, reports: 2 } });
  });

  it('is found by the pages’ domain lookup, in either form, and only by those who may see it', async () => {
    const owner = await loadUserScope(world.users.ownerA.id);
    for (const name of [decodeURIComponent('b%C3%BCcher.example'), ASCII, 'BÜCHER.example.']) {
      expect(await findDomainInScope(owner, name)).toMatchObject({ name: ASCII, organizationId: world.orgA.id });
    }
    expect(await findDomainInScope(await loadUserScope(world.users.viewerA.id), UNICODE)).toBeNull();
    expect(await findDomainInScope(await loadUserScope(world.users.ownerB.id), UNICODE)).toBeNull();
  });
});
