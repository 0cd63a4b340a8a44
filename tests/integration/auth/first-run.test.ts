import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../cli/main';
import { ensureAuthSecret } from '../../../lib/access/auth/ensure-auth-secret';
import { verifyPassword } from '../../../lib/access/auth/password';
import { prisma } from '../../../lib/platform/db/prisma';
import { createFirstOwner, SetupClosedError, setupOpen } from '../../../lib/access/users/create-first-owner';
import { useTestDatabase } from '../../helpers/db';

describe('first run: setup page, atlas user create, AUTH_SECRET', () => {
  beforeAll(async () => {
    await useTestDatabase();
  });

  it('creates exactly one first owner, even when two setups race', async () => {
    expect(await setupOpen()).toBe(true);
    const results = await Promise.allSettled([
      createFirstOwner({ email: 'first@setup.test', password: 'first-owner-pw', organization: 'Setup Org' }),
      createFirstOwner({ email: 'second@setup.test', password: 'second-owner-pw', organization: 'Other Org' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(SetupClosedError);
    expect(await setupOpen()).toBe(false);
    const owner = await prisma().user.findFirstOrThrow({ include: { memberships: true } });
    expect(owner.isInstanceAdmin).toBe(true);
    expect(owner.memberships[0]?.role).toBe('owner');
    await expect(createFirstOwner({ email: 'late@setup.test', password: 'late-owner-pw', organization: 'X' })).rejects.toBeInstanceOf(SetupClosedError);
  });

  it('refuses short passwords', async () => {
    await expect(createFirstOwner({ email: 'x@setup.test', password: 'short', organization: 'X' })).rejects.toThrow(/10 characters/);
  });

  it('`atlas user create` adds a user to an organisation, creating it when missing', async () => {
    expect(await main(['user', 'create', '--email', 'Carol@CLI.test', '--password', 'carol-password', '--org', 'CLI Org', '--role', 'admin'])).toBe(0);
    const carol = await prisma().user.findUniqueOrThrow({ where: { email: 'carol@cli.test' }, include: { memberships: { include: { organization: true } } } });
    expect(await verifyPassword('carol-password', carol.passwordHash!)).toBe(true);
    expect(carol.memberships.map((m) => [m.organization.name, m.role])).toEqual([['CLI Org', 'admin']]);
    expect(await main(['user', 'create', '--email', 'carol@cli.test', '--password', 'carol-password', '--org', 'CLI Org'])).toBe(1);
    expect(await main(['user', 'create', '--email', 'dan@cli.test', '--password', 'short', '--org', 'CLI Org'])).toBe(2);
    expect(await main(['user', 'create', '--email', 'dan@cli.test', '--password', 'long-enough-pw', '--org', 'CLI Org', '--role', 'god'])).toBe(2);
  });

  it('`atlas token create` prints a token that is stored hashed', async () => {
    const lines: string[] = [];
    const original = console.log;
    console.log = (line: string) => void lines.push(line);
    try {
      expect(await main(['token', 'create', '--org', 'CLI Org', '--scope', 'ingest', '--name', 'gateway'])).toBe(0);
      expect(await main(['token', 'create', '--org', 'No Such Org'])).toBe(1);
    } finally {
      console.log = original;
    }
    expect(lines[0]).toMatch(/^atl_[A-Za-z0-9_-]{43}$/);
    const row = await prisma().apiToken.findFirstOrThrow({ where: { name: 'gateway' } });
    expect(row.scope).toBe('ingest');
    expect(row.tokenHash).not.toContain(lines[0]!.slice(4));
  });

  it('AUTH_SECRET: from the environment; generated and kept in demo mode; refused otherwise', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'atlas-secret-'));
    expect(ensureAuthSecret({ envSecret: 'x'.repeat(40), demoMode: false, dataDir: dir })).toMatchObject({ source: 'env' });
    expect(() => ensureAuthSecret({ envSecret: 'short', demoMode: true, dataDir: dir })).toThrow(/at least 32/);
    expect(() => ensureAuthSecret({ demoMode: false, dataDir: dir })).toThrow(/AUTH_SECRET is not set/);
    const generated = ensureAuthSecret({ demoMode: true, dataDir: dir });
    expect(generated.source).toBe('generated');
    expect(statSync(generated.file!).mode & 0o777).toBe(0o600);
    const again = ensureAuthSecret({ demoMode: true, dataDir: dir });
    expect(again).toMatchObject({ source: 'file', secret: generated.secret });
    expect(readFileSync(generated.file!, 'utf8').trim()).toBe(generated.secret);
  });
});
