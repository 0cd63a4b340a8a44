export { EncryptionKeyError, decryptSecret, encryptSecret, parseEncryptionKey } from './secret-box';
