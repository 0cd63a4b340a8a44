import type { DnsClient, TLookup } from '@/lib/dns/dns-client';
import { finding, type TFinding } from '@/lib/dns/finding';
import { expandMacros } from './spf-macro';
import { isSpfRecord, parseSpfRecord, type TSpfTerm } from './spf-terms';

// Why our own evaluator and not mailauth's (npm): mailauth evaluates SPF for one sending
// address and stops at the first match, counting lookups for that path only; it has no
// tree, no per-include cost and no way to run without an address, and its current releases
// need Node 22. Here every term is followed (a worst-case sender), so the count is what a
// receiver reaches for mail that matches late or not at all, and each include's cost shows.

export interface TSpfTermNode {
  term: string;
  kind: 'mechanism' | 'modifier';
  name: string;
  qualifier: string | null;
  /** The domain queried (macros expanded; the record's own domain for a bare a/mx). */
  target: string | null;
  /** 1 when the term itself is a DNS lookup toward the limit of 10. */
  lookups: number;
  /** Lookups the term costs in all: itself plus, for include/redirect, everything under it. */
  cost: number;
  /** The term's query found nothing (NXDOMAIN or no answer). */
  void: boolean;
  /** Depends on the sending address, HELO or local part (macros, ptr): counted, not followed. */
  needs_sender: boolean;
  mx_hosts?: number;
  /** Not evaluated by receivers: after "all", or a redirect next to "all". */
  skipped?: 'after_all' | 'redirect_ignored';
  child?: TSpfNode;
}

export interface TSpfNode {
  domain: string;
  via: 'root' | 'include' | 'redirect';
  record: string | null;
  status: 'ok' | 'none' | 'permerror' | 'temperror' | 'loop' | 'capped';
  /** Lookups this record causes, nested ones included (what including it costs, besides the include itself). */
  lookups: number;
  /** Void lookups in this record and under it (the include target's own missing TXT counts here). */
  void_lookups: number;
  terms: TSpfTermNode[];
}

/** Lookup terms followed per check, far over 10: enough to cost the worst real chains, bounded for hostile ones. */
export const MAX_EVALUATED_LOOKUPS = 60;

interface TContext {
  client: DnsClient;
  sender: string;
  findings: TFinding[];
  evaluated: number;
  capped: boolean;
}

const isVoid = (r: TLookup<unknown[]>) => r.status === 'nxdomain' || r.status === 'nodata' || (r.status === 'ok' && r.data.length === 0);

async function addressLookup(ctx: TContext, node: TSpfTermNode, where: string, ipv4Only: boolean): Promise<void> {
  // a: receivers ask A or AAAA by the client's family; with no client, void means neither has
  // an answer. exists: always A (section 5.7).
  const [a, aaaa] = await Promise.all([ctx.client.a(node.target!), ipv4Only ? Promise.resolve({ status: 'nodata' as const }) : ctx.client.aaaa(node.target!)]);
  if ((a.status === 'ok' && a.data.length) || (aaaa.status === 'ok' && aaaa.data.length)) return;
  const failed = [a, aaaa].find((r) => r.status === 'failed');
  if (failed && failed.status === 'failed') {
    ctx.findings.push(finding('spf.lookup_failed', `${where}: ${node.term}: ${failed.message}; receivers return temperror.`, `Check that the DNS servers for ${node.target} answer.`));
    return;
  }
  node.void = isVoid(a) && isVoid(aaaa);
}

