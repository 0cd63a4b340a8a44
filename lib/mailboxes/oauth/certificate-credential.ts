import { X509Certificate, createPrivateKey } from 'node:crypto';
import { OAuthTokenError } from './token-error';

/**
 * msal-node's certificate credential from one PEM text holding the certificate and its private
 * key (what `openssl req -x509 … -keyout … -out …` writes, concatenated): the key as PKCS#8, and
 * the certificate's SHA-256 thumbprint that Entra ID matches against the uploaded certificate.
 */
export function certificateCredential(pem: string): { privateKey: string; thumbprintSha256: string; x5c: string } {
  const certBlock = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0];
  const keyBlock = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.exec(pem)?.[0];
  const fail = (what: string) =>
    new OAuthTokenError(`The certificate credential is not usable: ${what}. Enter the certificate and its unencrypted private key, both in PEM form, one after the other.`, {
      code: 'invalid_certificate',
      permanent: true,
    });
  if (!certBlock) throw fail('no "BEGIN CERTIFICATE" block');
  if (!keyBlock) throw fail('no "BEGIN PRIVATE KEY" block');
  if (keyBlock.includes('ENCRYPTED')) throw fail('the private key is encrypted');
  let certificate: X509Certificate;
  let privateKey: string;
  try {
    certificate = new X509Certificate(certBlock);
    privateKey = createPrivateKey(keyBlock).export({ format: 'pem', type: 'pkcs8' }).toString();
  } catch (error) {
    throw fail(`it cannot be read (${(error as Error).message})`);
  }
  if (!certificate.checkPrivateKey(createPrivateKey(privateKey))) throw fail('the private key does not belong to the certificate');
  return { privateKey, thumbprintSha256: certificate.fingerprint256.replace(/:/g, ''), x5c: certBlock };
}
