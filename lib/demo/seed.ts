import { hashPassword } from '@/lib/access';
import { prisma } from '@/lib/platform/db';
import { ingestBuffer } from '@/lib/ingest';
import { demoReports } from './generate';
import { DEMO_DOMAINS, DEMO_LOGIN, DEMO_ORG } from './scenario';

export interface DemoLogin {
  email: string;
  password: string;
}

/**
 * Creates the demo organisation, its domains and login, and feeds ~90 days of generated
 * aggregate reports through the real ingest pipeline (the same path as uploads and IMAP).
 * Idempotent: reports already stored are duplicates and change nothing.
 */
export async function seedDemo(onProgress: (line: string) => void = () => undefined): Promise<DemoLogin> {
  const db = prisma();
  const org = await db.organization.upsert({ where: { name: DEMO_ORG }, create: { name: DEMO_ORG, slug: 'demo-corp' }, update: {} });
  for (const domain of DEMO_DOMAINS) {
    await db.domain.upsert({ where: { name: domain.name }, create: { name: domain.name, organizationId: org.id }, update: {} });
  }
  const passwordHash = await hashPassword(DEMO_LOGIN.password);
  const user = await db.user.upsert({
    where: { email: DEMO_LOGIN.email },
    create: { email: DEMO_LOGIN.email, name: 'Demo Admin', passwordHash },
    update: {},
  });
  await db.membership.upsert({
    where: { userId_organizationId: { userId: user.id, organizationId: org.id } },
    create: { userId: user.id, organizationId: org.id, role: 'owner' },
    update: {},
  });
  let count = 0;
  let stored = 0;
  for (const file of demoReports()) {
    const outcome = await ingestBuffer({ bytes: file.xml, name: `demo/${file.name}`, source: 'demo' });
    count += 1;
    if (outcome.status === 'ingested') stored += 1;
    if (count % 250 === 0) onProgress(`Demo data: ${count} reports ingested…`);
  }
  onProgress(`Demo data: ${count} reports (${stored} new) for ${DEMO_DOMAINS.length} domains of "${DEMO_ORG}"`);
  return { ...DEMO_LOGIN };
}

/** On the embedded database's first start: seed once; afterwards just return the login. */
export async function ensureDemo(onProgress: (line: string) => void): Promise<DemoLogin> {
  const existing = await prisma().organization.findUnique({ where: { name: DEMO_ORG } });
  if (existing) return { ...DEMO_LOGIN };
  onProgress('First start: generating demo data through the ingest pipeline…');
  return seedDemo(onProgress);
}
