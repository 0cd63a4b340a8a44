'use server';

import { z } from 'zod';
import type { TCommandItem } from '@/components/command-palette/types';
import { requireActor } from '@/lib/access';
import { listScopeDomains } from '@/lib/queries';

const ZQuery = z.string().trim().min(1).max(200);
/** A palette shows a screenful; more is noise. */
const MAX_ITEMS = 20;

/**
 * The command palette's search, scoped to what the caller may see. Domains for now; sources and
 * reports join here when their queries land (the palette groups by `kind`).
 */
export async function commandSearchAction(query: string): Promise<TCommandItem[]> {
  const parsed = ZQuery.safeParse(query);
  if (!parsed.success) return [];
  const needle = parsed.data.toLowerCase();
  const actor = await requireActor();
  const domains = await listScopeDomains(actor.scope);
  return domains
    .filter((d) => d.name.includes(needle))
    .slice(0, MAX_ITEMS)
    .map((d) => ({ id: `domain:${d.name}`, kind: 'domain', label: d.name, hint: 'Sender map', href: `/domains/${encodeURIComponent(d.name)}/sources` }));
}
