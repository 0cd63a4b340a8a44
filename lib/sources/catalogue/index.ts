import { createHash } from 'node:crypto';
import { ZSenderService, type TSenderService } from '@/lib/sources/types';
import { APP_SERVICES } from './app-services';
import { MAIL_SERVICES } from './mail-services';
import { NETWORKS } from './networks';

/** Every known sender, validated once at load (a typo in the data fails loudly, in tests too). */
export const CATALOGUE: readonly TSenderService[] = [...MAIL_SERVICES, ...APP_SERVICES, ...NETWORKS].map((s) => ZSenderService.parse(s));

/**
 * Content hash of the catalogue: stored with each cached match so that a changed catalogue
 * re-matches cached rows (offline, no DNS) without anyone bumping a version by hand.
 */
export const CATALOGUE_VERSION = createHash('sha256').update(JSON.stringify(CATALOGUE)).digest('hex').slice(0, 12);

const byId = new Map(CATALOGUE.map((s) => [s.id, s]));

export function serviceById(id: string | null | undefined): TSenderService | null {
  return id ? (byId.get(id) ?? null) : null;
}
