import { certificateCredential } from './certificate-credential';
import { parseServiceAccountKey } from './google-service-account-source';
import type { TOAuthConfig } from './oauth-config';

/**
 * Refuses, at save time, a secret that can never work — a certificate without its key, a
 * service-account key that is not the JSON file — with the reason (an OAuthTokenError), rather
 * than letting the worker find out.
 */
export function checkOAuthSecret(config: TOAuthConfig, secret: string): void {
  if (config.flow === 'microsoft' && config.credential === 'certificate') certificateCredential(secret);
  if (config.flow === 'google-service-account') parseServiceAccountKey(secret);
}
