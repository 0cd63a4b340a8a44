import { authEnv } from '@/lib/platform/env';

export const VERIFY_LABEL = '_atlas-verify';

export function verificationRecord(domain: string, token: string): { name: string; value: string } {
  return { name: `${VERIFY_LABEL}.${domain}`, value: `atlas-verification=${token}` };
}

export interface TDmarcSetup {
  /** Where receivers should send aggregate reports, or null when ATLAS_RUA_ADDRESS is unset. */
  ruaAddress: string | null;
  /** The record to publish at _dmarc.<domain> to start monitoring. */
  record: { name: string; value: string };
  /**
   * RFC 7489 §7.1: when the rua address is in another domain, that domain must authorise
   * reports about this one, or receivers drop them. The Atlas operator publishes it once.
   */
  externalAuthorisation: { name: string; value: string } | null;
}

export function dmarcSetup(domain: string): TDmarcSetup {
  const rua = authEnv().ATLAS_RUA_ADDRESS ?? null;
  const ruaValue = rua ? `mailto:${rua}` : 'mailto:<your Atlas report address>';
  const ruaDomain = rua?.split('@')[1]?.toLowerCase();
  const sameDomain = ruaDomain && (ruaDomain === domain || ruaDomain.endsWith(`.${domain}`) || domain.endsWith(`.${ruaDomain}`));
  return {
    ruaAddress: rua,
    record: { name: `_dmarc.${domain}`, value: `v=DMARC1; p=none; rua=${ruaValue}` },
    externalAuthorisation: ruaDomain && !sameDomain ? { name: `${domain}._report._dmarc.${ruaDomain}`, value: 'v=DMARC1' } : null,
  };
}
