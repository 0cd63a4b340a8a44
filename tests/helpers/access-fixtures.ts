import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { prisma } from '../../lib/platform/db/prisma';
import { hashPassword } from '../../lib/access/auth/password';
import { encodeSessionCookie } from '../../lib/access/auth/session-token';
import { createApiToken } from '../../lib/access/tokens/create-api-token';
import type { TRole } from '../../lib/access/permissions/roles';

// Two organisations, their domains, members of every role and tokens: the world in which the
// access tests check that nobody sees another organisation's (or an ungranted domain's) data.

export const PASSWORD = 'correct horse battery';

let passwordHash: Promise<string> | undefined;

export async function createUserWithRole(email: string, organizationId: number, role: TRole, grants: number[] = []) {
  passwordHash ??= hashPassword(PASSWORD);
  const user = await prisma().user.create({ data: { email, passwordHash: await passwordHash } });
  const membership = await prisma().membership.create({ data: { userId: user.id, organizationId, role } });
  if (grants.length) await prisma().domainGrant.createMany({ data: grants.map((domainId) => ({ membershipId: membership.id, domainId })) });
  return { ...user, membershipId: membership.id, cookie: await encodeSessionCookie({ userId: user.id, sessionVersion: user.sessionVersion, email }) };
}

/** A stored report (with one record and the rollups) for a domain, as the ingest would leave it. */
export async function insertReport(domainId: number | null, policyDomain: string, day: string, messages = 10, sourceIp = '192.0.2.10') {
  const db = prisma();
  // The stored blob is gzip of the report's XML, as the ingest keeps it (GET …/xml inflates it).
  const xml = Buffer.from(`<?xml version="1.0"?>\n<feedback><policy_published><domain>${policyDomain}</domain></policy_published><!-- ${randomBytes(8).toString('hex')} --></feedback>\n`);
  const bytes = gzipSync(xml);
  const blob = await db.rawBlob.create({ data: { sha256: createHash('sha256').update(xml).digest('hex'), size: xml.length, compressedSize: bytes.length, bytes } });
  const begin = new Date(`${day}T00:00:00Z`);
  const report = await db.report.create({
    data: {
      domainId,
      orgName: 'google.com',
      reporterEmail: 'noreply-dmarc-support@google.com',
      reportId: `r-${randomBytes(6).toString('hex')}`,
      beginAt: begin,
      endAt: new Date(begin.getTime() + 86_399_000),
      policyDomain,
      p: 'none',
      recordCount: 1,
      messageCount: BigInt(messages),
      dmarcPass: BigInt(messages - 1),
      dkimAlignedPass: BigInt(messages - 1),
      spfAlignedPass: BigInt(messages - 2),
      sourceIpCount: 1,
      contentHash: randomBytes(8).toString('hex'),
      xmlBlobId: blob.id,
    },
  });
  // report_record has no Prisma model (no unique key): raw SQL, as ingest's COPY would store it.
  const auth = JSON.stringify([{ domain: policyDomain, result: 'pass' }]);
  await db.$executeRaw`
    INSERT INTO report_record (domain_id, report_day, report_id, ord, source_ip, count, disposition, policy_dkim, policy_spf, header_from, dkim, spf)
    VALUES (${domainId}, ${day}::date, ${report.id}, 1, ${sourceIp}::inet, ${BigInt(messages)}, 'none', 'pass', 'pass', ${policyDomain}, ${auth}::jsonb, ${auth}::jsonb)`;
  if (domainId !== null) {
    await db.domainDaily.upsert({
      where: { domainId_day: { domainId, day: begin } },
      create: { domainId, day: begin, messages: BigInt(messages), dmarcPass: BigInt(messages - 1), dkimAlignedPass: BigInt(messages - 1), spfAlignedPass: BigInt(messages - 2), quarantined: 0n, rejected: 0n, reports: 1, reportsStarted: 1 },
      update: { messages: { increment: BigInt(messages) }, reports: { increment: 1 }, reportsStarted: { increment: 1 } },
    });
    await db.dailyRollup.create({
      data: { domainId, day: begin, sourceIp, orgName: 'google.com', headerFrom: policyDomain, disposition: 'none', dkimAligned: true, spfAligned: true, dkimDomain: policyDomain, dkimResult: 'pass', spfDomain: policyDomain, spfResult: 'pass', overrideReason: '', messages: BigInt(messages) },
    });
  }
  return report;
}

export interface TWorld {
  orgA: { id: number; name: string };
  orgB: { id: number; name: string };
  domains: { a1: { id: number; name: string }; a2: { id: number; name: string }; b1: { id: number; name: string } };
  reports: { a1: bigint; a2: bigint; b1: bigint };
  users: {
    ownerA: Awaited<ReturnType<typeof createUserWithRole>>;
    adminA: Awaited<ReturnType<typeof createUserWithRole>>;
    viewerA: Awaited<ReturnType<typeof createUserWithRole>>;
    ownerB: Awaited<ReturnType<typeof createUserWithRole>>;
  };
  tokens: { readA: string; ingestA: string; readB: string };
}

/** Org A (a1-alpha.test, a2-alpha.test; the viewer sees a1 only) and org B (b1-beta.test). */
export async function createWorld(): Promise<TWorld> {
  const db = prisma();
  const orgA = await db.organization.create({ data: { name: 'Alpha Org', slug: 'alpha' }, select: { id: true, name: true } });
  const orgB = await db.organization.create({ data: { name: 'Beta Org', slug: 'beta' }, select: { id: true, name: true } });
  const a1 = await db.domain.create({ data: { name: 'a1-alpha.test', organizationId: orgA.id }, select: { id: true, name: true } });
  const a2 = await db.domain.create({ data: { name: 'a2-alpha.test', organizationId: orgA.id }, select: { id: true, name: true } });
  const b1 = await db.domain.create({ data: { name: 'b1-beta.test', organizationId: orgB.id }, select: { id: true, name: true } });
  const today = new Date().toISOString().slice(0, 10);
  const reports = {
    a1: (await insertReport(a1.id, a1.name, today, 10, '192.0.2.11')).id,
    a2: (await insertReport(a2.id, a2.name, today, 20, '192.0.2.22')).id,
    b1: (await insertReport(b1.id, b1.name, today, 30, '192.0.2.33')).id,
  };
  const users = {
    ownerA: await createUserWithRole('owner@alpha.test', orgA.id, 'owner'),
    adminA: await createUserWithRole('admin@alpha.test', orgA.id, 'admin'),
    viewerA: await createUserWithRole('viewer@alpha.test', orgA.id, 'viewer', [a1.id]),
    ownerB: await createUserWithRole('owner@beta.test', orgB.id, 'owner'),
  };
  const tokens = {
    readA: (await createApiToken({ organizationId: orgA.id, name: 'read A', scope: 'read' }, { label: 'test' })).token,
    ingestA: (await createApiToken({ organizationId: orgA.id, name: 'ingest A', scope: 'ingest' }, { label: 'test' })).token,
    readB: (await createApiToken({ organizationId: orgB.id, name: 'read B', scope: 'read' }, { label: 'test' })).token,
  };
  return { orgA, orgB, domains: { a1, a2, b1 }, reports, users, tokens };
}
