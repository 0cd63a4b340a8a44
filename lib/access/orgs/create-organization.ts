import { prisma, type Prisma } from '@/lib/platform/db';

export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'org'
  );
}

/** A free slug for `name` ("acme", "acme-2", …). */
export async function freeSlug(db: Prisma.TransactionClient, name: string): Promise<string> {
  const base = slugify(name);
  const taken = new Set((await db.organization.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((o) => o.slug));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i += 1) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The organisation called `name`, created when missing. */
export async function findOrCreateOrganization(name: string, db: Prisma.TransactionClient = prisma()): Promise<{ id: number; name: string; created: boolean }> {
  const trimmed = name.trim();
  if (!trimmed) throw new Error('An organisation needs a name.');
  const existing = await db.organization.findUnique({ where: { name: trimmed }, select: { id: true, name: true } });
  if (existing) return { ...existing, created: false };
  const org = await db.organization.create({ data: { name: trimmed, slug: await freeSlug(db, trimmed) }, select: { id: true, name: true } });
  return { ...org, created: true };
}
