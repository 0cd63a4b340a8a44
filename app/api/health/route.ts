import { NextResponse } from 'next/server';
import { checkDatabase } from '@/lib/queries';
import { APP_VERSION } from '@/lib/platform/env';
import { getSessionContext } from '@/lib/access';

// Unauthenticated by design: load balancers and `npm start` poll it. Anyone gets the status;
// versions, migrations and error messages (which help an attacker pick an exploit or map the
// network) only a signed-in owner or admin.
export async function GET(): Promise<NextResponse> {
  const { workersAlive, ...database } = await checkDatabase();
  const status = database.up ? 'ok' : 'degraded';
  const workers = { alive: workersAlive ?? 0 };
  const context = await getSessionContext();
  const admin = Boolean(context?.user.isInstanceAdmin || context?.organizations.some((o) => o.role === 'owner' || o.role === 'admin'));
  const body = admin
    ? { status, version: APP_VERSION, database, workers }
    : { status, database: { up: database.up, ...(database.latencyMs === undefined ? {} : { latencyMs: database.latencyMs }) }, workers };
  return NextResponse.json(body, { status: database.up ? 200 : 503, headers: { 'cache-control': 'no-store' } });
}
