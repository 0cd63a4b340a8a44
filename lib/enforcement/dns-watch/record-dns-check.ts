import type { TDnsCheck } from '@/lib/dns';
import { prisma, type Prisma } from '@/lib/platform/db';
import { classifyPublished, publishedFromCheck } from '@/lib/enforcement/published-policy';
import { stageIndex, type TCurrentStage } from '@/lib/enforcement/stages';

// First key of the two-key advisory lock ('ATLE'), second = domain id: the watch job and a
// person's re-check of the same domain never record the same change twice.
const LOCK_SPACE = 0x41544c45;

export type TLookupStatus = 'ok' | 'none' | 'failed';

export interface TRecordedChange {
  record: 'dmarc' | 'spf';
  kind: 'added' | 'changed' | 'removed' | 'advanced' | 'rollback';
  oldValue: string | null;
  newValue: string | null;
  oldStage: TCurrentStage | null;
  newStage: TCurrentStage | null;
}

export interface TRecordResult {
  changes: TRecordedChange[];
  stage: TCurrentStage;
  /**
   * The stage moved forward to a newly published one (the wizard moved): its stage event, the
   * check before it, and whether a person had announced the advance (with the gates then).
   */
  published: { from: TCurrentStage; to: TCurrentStage; eventId: bigint; previousResult: unknown; announced: boolean } | null;
  rolledBack: { from: TCurrentStage; to: TCurrentStage } | null;
}

/** A failed lookup says nothing about the record: only NXDOMAIN or an empty answer mean "none". */
export function dmarcStatus(check: TDnsCheck): TLookupStatus {
  if (check.dmarc.record) return 'ok';
  return check.dmarc.findings.some((f) => f.code === 'dmarc.lookup_failed') ? 'failed' : 'none';
}

export function spfStatus(check: TDnsCheck): TLookupStatus {
  if (check.spf.record) return 'ok';
  return check.spf.status === 'temperror' || check.spf.findings.some((f) => f.code === 'spf.lookup_failed') ? 'failed' : 'none';
}

function dmarcKind(oldValue: string | null, newValue: string | null, from: TCurrentStage, to: TCurrentStage): TRecordedChange['kind'] {
  if (stageIndex(to) < stageIndex(from)) return 'rollback';
  if (oldValue === null) return 'added';
  if (newValue === null) return 'removed';
  return stageIndex(to) > stageIndex(from) ? 'advanced' : 'changed';
}

/**
 * Stores a domain's latest DNS check and what changed since the previous one: a DNS change
 * event per changed DMARC/SPF record (history and alerts), and the wizard's stage, which
 * follows what is published (an advance a person announced is confirmed, a lower stage is a
 * rollback). The first check is the baseline: no change events, one "observed" stage event.
 */
export async function recordDnsCheck(domainId: number, check: TDnsCheck, now = new Date()): Promise<TRecordResult> {
  return prisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LOCK_SPACE}::int, ${domainId}::int)`;
    const previous = await tx.domainDnsState.findUnique({ where: { domainId } });
    const state = await tx.enforcementState.findUnique({ where: { domainId } });
    const dStatus = dmarcStatus(check);
    const sStatus = spfStatus(check);
    const dmarcRecord = dStatus === 'failed' ? (previous?.dmarcRecord ?? null) : check.dmarc.record;
    const spfRecord = sStatus === 'failed' ? (previous?.spfRecord ?? null) : check.spf.record;
    const count = (s: string) => check.findings.filter((f) => f.severity === s).length;
    const row = {
      checkedAt: now,
      dmarcStatus: dStatus,
      dmarcRecord,
      spfStatus: sStatus,
      spfRecord,
      errorCount: count('error'),
      warningCount: count('warning'),
      result: check as unknown as Prisma.InputJsonValue,
    };
    await tx.domainDnsState.upsert({ where: { domainId }, create: { domainId, ...row }, update: row });

    const changes: TRecordedChange[] = [];
    const stage = dStatus === 'failed' ? ((state?.stage as TCurrentStage | undefined) ?? 'unpublished') : classifyPublished(publishedFromCheck(check.dmarc, check.domain));
    const oldStage = (state?.stage as TCurrentStage | undefined) ?? null;
    if (previous && dStatus !== 'failed' && previous.dmarcRecord !== dmarcRecord) {
      const from = oldStage ?? 'unpublished';
      changes.push({ record: 'dmarc', kind: dmarcKind(previous.dmarcRecord, dmarcRecord, from, stage), oldValue: previous.dmarcRecord, newValue: dmarcRecord, oldStage: from, newStage: stage });
    }
    if (previous && sStatus !== 'failed' && previous.spfRecord !== spfRecord) {
      const kind = previous.spfRecord === null ? 'added' : spfRecord === null ? 'removed' : 'changed';
      changes.push({ record: 'spf', kind, oldValue: previous.spfRecord, newValue: spfRecord, oldStage: null, newStage: null });
    }
    if (changes.length) await tx.dnsChangeEvent.createMany({ data: changes.map((c) => ({ domainId, ...c, detectedAt: now })) });

    let published: TRecordResult['published'] = null;
    let rolledBack: TRecordResult['rolledBack'] = null;
    if (!state) {
      await tx.enforcementState.create({ data: { domainId, stage, stageSince: now } });
      await tx.enforcementEvent.create({ data: { domainId, kind: 'observed', toStage: stage, record: dmarcRecord, actorLabel: 'dns-watch', createdAt: now } });
    } else if (state.stage !== stage) {
      const from = state.stage as TCurrentStage;
      const forward = stageIndex(stage) > stageIndex(from);
      // An announced advance is done once DNS shows that stage or a later one.
      const pendingDone = state.pendingStage !== null && stageIndex(stage) >= stageIndex(state.pendingStage as TCurrentStage);
      await tx.enforcementState.update({
        where: { domainId },
        data: { stage, stageSince: now, ...(pendingDone ? { pendingStage: null, pendingSince: null, pendingByLabel: null } : {}) },
      });
      const event = await tx.enforcementEvent.create({
        data: { domainId, kind: forward ? 'published' : 'rolled_back', fromStage: from, toStage: stage, record: dmarcRecord, actorLabel: 'dns-watch', createdAt: now },
      });
      if (forward) published = { from, to: stage, eventId: event.id, previousResult: previous?.result ?? null, announced: pendingDone };
      else rolledBack = { from, to: stage };
    }
    return { changes, stage, published, rolledBack };
  });
}
