import type { z } from 'zod';
import { recordAudit, type TAuditActor } from '@/lib/platform/audit';
import { ingestMany, recordSubmitter, type IngestOutcome } from '@/lib/ingest';
import { auditActor, type TActor } from '@/lib/access';
import type { ZIngestReportResult, ZIngestResponse } from './schemas/reports';
import type { TUploadedFile } from './ingest-upload';

type TReportResult = z.infer<typeof ZIngestReportResult>;

/**
 * Runs uploaded files through the ingest pipeline for the caller's organisation only (many
 * small files are committed several per transaction): a report for a domain the organisation
 * does not own is refused (`failed`, with the same words whoever owns the domain), never
 * attached to another organisation or set aside, so the answer tells nothing about other
 * organisations' domains or reports (issue 17).
 */
export async function ingestUploadedFiles(actor: TActor, files: TUploadedFile[]): Promise<z.infer<typeof ZIngestResponse>[]> {
  const who = auditActor(actor);
  // A person's upload in the browser (session) or a script's (token): the ingest log says which.
  const source = actor.kind === 'user' ? ('upload' as const) : ('api' as const);
  const done = await ingestMany(
    files.map((file) => ({ bytes: file.bytes, name: `${source}/${file.name}`, source })),
    { organizationId: actor.organizationId, actor: who },
  );
  const out: z.infer<typeof ZIngestResponse>[] = [];
  for (const [i, file] of files.entries()) {
    const r = done[i];
    // The database failed: nothing of that file was stored; the caller may send it again.
    if ('error' in r) throw r.error;
    await recordSubmitter(r.outcome.ingestFileId, actor.organizationId);
    out.push(await answer(actor, who, file, r.outcome));
  }
  return out;
}

async function answer(actor: TActor, who: TAuditActor, file: TUploadedFile, outcome: IngestOutcome): Promise<z.infer<typeof ZIngestResponse>> {
  const reports = outcome.reports.map((r): TReportResult => ({
    status: r.outcome,
    report_id: r.reportId ?? null,
    domain: r.domain ?? null,
    id: r.outcome === 'failed' ? null : (r.reportRowId ?? null),
    error: r.error ?? null,
  }));
  await recordAudit({
    organizationId: actor.organizationId,
    actor: who,
    action: 'reports.uploaded',
    targetType: 'ingest_file',
    targetId: outcome.ingestFileId,
    details: { name: file.name, status: outcome.status, reports: reports.length, attached: reports.filter((r) => r.id !== null).length, bytes: file.bytes.length },
  });
  return { file: file.name, status: outcome.status, reports };
}
