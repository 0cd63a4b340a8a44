import { z } from 'zod';

// The per-file result of POST /api/v1/reports (lib/api/schemas/reports.ts, ZIngestResponse),
// read again here: the browser gets it over the network, and a client component may not import
// the server's schemas. Unknown statuses are kept as text rather than failing the upload view.

const ZReportResult = z.object({
  status: z.string(),
  report_id: z.string().nullable(),
  domain: z.string().nullable(),
  id: z.string().nullable(),
  error: z.string().nullable(),
});

const ZFileResult = z.object({ file: z.string(), status: z.string(), reports: z.array(ZReportResult) });

/** 200, 207 (mixed) and 422 (nothing ingested) carry per-file results; other errors one message. */
export const ZUploadResponse = z.union([
  z.object({ files: z.array(ZFileResult) }),
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
]);

export type TUploadOutcome = 'ingested' | 'duplicate' | 'set_aside' | 'failed' | 'partial';

export interface TUploadReportLine {
  outcome: TUploadOutcome;
  text: string;
  /** The stored report's page, when it belongs to the uploader's organisation. */
  href: string | null;
}

export interface TUploadSummary {
  outcome: TUploadOutcome;
  headline: string;
  lines: TUploadReportLine[];
}

const LABEL: Record<TUploadOutcome, string> = {
  ingested: 'Ingested',
  duplicate: 'Duplicate',
  set_aside: 'Set aside',
  failed: 'Failed',
  partial: 'Partly failed',
};

function reportOutcome(status: string): TUploadOutcome {
  if (status === 'ingested' || status === 'replaced') return 'ingested';
  if (status === 'duplicate' || status === 'set_aside') return status;
  return 'failed';
}

const count = (n: number, one: string, other: string) => `${n} ${n === 1 ? one : other}`;

/** What the upload list shows for one file, from the HTTP status and the body. */
export function summariseUpload(httpStatus: number, body: unknown): TUploadSummary {
  const parsed = ZUploadResponse.safeParse(body);
  if (!parsed.success) return { outcome: 'failed', headline: `Failed: the server answered HTTP ${httpStatus}`, lines: [] };
  if ('error' in parsed.data) return { outcome: 'failed', headline: `Failed: ${parsed.data.error.message}`, lines: [] };
  const reports = parsed.data.files.flatMap((f) => f.reports);
  const lines = reports.map((r): TUploadReportLine => {
    const outcome = reportOutcome(r.status);
    const what = [r.domain, r.report_id ? `report ${r.report_id}` : null].filter(Boolean).join(' · ') || 'a part of the file';
    const text =
      outcome === 'failed'
        ? `${r.error ?? 'could not be read'}`
        : outcome === 'set_aside'
          ? `${what}: not one of your organisation's domains — kept aside until its owner adds it`
          : outcome === 'duplicate'
            ? `${what}: already stored`
            : `${what}${r.status === 'replaced' ? ': replaced an earlier copy' : ''}`;
    return { outcome, text, href: r.id && outcome !== 'failed' && outcome !== 'set_aside' ? `/reports/${r.id}` : null };
  });
  const by = (o: TUploadOutcome) => lines.filter((l) => l.outcome === o).length;
  const failed = by('failed');
  const outcome: TUploadOutcome =
    failed > 0 ? (failed === lines.length ? 'failed' : 'partial') : by('ingested') > 0 ? 'ingested' : by('set_aside') > 0 ? 'set_aside' : 'duplicate';
  const parts = [
    by('ingested') && count(by('ingested'), 'report ingested', 'reports ingested'),
    by('duplicate') && count(by('duplicate'), 'duplicate', 'duplicates'),
    by('set_aside') && count(by('set_aside'), 'set aside', 'set aside'),
    failed && count(failed, 'failed', 'failed'),
  ].filter(Boolean);
  if (outcome === 'failed' && lines.length === 1) return { outcome, headline: `Failed: ${lines[0]!.text}`, lines: [] };
  const headline = lines.length === 0 ? `${LABEL[outcome]}: no report in the file` : `${LABEL[outcome]}: ${parts.join(', ')}`;
  return { outcome, headline, lines };
}
