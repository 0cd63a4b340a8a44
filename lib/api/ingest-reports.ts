import type { z } from 'zod';
import { recordAudit } from '@/lib/platform/audit';
import { prisma } from '@/lib/platform/db';
import { ingestMany, type IngestOutcome } from '@/lib/ingest';
import { auditActor, type TActor } from '@/lib/access';
import type { ZIngestReportResult, ZIngestResponse } from './schemas/reports';
import type { TUploadedFile } from './ingest-upload';

type TReportResult = z.infer<typeof ZIngestReportResult>;

/**
 * Runs uploaded files through the ingest pipeline (which routes each report by domain
 * ownership; many small files are committed several per transaction) and tells the caller
 * each report's fate as it may see it: a report for a domain outside the caller's
 * organisation is "set_aside" from its point of view, whoever owns it.
 */
export async function ingestUploadedFiles(actor: TActor, files: TUploadedFile[]): Promise<z.infer<typeof ZIngestResponse>[]> {
  const done = await ingestMany(files.map((file) => ({ bytes: file.bytes, name: `api/${file.name}`, source: 'api' as const })));
  const out: z.infer<typeof ZIngestResponse>[] = [];
  for (const [i, file] of files.entries()) {
    const r = done[i];
    // The database failed: nothing of that file was stored; the caller may send it again.
    if ('error' in r) throw r.error;
    out.push(await answer(actor, file, r.outcome));
  }
  return out;
}

async function answer(actor: TActor, file: TUploadedFile, outcome: IngestOutcome): Promise<z.infer<typeof ZIngestResponse>> {
  const names = [...new Set(outcome.reports.map((r) => r.domain).filter((d): d is string => Boolean(d)))];
  const own = new Set(
    (await prisma().domain.findMany({ where: { name: { in: names }, organizationId: actor.organizationId }, select: { name: true } })).map((d) => d.name),
  );
  const reports = outcome.reports.map((r): TReportResult => {
    const ours = r.domain !== undefined && own.has(r.domain) && r.outcome !== 'failed' && r.outcome !== 'set_aside';
    return {
      status: r.outcome === 'failed' ? 'failed' : ours ? r.outcome : 'set_aside',
      report_id: r.reportId ?? null,
      domain: r.domain ?? null,
      id: ours ? (r.reportRowId ?? null) : null,
      error: r.error ?? null,
    };
  });
  await recordAudit({
    organizationId: actor.organizationId,
    actor: auditActor(actor),
    action: 'reports.uploaded',
    targetType: 'ingest_file',
    targetId: outcome.ingestFileId,
    details: { name: file.name, status: outcome.status, reports: reports.length, attached: reports.filter((r) => r.id !== null).length, bytes: file.bytes.length },
  });
  return { file: file.name, status: outcome.status, reports };
}
