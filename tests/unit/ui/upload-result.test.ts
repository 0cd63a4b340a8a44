import { describe, expect, it } from 'vitest';
import { summariseUpload } from '../../../components/ingest/upload-result';

// What the upload list says about one file, from the API's per-file result (200, 207 or 422)
// or its error (413, 400…).

const report = (status: string, extra: Partial<{ report_id: string | null; domain: string | null; id: string | null; error: string | null }> = {}) => ({
  status,
  report_id: 'r-1',
  domain: 'example.com',
  id: status === 'ingested' || status === 'duplicate' ? '42' : null,
  error: null,
  ...extra,
});

describe('summariseUpload', () => {
  it('says a file was ingested and links each of its reports', () => {
    const s = summariseUpload(200, { files: [{ file: 'a.xml', status: 'ingested', reports: [report('ingested')] }] });
    expect(s).toEqual({ outcome: 'ingested', headline: 'Ingested: 1 report ingested', lines: [{ outcome: 'ingested', text: 'example.com · report r-1', href: '/reports/42' }] });
  });

  it('tells duplicates, set-aside reports and failures apart within one zip (HTTP 207)', () => {
    const s = summariseUpload(207, {
      files: [{ file: 'z.zip', status: 'partial', reports: [report('duplicate'), report('set_aside', { domain: 'other.example' }), report('failed', { report_id: null, domain: null, error: 'z.zip › b.xml: not XML' })] }],
    });
    expect(s.outcome).toBe('partial');
    expect(s.headline).toBe('Partly failed: 1 duplicate, 1 set aside, 1 failed');
    expect(s.lines.map((l) => [l.outcome, l.href])).toEqual([['duplicate', '/reports/42'], ['set_aside', null], ['failed', null]]);
    expect(s.lines[1]!.text).toContain('other.example');
    expect(s.lines[2]!.text).toBe('z.zip › b.xml: not XML');
  });

  it('gives the reason of a file that failed whole (HTTP 422), and of a refused request', () => {
    expect(summariseUpload(422, { files: [{ file: 'x', status: 'failed', reports: [report('failed', { error: 'not a report' })] }] })).toEqual({ outcome: 'failed', headline: 'Failed: not a report', lines: [] });
    expect(summariseUpload(413, { error: { code: 'payload_too_large', message: 'The upload is larger than ATLAS_MAX_FILE_BYTES.' } }).headline).toBe('Failed: The upload is larger than ATLAS_MAX_FILE_BYTES.');
    expect(summariseUpload(502, null)).toMatchObject({ outcome: 'failed', headline: 'Failed: the server answered HTTP 502' });
  });
});
