import { CATALOGUE_VERSION } from '@/lib/sources/catalogue';
import { matchAddress, matchDomain, networkTypeFromAsName } from '@/lib/sources/match-service';
import { asnDataVersion, lookupAsn } from './asn';
import { baseDomain } from '@/lib/platform/net';
import { countryDataVersion, lookupCountry } from './country';

/** What an address tells without the network: AS, country, and the service it belongs to. */
export interface TAddressFacts {
  asn: number | null;
  asName: string | null;
  country: string | null;
  ptrBaseDomain: string | null;
  serviceId: string | null;
  serviceType: string | null;
  /** prefix | ptr | asn, or as-name when only the type was guessed from the AS name. */
  matchedBy: string | null;
}

/** Versions of everything offline facts depend on; a change re-matches cached rows. */
export function addressFactsVersion(): string {
  return `asn:${asnDataVersion()}|cc:${countryDataVersion()}|cat:${CATALOGUE_VERSION}`;
}

export function domainFactsVersion(): string {
  return `cat:${CATALOGUE_VERSION}`;
}

export function addressFacts(ip: string, ptr: { name: string | null; confirmed: boolean } = { name: null, confirmed: false }): TAddressFacts {
  const as = lookupAsn(ip);
  const match = matchAddress({ ip, asn: as?.asn ?? null, ptr: ptr.name, ptrConfirmed: ptr.confirmed });
  const guessed = match ? null : networkTypeFromAsName(as?.name);
  return {
    asn: as?.asn ?? null,
    asName: as?.name ?? null,
    country: lookupCountry(ip),
    ptrBaseDomain: baseDomain(ptr.name),
    serviceId: match?.service.id ?? null,
    serviceType: match?.service.type ?? guessed,
    matchedBy: match?.by ?? (guessed ? 'as-name' : null),
  };
}

export interface TDomainFacts {
  baseDomain: string | null;
  serviceId: string | null;
  serviceType: string | null;
}

/** A DKIM d= or SPF MAIL FROM domain: its organisational domain and service. */
export function domainFacts(name: string): TDomainFacts {
  const service = matchDomain(name);
  return { baseDomain: baseDomain(name), serviceId: service?.id ?? null, serviceType: service?.type ?? null };
}
