import type { z } from 'zod';
import { recordAudit } from '@/lib/platform/audit';
import { ingestBuffer, recordSubmitter } from '@/lib/ingest';
import { auditActor, type TActor } from '@/lib/access';
import type { ZIngestReportResult, ZIngestResponse } from './schemas/reports';
import type { TUploadedFile } from './ingest-upload';

type TReportResult = z.infer<typeof ZIngestReportResult>;

/**
 * Runs one uploaded file through the ingest pipeline for the caller's organisation only: a
 * report for a domain the organisation does not own is refused (`failed`, with the same words
 * whoever owns the domain), never attached to another organisation or set aside, so the answer
 * tells nothing about other organisations' domains or reports (issue 17).
 */
export async function ingestUploadedFile(actor: TActor, file: TUploadedFile): Promise<z.infer<typeof ZIngestResponse>> {
  const who = auditActor(actor);
  // A person's upload in the browser (session) or a script's (token): the ingest log says which.
  const source = actor.kind === 'user' ? 'upload' : 'api';
  const outcome = await ingestBuffer({ bytes: file.bytes, name: `${source}/${file.name}`, source }, { organizationId: actor.organizationId, actor: who });
  await recordSubmitter(outcome.ingestFileId, actor.organizationId);
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
