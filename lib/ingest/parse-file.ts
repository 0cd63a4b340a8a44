import { summariseReport } from '@/lib/ingest/parse/parse-report';
import type { ReportFigures } from '@/lib/ingest/parse/summary';
import { messageAt, toIngestError, type IngestError } from './errors';
import type { Limits } from './limits';
import { isFailure, unwrap } from '@/lib/ingest/containers/unwrap';

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
export async function parseFile(buffer: Buffer, file: string, limits: Limits): Promise<ParseFileResult[]> {
  const name = file.split(/[\\/]/).at(-1) || file;
  const results: ParseFileResult[] = [];
  for (const item of await unwrap(buffer, name, limits)) {
    if (isFailure(item)) {
      results.push(errorResult(file, item.path, item.error));
      continue;
    }
    try {
      const { figures } = await summariseReport(item.xml, limits);
      results.push({ file, ...figures });
    } catch (err) {
      results.push(errorResult(file, item.path, toIngestError(err, 'report.unreadable', 'cannot parse')));
    }
  }
  return results;
}

function errorResult(file: string, path: string, error: IngestError): ParseFileResult {
  return { file, error: messageAt(path, error), code: error.code };
}
