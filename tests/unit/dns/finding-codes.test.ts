import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../../lib/dns';

// The code table in docs/dns-checks.md is what users and the UI rely on: it must list every
// code with the severity the checks give it, and nothing else.

describe('docs/dns-checks.md', () => {
  it('lists exactly the finding codes with their severities', () => {
    const doc = readFileSync('docs/dns-checks.md', 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z0-9_.]+)` \| (error|warning|info) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(FINDING_CODES).map(([code, e]) => [code, e.severity]));
  });
});
