import { reverseDns } from '@/lib/dns';
import type { TResolver } from '@/lib/platform/dns';
import { withTimeout } from './with-timeout';

export interface TFcrdnsResult {
  /**
   * pass: a PTR name resolves back to the address; mismatch: PTR names exist but none resolves
   * back to it; fail: no PTR record at all; error: the lookup gave no answer to trust.
   */
  status: 'pass' | 'mismatch' | 'fail' | 'error';
  /** The confirmed PTR name (pass), else the first PTR name. */
  ptr: string | null;
  names: string[];
  error: string | null;
}

/** Forward-confirmed reverse DNS, through the enrichment module's PTR + A/AAAA check. */
export async function checkFcrdns(resolver: TResolver, ip: string, timeoutMs: number): Promise<TFcrdnsResult> {
  let r;
  try {
    r = await withTimeout(reverseDns(resolver, ip), timeoutMs, `reverse DNS of ${ip}`);
  } catch (error) {
    return { status: 'error', ptr: null, names: [], error: (error as Error).message.slice(0, 300) };
  }
  if (r.status === 'ok') return { status: r.confirmed ? 'pass' : 'mismatch', ptr: r.ptr, names: r.names.slice(0, 10), error: null };
  if (r.status === 'nxdomain' || r.status === 'nodata') return { status: 'fail', ptr: null, names: [], error: null };
  return { status: 'error', ptr: null, names: [], error: r.error };
}
