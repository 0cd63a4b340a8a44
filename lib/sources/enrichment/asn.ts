import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ipToNumber, isPublicAddress } from '@/lib/platform/net';

// Offline IP → ASN from the CSV tables of the npm package @ip-location-db/asn (RouteViews,
// RIR delegations and DB-IP ASN Lite; CC BY 4.0). The package ships no MMDB for ASNs, so the
// "-num" CSVs are loaded once per process into sorted typed arrays and searched by
// bisection (about 1 s and 50 MB of heap). ATLAS_ASN_DB_DIR: a folder with newer files of the same names.

export interface TAsnInfo {
  asn: number;
  name: string;
}

interface TAsnTables {
  names: string[];
  v4Start: Uint32Array;
  v4End: Uint32Array;
  v4Asn: Uint32Array;
  v4Name: Uint32Array;
  v6StartHi: BigUint64Array;
  v6StartLo: BigUint64Array;
  v6EndHi: BigUint64Array;
  v6EndLo: BigUint64Array;
  v6Asn: Uint32Array;
  v6Name: Uint32Array;
  version: string;
}

const require = createRequire(import.meta.url);
let tables: TAsnTables | null = null;

export function asnDataDir(override: string | null = process.env.ATLAS_ASN_DB_DIR ?? null): string {
  return override ?? path.dirname(require.resolve('@ip-location-db/asn/package.json'));
}

/** Splits `start,end,asn,name` where name may be quoted with "" escapes. */
function splitLine(line: string): [string, string, string, string] | null {
  const a = line.indexOf(',');
  const b = line.indexOf(',', a + 1);
  const c = line.indexOf(',', b + 1);
  if (a < 0 || b < 0 || c < 0) return null;
  let name = line.slice(c + 1);
  if (name.startsWith('"')) name = name.slice(1, name.endsWith('"') ? -1 : undefined).replaceAll('""', '"');
  return [line.slice(0, a), line.slice(a + 1, b), line.slice(b + 1, c), name.trim()];
}

function lines(file: string): string[] {
  return readFileSync(/*turbopackIgnore: true*/ file, 'utf8').split('\n').filter((l) => l.length > 0);
}

function load(dir: string): TAsnTables {
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const intern = (name: string): number => {
    let i = nameIndex.get(name);
    if (i === undefined) {
      i = names.length;
      names.push(name);
      nameIndex.set(name, i);
    }
    return i;
  };

  const rows4 = lines(path.join(dir, 'asn-ipv4-num.csv'));
  const v4Start = new Uint32Array(rows4.length);
  const v4End = new Uint32Array(rows4.length);
  const v4Asn = new Uint32Array(rows4.length);
  const v4Name = new Uint32Array(rows4.length);
  let n4 = 0;
  for (const line of rows4) {
    const f = splitLine(line);
    if (!f) continue;
    v4Start[n4] = Number(f[0]);
    v4End[n4] = Number(f[1]);
    v4Asn[n4] = Number(f[2]);
    v4Name[n4] = intern(f[3]);
    n4++;
  }

  const rows6 = lines(path.join(dir, 'asn-ipv6-num.csv'));
  const mask = (1n << 64n) - 1n;
  const v6StartHi = new BigUint64Array(rows6.length);
  const v6StartLo = new BigUint64Array(rows6.length);
  const v6EndHi = new BigUint64Array(rows6.length);
  const v6EndLo = new BigUint64Array(rows6.length);
  const v6Asn = new Uint32Array(rows6.length);
  const v6Name = new Uint32Array(rows6.length);
  let n6 = 0;
  for (const line of rows6) {
    const f = splitLine(line);
    if (!f) continue;
    const s = BigInt(f[0]);
    const e = BigInt(f[1]);
    v6StartHi[n6] = s >> 64n;
    v6StartLo[n6] = s & mask;
    v6EndHi[n6] = e >> 64n;
    v6EndLo[n6] = e & mask;
    v6Asn[n6] = Number(f[2]);
    v6Name[n6] = intern(f[3]);
    n6++;
  }
  let version = 'custom';
  try {
    version = (JSON.parse(readFileSync(/*turbopackIgnore: true*/ path.join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    version = `custom-${Math.floor(statSync(path.join(dir, 'asn-ipv4-num.csv')).mtimeMs / 1000)}`;
  }
  return {
    names,
    v4Start: v4Start.subarray(0, n4),
    v4End: v4End.subarray(0, n4),
    v4Asn: v4Asn.subarray(0, n4),
    v4Name: v4Name.subarray(0, n4),
    v6StartHi: v6StartHi.subarray(0, n6),
    v6StartLo: v6StartLo.subarray(0, n6),
    v6EndHi: v6EndHi.subarray(0, n6),
    v6EndLo: v6EndLo.subarray(0, n6),
    v6Asn: v6Asn.subarray(0, n6),
    v6Name: v6Name.subarray(0, n6),
    version,
  };
}

function getTables(): TAsnTables {
  tables ??= load(asnDataDir());
  return tables;
}

/** Version of the ASN data in use (the npm package version, or "custom-<mtime>"). */
export function asnDataVersion(): string {
  return getTables().version;
}

/** Last index whose start is <= the key, or -1. */
function bisect(count: number, lessOrEqual: (i: number) => boolean): number {
  let lo = 0;
  let hi = count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (lessOrEqual(mid)) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export function lookupAsn(ip: string): TAsnInfo | null {
  const num = ipToNumber(ip);
  if (!num || !isPublicAddress(ip)) return null;
  const t = getTables();
  if (num.v === 4) {
    const i = bisect(t.v4Start.length, (k) => t.v4Start[k] <= num.n);
    if (i < 0 || num.n > t.v4End[i] || t.v4Asn[i] === 0) return null;
    return { asn: t.v4Asn[i], name: t.names[t.v4Name[i]] };
  }
  const { hi, lo } = num;
  const i = bisect(t.v6StartHi.length, (k) => t.v6StartHi[k] < hi || (t.v6StartHi[k] === hi && t.v6StartLo[k] <= lo));
  if (i < 0) return null;
  const beyondEnd = hi > t.v6EndHi[i] || (hi === t.v6EndHi[i] && lo > t.v6EndLo[i]);
  if (beyondEnd || t.v6Asn[i] === 0) return null;
  return { asn: t.v6Asn[i], name: t.names[t.v6Name[i]] };
}
