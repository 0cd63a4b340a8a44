import { expect } from 'vitest';
import type { TDayWindow } from '../../../lib/platform/dates';
import {
  listDomainCountries,
  listDomainReporters,
  listReporterVolumes,
  listSourceAddresses,
  listSourceAuthResults,
  listSourceDays,
  listSourceReporters,
  listSources,
  liveReads,
} from '../../../lib/queries';

/** Every wrapped read of one domain (and one of its sources) over a window, by name. */
export function readsOf(domainId: number, source: string, w: TDayWindow): Record<string, () => Promise<unknown>> {
  const scope = { domainIds: [domainId] };
  return {
    sources: () => listSources(scope, domainId, w),
    domainDays: () => listSourceDays(scope, domainId, w),
    domainDaysFailing: () => listSourceDays(scope, domainId, w, { failures: true }),
    countries: () => listDomainCountries(scope, domainId, w),
    countriesFailing: () => listDomainCountries(scope, domainId, w, true),
    reporterVolumes: () => listReporterVolumes(scope, w, { domainIds: [domainId] }),
    domainReporters: () => listDomainReporters(scope, w, { domainIds: [domainId] }),
    addresses: () => listSourceAddresses(scope, domainId, source, w, 5000),
    addressesFirst2: () => listSourceAddresses(scope, domainId, source, w, 2),
    addressesFailing: () => listSourceAddresses(scope, domainId, source, w, 500, true),
    sourceDays: () => listSourceDays(scope, domainId, w, { sourceKey: source }),
    authResults: () => listSourceAuthResults(scope, domainId, source, w),
    sourceReporters: () => listSourceReporters(scope, domainId, source, w),
    sourceReportersFailing: () => listSourceReporters(scope, domainId, source, w, true),
  };
}

/** Each read three ways: live (no snapshot), computed and stored, then from the snapshot. */
export async function expectSnapshotsEqualLive(reads: Record<string, () => Promise<unknown>>): Promise<void> {
  for (const [name, read] of Object.entries(reads)) {
    const live = await liveReads(read);
    const first = await read();
    const stored = await read();
    expect({ name, value: first }).toStrictEqual({ name, value: live });
    expect({ name, value: stored }).toStrictEqual({ name, value: live });
  }
}
