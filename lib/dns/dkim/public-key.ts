import { createPublicKey, type KeyObject } from 'node:crypto';

// DKIM public keys: RSA as base64 SubjectPublicKeyInfo (RFC 6376 3.6.1; some publish the bare
// PKCS#1 key, which verifiers also accept), Ed25519 as the base64 raw 32-byte key (RFC 8463).
// node:crypto reads both; nothing here parses ASN.1 by hand.

export type TKeyInfo = { ok: true; type: 'rsa' | 'ed25519'; bits: number } | { ok: false; error: string };

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function tryKey(der: Buffer, type: 'spki' | 'pkcs1'): KeyObject | null {
  try {
    return createPublicKey({ key: der, format: 'der', type });
  } catch {
    return null;
  }
}

export function readPublicKey(keyType: string, base64: string): TKeyInfo {
  const text = base64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return { ok: false, error: 'p= is not base64' };
  const der = Buffer.from(text, 'base64');
  if (keyType === 'ed25519') {
    if (der.length !== 32) return { ok: false, error: `an Ed25519 key has 32 bytes, this one ${der.length} (RFC 8463 publishes the raw key, not SPKI)` };
    const key = tryKey(Buffer.concat([ED25519_SPKI_PREFIX, der]), 'spki');
    return key ? { ok: true, type: 'ed25519', bits: 256 } : { ok: false, error: 'not a valid Ed25519 key' };
  }
  const key = tryKey(der, 'spki') ?? tryKey(der, 'pkcs1');
  if (!key) return { ok: false, error: der.length === 32 ? 'not an RSA key (32 bytes: an Ed25519 key? then publish k=ed25519)' : 'not a valid RSA public key' };
  if (key.asymmetricKeyType !== 'rsa') return { ok: false, error: `the key is ${key.asymmetricKeyType}, but k=rsa` };
  return { ok: true, type: 'rsa', bits: key.asymmetricKeyDetails?.modulusLength ?? 0 };
}
