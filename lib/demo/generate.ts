import { syntheticReportXml } from './synthetic';
import { DEMO_DAYS, DEMO_DOMAINS, DEMO_REPORTERS } from './scenario';

export interface DemoFile {
  name: string;
  xml: Buffer;
}

/** Deterministic: the same day range always yields the same reports (so re-seeding dedupes). */
export function* demoReports(today = new Date()): Generator<DemoFile> {
  const lastDay = Math.floor(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) / 1000) - 86_400;
  let seed = 1;
  for (let day = DEMO_DAYS - 1; day >= 0; day--) {
    const begin = lastDay - day * 86_400;
    for (const domain of DEMO_DOMAINS) {
      for (const reporter of DEMO_REPORTERS) {
        seed += 1;
        // A hash of the seed decides whether this reporter reported on this day.
        if (((seed * 2654435761) >>> 0) / 2 ** 32 > reporter.cadence) continue;
        // `day` counts back from yesterday (0): the last `days` days have no report.
        if (reporter.stopped?.domain === domain.name && day < reporter.stopped.days) continue;
        const records = Math.max(1, Math.round(domain.records * reporter.scale));
        const reportId = `${reporter.idPrefix}${begin}.${domain.name}.${seed}`;
        yield {
          name: `${reporter.orgName}!${domain.name}!${begin}!${begin + 86_399}.xml`,
          xml: syntheticReportXml({ records, seed, orgName: reporter.orgName, reporterEmail: reporter.email, domain: domain.name, reportId, begin, days: 1, policy: domain.policy }),
        };
      }
    }
  }
}
