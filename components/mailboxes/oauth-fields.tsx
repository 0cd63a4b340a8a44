'use client';

import type { TMailboxFormValues } from './form-values';
import styles from './mailboxes.module.css';

type TSet = <K extends keyof TMailboxFormValues>(key: K, value: TMailboxFormValues[K]) => void;

/**
 * The OAuth2 settings of the chosen sign-in: the app's identity (tenant, client id), its
 * secret (a password field, or a text area for PEM and JSON keys) and, folded away, the
 * endpoints (sovereign clouds, private endpoints) and the scope.
 */
export function OAuthFields({
  values,
  set,
  editing,
  invalid,
  redirectUri,
}: {
  values: TMailboxFormValues;
  set: TSet;
  editing: boolean;
  invalid: (field: string) => true | undefined;
  redirectUri: string;
}) {
  const { signIn } = values;
  const stored = editing && values.hasSecret ? 'Stored — leave empty to keep it' : '';
  const multiline = (signIn === 'microsoft' && values.credential === 'certificate') || signIn === 'google-service-account';
  const secretLabel =
    signIn === 'google-service-account'
      ? 'Service account key (JSON)'
      : signIn === 'microsoft' && values.credential === 'certificate'
        ? 'Certificate and private key (PEM)'
        : 'Client secret';
  const text = (name: keyof TMailboxFormValues, label: string, placeholder = '', className = 'field') => (
    <label className={className}>
      <span>{label}</span>
      <input className="input" name={name} value={String(values[name] ?? '')} onChange={(e) => set(name, e.target.value as never)} placeholder={placeholder} aria-invalid={invalid(`oauth.${name}`)} autoComplete="off" />
    </label>
  );
  return (
    <>
      {signIn === 'microsoft' && text('tenantId', 'Directory (tenant) ID', '00000000-0000-0000-0000-000000000000', `field ${styles.half}`)}
      {signIn === 'client-credentials' && text('tokenUrl', 'Token endpoint', 'https://login.example.com/oauth2/token', `field ${styles.half}`)}
      {signIn !== 'google-service-account' && text('clientId', signIn === 'microsoft' ? 'Application (client) ID' : 'Client ID', '', `field ${styles.half}`)}
      {signIn === 'microsoft' && (
        <label className="field">
          <span>App credential</span>
          <select className="select" name="credential" value={values.credential} onChange={(e) => set('credential', e.target.value as TMailboxFormValues['credential'])}>
            <option value="secret">Client secret</option>
            <option value="certificate">Certificate</option>
          </select>
        </label>
      )}
      <label className={`field ${multiline ? styles.full : styles.half}`}>
        <span>{secretLabel}</span>
        {multiline ? (
          <textarea
            className={`input ${styles.pem}`}
            name="secret"
            rows={5}
            spellCheck={false}
            autoComplete="off"
            placeholder={stored || (signIn === 'google-service-account' ? '{ "type": "service_account", "client_email": "…", "private_key": "-----BEGIN PRIVATE KEY-----…" }' : '-----BEGIN CERTIFICATE-----…-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----…-----END PRIVATE KEY-----')}
            aria-invalid={invalid('secret')}
          />
        ) : (
          <input className="input" name="secret" type="password" autoComplete="new-password" placeholder={stored} aria-invalid={invalid('secret')} />
        )}
        <small className="muted">Stored encrypted (AES-256-GCM with ATLAS_ENCRYPTION_KEY); never shown again or logged.</small>
      </label>
      {signIn === 'google-refresh-token' && (
        <p className={`muted ${styles.full} ${styles.small}`}>
          Redirect URI to register with the OAuth client: <code>{redirectUri}</code>
        </p>
      )}
      <details className={styles.full}>
        <summary className="muted">Endpoints and scope</summary>
        <div className={styles.grid}>
          {signIn === 'microsoft' && text('authority', 'Authority', 'https://login.microsoftonline.com', `field ${styles.half}`)}
          {(signIn === 'google-service-account' || signIn === 'google-refresh-token') && text('tokenUrl', 'Token endpoint', 'https://oauth2.googleapis.com/token', `field ${styles.half}`)}
          {signIn === 'google-refresh-token' && text('authUrl', 'Consent page', 'https://accounts.google.com/o/oauth2/v2/auth', `field ${styles.half}`)}
          {text('scope', 'Scope', signIn === 'microsoft' ? (values.kind === 'graph' ? 'https://graph.microsoft.com/.default' : 'https://outlook.office365.com/.default') : signIn.startsWith('google') ? 'https://mail.google.com/' : '', `field ${styles.half}`)}
          {signIn === 'client-credentials' && (
            <label className="field">
              <span>Client authentication</span>
              <select className="select" name="clientAuth" value={values.clientAuth} onChange={(e) => set('clientAuth', e.target.value as TMailboxFormValues['clientAuth'])}>
                <option value="post">In the request body</option>
                <option value="basic">HTTP Basic</option>
              </select>
            </label>
          )}
        </div>
        {signIn === 'microsoft' && <p className={`muted ${styles.small}`}>Other clouds: https://login.microsoftonline.us (US Government), https://login.partner.microsoftonline.cn (China).</p>}
      </details>
    </>
  );
}
