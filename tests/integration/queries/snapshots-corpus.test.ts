import { beforeAll, describe, expect, it } from 'vitest';
import { ingestFile } from '../../../lib/ingest/pipeline';
import { listSources } from '../../../lib/queries';
import { useTestDatabase } from '../../helpers/db';
import { corpusFile, haveCorpus, manifest, normalisedDomain, ownDomains, rows } from '../ingest/helpers';
import { expectSnapshotsEqualLive, readsOf } from './snapshot-reads';

// The real reports of the corpus: every snapshot-backed read of every domain, over the whole
// span of its reports, returns from its snapshot exactly what the live SQL returns.

describe.skipIf(!haveCorpus)('snapshot-backed reads on the corpus', () => {
  beforeAll(async () => {
    await useTestDatabase();
    const entries = manifest();
    await ownDomains('Corpus Owners', [...new Set(entries.flatMap((e) => e.reports.map((r) => normalisedDomain(r.domain))))]);
    for (const e of entries) await ingestFile(corpusFile(e.file), 'cli');
  }, 600_000);

  it('equal the live reads for every domain and its busiest source', async () => {
    const spans = await rows<{ domain_id: number; first: string; last: string }>(
      "SELECT domain_id, min(day)::text AS first, (max(day) + 1)::text AS last FROM domain_daily GROUP BY domain_id ORDER BY domain_id",
    );
    expect(spans.length).toBeGreaterThan(3);
    for (const span of spans) {
      const window = { start: new Date(`${span.first}T00:00:00Z`), end: new Date(`${span.last}T00:00:00Z`) };
      const sources = await listSources({ domainIds: [span.domain_id] }, span.domain_id, window);
      await expectSnapshotsEqualLive(readsOf(span.domain_id, sources[0]?.key ?? 'none', window));
    }
  }, 600_000);
});