async function evaluateTerm(ctx: TContext, node: TSpfTermNode, term: TSpfTerm, domain: string, own: boolean, stack: string[]): Promise<void> {
  const where = domain;
  if (term.kind === 'mechanism' && term.name === 'ptr') {
    node.needs_sender = true;
    if (own) ctx.findings.push(finding('spf.ptr_deprecated', `${where}: "${term.raw}" is deprecated (RFC 7208 5.5): slow, unreliable, and some receivers skip it.`, 'Replace ptr with the ip4:/ip6: ranges or a: names of the servers it was meant to match.'));
    return;
  }
  const spec = term.kind === 'modifier' ? term.value : (term.spec ?? domain);
  const expanded = expandMacros(spec, { current: domain, sender: ctx.sender });
  if (expanded.status !== 'ok') {
    node.needs_sender = true;
    if (expanded.status === 'unexpandable') {
      ctx.findings.push(finding('spf.macro_unexpandable', `${where}: "${node.term}" uses %{${expanded.letters.join('}, %{')}}, known only for a real message: its lookups are counted once and not followed.`, ''));
    }
    return;
  }
  node.target = expanded.value;
  if (ctx.evaluated >= MAX_EVALUATED_LOOKUPS) {
    ctx.capped = true;
    return;
  }
  ctx.evaluated += 1;
  if (term.name === 'include' || term.name === 'redirect') {
    const via = term.name;
    if (stack.includes(node.target)) {
      const code = via === 'include' ? 'spf.include_loop' : 'spf.redirect_loop';
      ctx.findings.push(finding(code, `${where}: ${node.term} leads back to ${node.target} (${[...stack, node.target].join(' → ')}); receivers stop with permerror.`, `Remove ${node.term} from ${domain}.`));
      node.child = { domain: node.target, via, record: null, status: 'loop', lookups: 0, void_lookups: 0, terms: [] };
      return;
    }
    node.child = await evaluateRecord(ctx, node.target, via, own && via === 'redirect', [...stack, node.target]);
    if (node.child.status === 'none') {
      const code = via === 'include' ? 'spf.include_no_record' : 'spf.redirect_no_record';
      ctx.findings.push(finding(code, `${where}: ${node.term}: ${node.target} has no SPF record; receivers return permerror.`, `Remove ${node.term}, or fix the name (the service's setup guide gives it).`));
    }
    node.cost = 1 + node.child.lookups;
    node.void = node.child.status === 'none' && node.child.void_lookups > 0;
    return;
  }
  if (term.name === 'a' || term.name === 'exists') {
    await addressLookup(ctx, node, where, term.name === 'exists');
    return;
  }
  if (term.name === 'mx') {
    const mx = await ctx.client.mx(node.target);
    if (mx.status === 'failed') {
      ctx.findings.push(finding('spf.lookup_failed', `${where}: ${node.term}: ${mx.message}; receivers return temperror.`, `Check that the DNS servers for ${node.target} answer.`));
      return;
    }
    node.void = isVoid(mx);
    node.mx_hosts = mx.status === 'ok' ? mx.data.length : 0;
    // Section 4.6.4: more than 10 MX hosts is a permerror (each host's address lookups count).
    if (node.mx_hosts > 10) ctx.findings.push(finding('spf.mx_too_many', `${where}: ${node.term}: ${node.target} has ${node.mx_hosts} MX hosts; over 10 is a permerror.`, 'Replace mx with ip4:/ip6: ranges of the hosts that send mail.'));
  }
}

