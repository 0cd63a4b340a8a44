import type { DnsClient } from '@/lib/dns/dns-client';
import { finding, type TFinding } from '@/lib/dns/finding';
import { evaluateSpf, MAX_EVALUATED_LOOKUPS, type TSpfNode, type TSpfTermNode } from './evaluate-spf';

export interface TSpfCheck {
  record: string | null;
  status: TSpfNode['status'];
  /** DNS-lookup terms through the whole tree (RFC 7208 4.6.4 allows 10). */
  lookups: number;
  /** Lookups that found nothing, through the whole tree (4.6.4 allows 2). */
  void_lookups: number;
  tree: TSpfNode;
  findings: TFinding[];
}

export const SPF_LOOKUP_LIMIT = 10;
export const SPF_VOID_LIMIT = 2;

function* walkTerms(node: TSpfNode, path: string[] = [node.domain]): Generator<{ term: TSpfTermNode; node: TSpfNode; path: string[] }> {
  for (const term of node.terms) {
    yield { term, node, path };
    if (term.child) yield* walkTerms(term.child, [...path, term.child.domain]);
  }
}

/** The includes of the domain's own records (the root and its redirect chain), most expensive first. */
export function includeCosts(tree: TSpfNode): { include: string; domain: string; cost: number }[] {
  const out: { include: string; domain: string; cost: number }[] = [];
  let node: TSpfNode | undefined = tree;
  while (node) {
    for (const t of node.terms) if (t.name === 'include' && t.target) out.push({ include: t.target, domain: node.domain, cost: t.cost });
    node = node.terms.find((t) => t.name === 'redirect' && t.child && !t.skipped)?.child;
  }
  return out.sort((a, b) => b.cost - a.cost);
}

function flattenAdvice(tree: TSpfNode): string {
  const over = tree.lookups - SPF_LOOKUP_LIMIT;
  const chosen: { include: string; cost: number }[] = [];
  let saved = 0;
  for (const inc of includeCosts(tree)) {
    if (saved >= over) break;
    chosen.push(inc);
    saved += inc.cost;
  }
  const list = chosen.map((c) => `include:${c.include}, which costs ${c.cost} lookup${c.cost === 1 ? '' : 's'}`).join('; ');
  const tail = 'Remove includes of services you no longer use first; replace a: and mx: with ip4:/ip6: where the addresses are stable.';
  return chosen.length ? `Flatten ${list} (replace it with the ip4:/ip6: ranges it lists, and keep them up to date). ${tail}` : tail;
}

export async function checkSpf(client: DnsClient, domain: string): Promise<TSpfCheck> {
  const { tree, findings, capped } = await evaluateSpf(client, domain);
  if (tree.status === 'none') {
    findings.unshift(finding('spf.missing', `${domain} has no SPF record: receivers cannot tell which servers may send as it.`, `Publish TXT "v=spf1 <your senders> -all" at ${domain} (or "v=spf1 -all" if it sends no mail).`));
  }
  for (const { term, node, path } of walkTerms(tree)) {
    if (!term.void) continue;
    const via = path.length > 1 ? ` (via ${path.slice(0, -1).join(' → ')})` : '';
    findings.push(finding('spf.void_lookup', `${node.domain}: "${term.term}" found nothing at ${term.target}${via}; receivers allow only ${SPF_VOID_LIMIT} such lookups.`, `Remove "${term.term}" from ${node.domain}, or publish the name it points to.`));
  }
  if (tree.lookups > SPF_LOOKUP_LIMIT) {
    findings.push(
      finding(
        'spf.too_many_lookups',
        `${domain}: ${tree.lookups}${capped ? '+' : ''} DNS lookups; receivers stop at the 11th with permerror, so SPF fails for all mail.`,
        flattenAdvice(tree),
      ),
    );
  } else if (tree.lookups === SPF_LOOKUP_LIMIT) {
    findings.push(finding('spf.lookups_at_limit', `${domain}: exactly ${SPF_LOOKUP_LIMIT} DNS lookups; one more include or a: breaks SPF.`, flattenAdvice({ ...tree, lookups: tree.lookups + 1 })));
  }
  if (tree.void_lookups > SPF_VOID_LIMIT) {
    findings.push(finding('spf.too_many_void_lookups', `${domain}: ${tree.void_lookups} void lookups; receivers return permerror after ${SPF_VOID_LIMIT}.`, 'Remove the terms that point to names without records (listed above).'));
  }
  if (capped) {
    findings.push(finding('spf.evaluation_capped', `${domain}: stopped following lookups after ${MAX_EVALUATED_LOOKUPS}; the counts are lower bounds.`, flattenAdvice(tree)));
  }
  return { record: tree.record, status: tree.status, lookups: tree.lookups, void_lookups: tree.void_lookups, tree, findings };
}
