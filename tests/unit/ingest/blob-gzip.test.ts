import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gzipSmall } from '@/lib/ingest/store/blob';
import { syntheticReportXml } from '@/lib/demo';

describe('gzipSmall (the stored bytes of small inputs)', () => {
  it('writes exactly the bytes of gzip level 6 with the default window, for inputs of every size up to 64 KB', () => {
    const inputs: Buffer[] = [Buffer.alloc(0), Buffer.from('x'), Buffer.from('<a>é</a>')];
    for (const records of [1, 5, 20, 60, 90]) inputs.push(syntheticReportXml({ records, seed: records, reportId: `gz-${records}`, begin: 1_735_689_600 }));
    let random = 1;
    inputs.push(Buffer.from(Array.from({ length: 50_000 }, () => (random = (random * 1103515245 + 12345) & 0x7fffffff) & 0xff)));
    for (const bytes of inputs) {
      expect(bytes.length).toBeLessThanOrEqual(64 * 1024);
      const gz = gzipSmall(bytes);
      expect(gz.equals(gzipSync(bytes, { level: 6 })), `${bytes.length} bytes`).toBe(true);
      expect(gunzipSync(gz).equals(bytes)).toBe(true);
    }
  });
});
