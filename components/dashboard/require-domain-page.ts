import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { requireActor } from '@/lib/access';
import { findDomainInScope } from '@/lib/queries';

/**
 * The signed-in actor and the domain a `/domains/[domain]/…` page is about (`param` as the
 * URL has it). A domain outside the actor's scope is a 404 like an unknown one, so the page
 * never tells "exists, not yours" from "does not exist".
 */
export async function requireDomainPage(param: string) {
  await connection();
  const actor = await requireActor();
  const domain = await findDomainInScope(actor.scope, decodeURIComponent(param));
  if (!domain) notFound();
  return { actor, domain };
}
