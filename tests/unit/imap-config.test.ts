import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, EncryptionKeyError, parseEncryptionKey } from '../../lib/platform/crypto/secret-box';
import { toSequenceSet } from '../../lib/mailboxes/imap/sequence-set';
import { parseImapUrls } from '../../lib/mailboxes/env-mailboxes';
import { loadImapEnv } from '../../lib/mailboxes/config';

describe('ATLAS_IMAP_URL', () => {
  it('parses several URLs with encoded credentials, defaults and options', () => {
    const [a, b] = parseImapUrls(
      ' imaps://dmarc%40example.com:p%40ss%3Aw%2Fd@imap.example.com/INBOX \n imap://rua:secret@10.0.0.5:1143/Reports/DMARC?after=flag&processed=Done&auth=oauth2 ',
    );
    expect(a).toMatchObject({ host: 'imap.example.com', port: 993, tls: true, username: 'dmarc@example.com', secret: 'p@ss:w/d', folder: 'INBOX', afterIngest: 'move', authType: 'password', processedFolder: 'DMARC/Processed', failedFolder: 'DMARC/Failed' });
    expect(a.label).toBe('dmarc@example.com@imap.example.com:993/INBOX');
    expect(b).toMatchObject({ host: '10.0.0.5', port: 1143, tls: false, folder: 'Reports/DMARC', afterIngest: 'flag', processedFolder: 'Done', authType: 'oauth2' });
  });

  it('defaults the folder to INBOX and the port by scheme', () => {
    expect(parseImapUrls('imap://u:p@h')[0]).toMatchObject({ folder: 'INBOX', port: 143, tls: false });
  });

  it('refuses bad URLs with a message that hides the password', () => {
    expect(() => parseImapUrls('pop3://u:hunter2@h/INBOX')).toThrow(/unknown scheme/);
    expect(() => parseImapUrls('pop3://u:hunter2@h/INBOX')).not.toThrow(/hunter2/);
    expect(() => parseImapUrls('imap://h/INBOX')).toThrow(/no user name/);
    expect(() => parseImapUrls('imap://u:p@h/INBOX?after=delete')).toThrow(/after=delete/);
    expect(() => parseImapUrls('imap://u:p@h/INBOX?processed=INBOX')).toThrow(/processed\/failed folder/);
    expect(() => parseImapUrls('imap://u:p@h/INBOX imap://u:q@h/INBOX')).toThrow(/twice/);
  });

  it('reads the poller settings with defaults', () => {
    expect(loadImapEnv({})).toMatchObject({ ATLAS_IMAP_URL: '', ATLAS_IMAP_POLL_SECONDS: 60, ATLAS_IMAP_BATCH: 100, ATLAS_IMAP_IDLE: 'on' });
    expect(() => loadImapEnv({ ATLAS_IMAP_POLL_SECONDS: '0' })).toThrow(/ATLAS_IMAP_POLL_SECONDS/);
  });
});

describe('secret box', () => {
  const key = parseEncryptionKey('k'.repeat(40));

  it('round-trips and never stores the plaintext', () => {
    const stored = encryptSecret('correct horse', key);
    expect(stored).toMatch(/^v1\./);
    expect(stored).not.toContain('correct');
    expect(encryptSecret('correct horse', key)).not.toBe(stored); // fresh IV each time
    expect(decryptSecret(stored, key)).toBe('correct horse');
  });

  it('accepts hex and base64 keys of 32 bytes', () => {
    expect(parseEncryptionKey('ab'.repeat(32))).toHaveLength(32);
    expect(parseEncryptionKey(Buffer.alloc(32, 7).toString('base64'))).toEqual(Buffer.alloc(32, 7));
  });

  it('explains a missing or short key, and a key that changed', () => {
    expect(() => parseEncryptionKey(undefined)).toThrow(/ATLAS_ENCRYPTION_KEY is not set.*openssl rand -base64 32/);
    expect(() => parseEncryptionKey('short')).toThrow(EncryptionKeyError);
    const stored = encryptSecret('x', key);
    expect(() => decryptSecret(stored, parseEncryptionKey('z'.repeat(40)))).toThrow(/differs from the key/);
    expect(() => encryptSecret('x', parseEncryptionKey(process.env.NOPE))).toThrow(/not set/);
  });
});

describe('sequence sets', () => {
  it('compacts runs', () => {
    expect(toSequenceSet([9, 3, 4, 5, 7, 12, 13, 14])).toBe('3:5,7,9,12:14');
    expect(toSequenceSet([1])).toBe('1');
  });
});
