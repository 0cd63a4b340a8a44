import type { TDayWindow } from '@/lib/platform/dates';
import { fillSnapshots, readThrough } from './read-through';

/** Computes a per-source read for several sources of a domain in one statement. */
type TComputeBySource<T> = (domainId: number, window: TDayWindow, sourceKeys: string[], failures: boolean) => Promise<Map<string, T[]>>;

/**
 * A per-source read backed by snapshots: `read` serves one source (stored result or live),
 * `fill` stores it for several sources from one statement (the refresh job). Both key the
 * snapshot the same way, so what `fill` stores is exactly what `read` would have computed.
 */
export function perSourceSnapshotRead<T>(query: string, compute: TComputeBySource<T>) {
  const argsOf = (sourceKey: string, failures: boolean) => ({ sourceKey, failures });
  return {
    read: (domainId: number, sourceKey: string, window: TDayWindow, failures: boolean): Promise<T[]> =>
      readThrough({ domainId, query, window, args: argsOf(sourceKey, failures), enrichment: true }, async () => {
        return (await compute(domainId, window, [sourceKey], failures)).get(sourceKey) ?? [];
      }),
    fill: (domainId: number, window: TDayWindow, sourceKeys: string[], failures = false): Promise<number> =>
      fillSnapshots({ domainId, query, window, enrichment: true }, async () => {
        const bySource = await compute(domainId, window, sourceKeys, failures);
        return sourceKeys.map((key) => ({ args: argsOf(key, failures), value: bySource.get(key) ?? [] }));
      }),
  };
}
