import { NextResponse } from 'next/server';
import { checkDatabase } from '@/lib/queries';
import { APP_VERSION } from '@/lib/platform/env';

// Unauthenticated by design: load balancers and `npm start` poll it.
export async function GET(): Promise<NextResponse> {
  const { workersAlive, ...database } = await checkDatabase();
  return NextResponse.json(
    { status: database.up ? 'ok' : 'degraded', version: APP_VERSION, database, workers: { alive: workersAlive ?? 0 } },
    { status: database.up ? 200 : 503, headers: { 'cache-control': 'no-store' } },
  );
}
