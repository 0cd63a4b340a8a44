import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// Secrets at rest (mailbox passwords, OAuth2 tokens): AES-256-GCM under ATLAS_ENCRYPTION_KEY.
// Stored as `v1.<iv>.<ciphertext+tag>` (base64url) so a later format or key scheme can coexist.

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds ciphertexts to their purpose: a value encrypted for something else does not decrypt here.
const AAD = Buffer.from('dmarc-atlas:secret:v1');

export class EncryptionKeyError extends Error {
  readonly code = 'encryption_key';
}

const HOW_TO = 'Set ATLAS_ENCRYPTION_KEY to 32 random bytes, e.g. the output of `openssl rand -base64 32`, in the environment (.env) of both the web app and the worker.';

/**
 * The 32-byte key: 64 hex digits or base64 of 32 bytes as generated; any other string of at
 * least 32 characters is hashed to a key (a passphrase), shorter ones are refused.
 */
export function parseEncryptionKey(raw: string | undefined): Buffer {
  const value = raw?.trim();
  if (!value) throw new EncryptionKeyError(`ATLAS_ENCRYPTION_KEY is not set: mailbox passwords and tokens are encrypted at rest with it. ${HOW_TO}`);
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
    if (bytes.length === 32) return bytes;
  }
  if (value.length >= 32) return createHash('sha256').update(value, 'utf8').digest();
  throw new EncryptionKeyError(`ATLAS_ENCRYPTION_KEY is too short (${value.length} characters). ${HOW_TO}`);
}

export function encryptSecret(plaintext: string, key: Buffer = parseEncryptionKey(process.env.ATLAS_ENCRYPTION_KEY)): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
}

export function decryptSecret(stored: string, key: Buffer = parseEncryptionKey(process.env.ATLAS_ENCRYPTION_KEY)): string {
  const [version, ivText, bodyText] = stored.split('.');
  if (version !== VERSION || !ivText || !bodyText) throw new EncryptionKeyError('Stored secret has an unknown format.');
  const iv = Buffer.from(ivText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new EncryptionKeyError('Stored secret is truncated.');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(AAD);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new EncryptionKeyError('Stored secret cannot be decrypted: ATLAS_ENCRYPTION_KEY differs from the key it was saved with. Restore the old key or enter the password again.');
  }
}
