import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

export interface TestCertificate {
  key: string;
  cert: string;
  /** The certificate as a file (NODE_EXTRA_CA_CERTS of a child process, Dovecot's tls_ca_cert_file). */
  certFile: string;
  dir: string;
}

/** A certificate and private key (PEM) for `subject`, made by openssl: for TLS servers and for app certificates. */
export function makeCertificate(subject = '127.0.0.1', extra: string[] = ['-addext', 'subjectAltName=IP:127.0.0.1']): TestCertificate {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'atlas-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${subject}`, ...extra], { stdio: 'ignore' });
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8'), certFile, dir };
}

export function removeCertificate(certificate: TestCertificate | undefined): void {
  if (certificate) rmSync(certificate.dir, { recursive: true, force: true });
}

/**
 * Makes this process's fetch (msal-node, oauth4webapi, the Graph client) trust `cert` besides the
 * system roots, as NODE_EXTRA_CA_CERTS would at start-up: HTTPS loopback servers stand in for
 * Microsoft's endpoints, and msal-node refuses authorities that are not https.
 */
export function trustInThisProcess(cert: string): void {
  setGlobalDispatcher(new Agent({ connect: { ca: [...tls.rootCertificates, cert] } }));
}
