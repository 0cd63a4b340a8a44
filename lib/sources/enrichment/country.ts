import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Reader, type Response } from 'mmdb-lib';
import { ipToNumber, isPublicAddress } from '@/lib/platform/net';

// Offline IP → country (ISO 3166-1 alpha-2) from @ip-location-db/geo-whois-asn-country-mmdb
// (GeoFeed > RIR whois > ASN, CC0), one MMDB holding IPv4 and IPv6, read with mmdb-lib.
// ATLAS_COUNTRY_DB points at a newer file of the same format.

interface TCountryRecord {
  country_code?: string;
}

const require = createRequire(import.meta.url);
// mmdb-lib types records as MaxMind's own schemas; ip-location-db records are flat.
let reader: { db: Reader<Response>; version: string } | null = null;

function open(): { db: Reader<Response>; version: string } {
  if (reader) return reader;
  const override = process.env.ATLAS_COUNTRY_DB;
  const dir = path.dirname(require.resolve('@ip-location-db/geo-whois-asn-country-mmdb/package.json'));
  const file = override ?? path.join(dir, 'geo-whois-asn-country.mmdb');
  let version = 'custom';
  if (!override) version = (JSON.parse(readFileSync(/*turbopackIgnore: true*/ path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  reader = { db: new Reader<Response>(readFileSync(/*turbopackIgnore: true*/ file)), version };
  return reader;
}

export function countryDataVersion(): string {
  return open().version;
}

export function lookupCountry(ip: string): string | null {
  const num = ipToNumber(ip);
  if (!num || !isPublicAddress(ip)) return null;
  // The MMDB has no IPv4-mapped IPv6 branch: look mapped addresses up as IPv4.
  const key = num.v === 4 && ip.includes(':') ? ip.slice(ip.lastIndexOf(':') + 1) : ip;
  const code = (open().db.get(key) as TCountryRecord | null)?.country_code;
  return code && /^[A-Z]{2}$/.test(code) ? code : null;
}
