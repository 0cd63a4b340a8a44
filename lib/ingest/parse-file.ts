import { summariseReport } from '@/lib/ingest/parse/parse-report';
import type { ReportFigures } from '@/lib/ingest/parse/summary';
import type { ByteSource } from '@/lib/ingest/containers/byte-source';
import { Workspace } from '@/lib/ingest/containers/workspace';
import { messageAt, toIngestError, type IngestError } from './errors';
import type { Limits } from './limits';
import { isFailure, unwrap } from '@/lib/ingest/containers/unwrap';

const PARSE_MEMORY_BYTES = 4 * 1024 * 1024;

/** One line of `atlas parse --json`: the figures of a report, or why (part of) a file was rejected. */
export type ParseFileResult =
  | ({ file: string } & ReportFigures)
  | { file: string; error: string; code: string };

export function isParseError(r: ParseFileResult): r is { file: string; error: string; code: string } {
  return 'error' in r;
}

/**
 * Unwraps and parses one input without touching a database: one result per report found,
 * plus one error result per part that could not be read (a file that holds nothing
 * readable gives exactly one error result). `file` is echoed as given.
 */
export async function parseFile(input: Buffer | ByteSource, file: string, limits: Limits): Promise<ParseFileResult[]> {
  const name = file.split(/[\\/]/).at(-1) || file;
  const results: ParseFileResult[] = [];
  // Nothing needs keeping: every report is read as a stream (summarised, never collected).
  const workspace = new Workspace(PARSE_MEMORY_BYTES);
  try {
    for (const item of await unwrap(input, name, limits, { workspace })) {
      if (isFailure(item)) {
        results.push(errorResult(file, item.path, item.error));
        continue;
      }
      try {
        const { figures } = await summariseReport(item.xml.bytes ?? item.xml.open(), limits);
        results.push({ file, ...figures });
      } catch (err) {
        results.push(errorResult(file, item.path, toIngestError(err, 'report.unreadable', 'cannot parse')));
      }
    }
  } finally {
    await workspace.dispose();
  }
  return results;
}

function errorResult(file: string, path: string, error: IngestError): ParseFileResult {
  return { file, error: messageAt(path, error), code: error.code };
}