async function evaluateRecord(ctx: TContext, domain: string, via: TSpfNode['via'], own: boolean, stack: string[]): Promise<TSpfNode> {
  const node: TSpfNode = { domain, via, record: null, status: 'ok', lookups: 0, void_lookups: 0, terms: [] };
  const txt = await ctx.client.txt(domain);
  if (txt.status === 'failed') {
    ctx.findings.push(finding('spf.lookup_failed', `Looking up the SPF record of ${domain} failed (${txt.message}); receivers return temperror.`, `Check that the DNS servers for ${domain} answer.`));
    return { ...node, status: 'temperror' };
  }
  const records = txt.status === 'ok' ? txt.data.filter(isSpfRecord) : [];
  if (records.length === 0) return { ...node, status: 'none', void_lookups: via !== 'root' && isVoid(txt as TLookup<unknown[]>) ? 1 : 0 };
  if (records.length > 1) {
    ctx.findings.push(finding('spf.multiple_records', `${domain} has ${records.length} SPF records; receivers return permerror.`, 'Merge them into one "v=spf1 … -all" record.'));
    return { ...node, status: 'permerror', record: records[0] };
  }
  node.record = records[0];
  const syntax = parseSpfRecord(node.record);
  if (syntax.errors.length) {
    node.status = 'permerror';
    ctx.findings.push(finding('spf.syntax', `${domain}: ${syntax.errors.join('; ')}; receivers return permerror.`, 'Correct the record (terms separated by single spaces: ip4:, ip6:, a, mx, include:, -all).'));
  }
  const allIndex = syntax.terms.findIndex((t) => t.kind === 'mechanism' && t.name === 'all');
  const redirects = syntax.terms.filter((t) => t.kind === 'modifier' && t.name === 'redirect');
  // Mechanisms in order, then redirect= (evaluated only when nothing matched, wherever it stands).
  const ordered = [...syntax.terms.filter((t) => !(t.kind === 'modifier' && t.name === 'redirect')), ...redirects];
  for (const term of ordered) {
    const index = syntax.terms.indexOf(term);
    const node_: TSpfTermNode = {
      term: term.raw, kind: term.kind, name: term.name, qualifier: term.kind === 'mechanism' ? term.qualifier : null, target: null, lookups: 0, cost: 0, void: false, needs_sender: false,
    };
    node.terms.push(node_);
    if (term.kind === 'modifier' && term.name !== 'redirect') {
      if (term.name !== 'exp' && own) ctx.findings.push(finding('spf.unknown_modifier', `${domain}: unknown modifier "${term.raw}"; receivers ignore it.`, `Remove "${term.raw}"${['include', 'a', 'mx', 'ip4', 'ip6', 'exists', 'ptr', 'all'].includes(term.name) ? ` (write ${term.name}:… with a colon)` : ''}.`));
      continue;
    }
    if (term.kind === 'mechanism' && allIndex >= 0 && index > allIndex) {
      node_.skipped = 'after_all';
      continue;
    }
    if (term.kind === 'modifier' && allIndex >= 0) {
      node_.skipped = 'redirect_ignored';
      if (own) ctx.findings.push(finding('spf.redirect_ignored', `${domain}: "${term.raw}" is ignored because the record has "all".`, `Remove "${term.raw}", or remove "all" if the redirect target should decide.`));
      continue;
    }
    if (!['include', 'a', 'mx', 'ptr', 'exists', 'redirect'].includes(term.name)) continue;
    node_.lookups = 1;
    node_.cost = 1;
    await evaluateTerm(ctx, node_, term, domain, own, stack);
  }
  if (own && allIndex >= 0 && allIndex < syntax.terms.length - 1 && syntax.terms.slice(allIndex + 1).some((t) => t.kind === 'mechanism')) {
    ctx.findings.push(finding('spf.terms_after_all', `${domain}: terms after "all" are never evaluated.`, 'Move them before "all" or remove them.'));
  }
  const all = allIndex >= 0 ? syntax.terms[allIndex] : null;
  if (all && all.kind === 'mechanism' && all.qualifier === '+') {
    ctx.findings.push(
      finding('spf.pass_all', `${domain}: "${all.raw}" lets every server on the internet pass SPF${own ? '' : ` (and everything that includes ${domain})`}.`, own ? `End the record with -all (or ~all while you check your senders).` : `Remove the include of ${domain}.`),
    );
  }
  if (own && all && all.kind === 'mechanism' && all.qualifier === '?') {
    ctx.findings.push(finding('spf.neutral_all', `${domain}: "?all" says nothing about other servers; receivers treat their mail as unauthenticated, not failing.`, 'End the record with -all (or ~all while you check your senders).'));
  }
  if (own && !all && !redirects.length) {
    ctx.findings.push(finding('spf.no_all', `${domain}: the record has no "all" and no redirect=, so other servers get "neutral".`, 'End the record with -all (or ~all while you check your senders).'));
  }
  for (const t of node.terms) {
    node.lookups += t.cost;
    node.void_lookups += t.void && !t.child ? 1 : 0;
    node.void_lookups += t.child?.void_lookups ?? 0;
  }
  if (ctx.capped) node.status = node.status === 'ok' ? 'capped' : node.status;
  return node;
}

export interface TSpfEvaluation {
  tree: TSpfNode;
  findings: TFinding[];
  capped: boolean;
}

/** Evaluates the SPF record of `domain` with every include/redirect followed. */
export async function evaluateSpf(client: DnsClient, domain: string): Promise<TSpfEvaluation> {
  const ctx: TContext = { client, sender: domain, findings: [], evaluated: 0, capped: false };
  const tree = await evaluateRecord(ctx, domain, 'root', true, [domain]);
  return { tree, findings: ctx.findings, capped: ctx.capped };
}
