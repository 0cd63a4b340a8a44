import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Access control lives in one place: every API route handler goes through withApiAuth, except
// the few that are public by design. A new route that forgets it fails here.

// The unsubscribe route's signed token is its authority (RFC 8058: mail clients POST without a session).
const PUBLIC = new Set(['app/api/health/route.ts', 'app/api/v1/openapi.json/route.ts', 'app/api/auth/[...nextauth]/route.ts', 'app/unsubscribe/route.ts']);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return /^route\.(ts|tsx)$/.test(entry) ? [full] : [];
  });
}

describe('API route handlers', () => {
  const files = routeFiles('app').map((f) => f.split(path.sep).join('/'));

  it.each(files.filter((f) => !PUBLIC.has(f)))('%s authenticates through withApiAuth', (file) => {
    const source = readFileSync(file, 'utf8');
    const handlers = [...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
    expect(handlers.length).toBeGreaterThan(0);
    for (const method of handlers) expect(source, `${file} ${method}`).toMatch(new RegExp(`export const ${method} = withApiAuth\\(`));
  });

  it('server actions authenticate (runAsMember, requireActor…, directly or through a local helper)', () => {
    const markers = ['runAsMember', 'getSessionContext', 'requireActor', 'requireSessionContext', 'setupOpen', 'createFirstOwner', 'acceptInviteAsNewUser'];
    for (const file of collect('app', /actions\.ts$/)) {
      const source = readFileSync(file, 'utf8');
      const bodies = new Map(
        [...source.matchAll(/(?:^|\n)(?:export )?(?:async )?function (\w+)/g)].map((m) => [m[1]!, source.slice(m.index! + 1).split(/\n(?:export )?(?:async )?function /)[0]!]),
      );
      // Local helpers that authenticate count as markers too.
      const guards = new Set(markers);
      for (const [name, body] of bodies) if (markers.some((m) => body.includes(`${m}(`))) guards.add(name);
      for (const [, name] of source.matchAll(/export async function (\w+)/g)) {
        const body = bodies.get(name!)!;
        expect([...guards].some((g) => g !== name && body.includes(`${g}(`)), `${file} ${name}`).toBe(true);
      }
    }
  });
});

function collect(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return collect(full, pattern);
    return pattern.test(full) ? [full] : [];
  });
}
