'use client';

import Link from 'next/link';
import { useActionState, useRef, useState, useTransition } from 'react';
import { saveMailboxAction, testConnectionAction, type TMailboxFormState } from '@/app/(dashboard)/settings/mailboxes/actions';
import type { TConnectionTestResult } from '@/lib/mailboxes';
import styles from './mailboxes.module.css';

export interface TMailboxFormValues {
  id?: number;
  label: string;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  authType: 'password' | 'oauth2';
  hasSecret: boolean;
  folder: string;
  processedFolder: string;
  failedFolder: string;
  afterIngest: 'move' | 'flag';
}

const EMPTY: TMailboxFormValues = {
  label: '',
  host: '',
  port: 993,
  tls: true,
  username: '',
  authType: 'password',
  hasSecret: false,
  folder: 'INBOX',
  processedFolder: 'DMARC/Processed',
  failedFolder: 'DMARC/Failed',
  afterIngest: 'move',
};

// Hosted providers people point rua= at most often; OAuth2 because both are phasing out
// passwords for IMAP (Microsoft 365 already has, for basic auth).
const PRESETS: Record<string, Partial<TMailboxFormValues>> = {
  generic: {},
  m365: { host: 'outlook.office365.com', port: 993, tls: true, authType: 'oauth2' },
  gmail: { host: 'imap.gmail.com', port: 993, tls: true, authType: 'oauth2' },
};

const INITIAL: TMailboxFormState = { ok: true, message: '' };

export function MailboxForm({ initial }: { initial?: TMailboxFormValues }) {
  const editing = initial?.id !== undefined;
  const [values, setValues] = useState<TMailboxFormValues>(initial ?? EMPTY);
  const [state, save, saving] = useActionState(saveMailboxAction, INITIAL);
  const [test, setTest] = useState<TConnectionTestResult | null>(null);
  const [testing, startTest] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  const [lastSaved, setLastSaved] = useState<number | undefined>(undefined);

  // A new mailbox saved: start the next one from a clean form (React's own reset keeps values).
  if (!editing && state.ok && state.savedAt && state.savedAt !== lastSaved) {
    setLastSaved(state.savedAt);
    setValues(EMPTY);
    setTest(null);
  }

  const set = <K extends keyof TMailboxFormValues>(key: K, value: TMailboxFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const invalid = (field: string) => (!state.ok && state.field === field ? true : undefined);
  const runTest = () => {
    if (!form.current) return;
    const data = new FormData(form.current);
    setTest(null);
    startTest(async () => setTest(await testConnectionAction(data)));
  };

  return (
    <form ref={form} action={save} className={styles.grid} noValidate>
      {editing && <input type="hidden" name="id" value={initial?.id} />}
      <label className={`field ${styles.half}`}>
        <span>Name</span>
        <input className="input" name="label" required value={values.label} onChange={(e) => set('label', e.target.value)} placeholder="DMARC reports" aria-invalid={invalid('label')} />
      </label>
      {!editing && (
        <label className={`field ${styles.half}`}>
          <span>Provider</span>
          <select className="select" defaultValue="generic" onChange={(e) => setValues((v) => ({ ...v, ...PRESETS[e.target.value] }))}>
            <option value="generic">Any IMAP server</option>
            <option value="m365">Microsoft 365 / Exchange Online</option>
            <option value="gmail">Gmail / Google Workspace</option>
          </select>
        </label>
      )}
      <label className={`field ${styles.half}`}>
        <span>IMAP server</span>
        <input className="input" name="host" required value={values.host} onChange={(e) => set('host', e.target.value)} placeholder="imap.example.com" aria-invalid={invalid('host')} />
      </label>
      <label className="field">
        <span>Port</span>
        <input className="input" name="port" type="number" min={1} max={65535} required value={values.port} onChange={(e) => set('port', Number(e.target.value))} aria-invalid={invalid('port')} />
      </label>
      <label className={`field ${styles.check}`}>
        <input
          name="tls"
          type="checkbox"
          checked={values.tls}
          onChange={(e) => setValues((v) => ({ ...v, tls: e.target.checked, port: v.port === 993 || v.port === 143 ? (e.target.checked ? 993 : 143) : v.port }))}
        />
        <span>TLS</span>
        <small>Off: STARTTLS when offered</small>
      </label>
      <label className="field">
        <span>User name</span>
        <input className="input" name="username" required autoComplete="off" value={values.username} onChange={(e) => set('username', e.target.value)} placeholder="dmarc@example.com" aria-invalid={invalid('username')} />
      </label>
      <label className="field">
        <span>Sign-in</span>
        <select className="select" name="authType" value={values.authType} onChange={(e) => set('authType', e.target.value as TMailboxFormValues['authType'])}>
          <option value="password">Password (or app password)</option>
          <option value="oauth2">OAuth2 access token</option>
        </select>
      </label>
      <label className={`field ${styles.half}`}>
        <span>{values.authType === 'oauth2' ? 'Access token' : 'Password'}</span>
        <input
          className="input"
          name="secret"
          type="password"
          autoComplete="new-password"
          placeholder={editing && values.hasSecret ? 'Stored — leave empty to keep it' : ''}
          aria-invalid={invalid('secret')}
        />
        <small className="muted">
          {values.authType === 'oauth2'
            ? 'A token with IMAP access (Microsoft 365: IMAP.AccessAsUser.All; Google: https://mail.google.com/). Tokens expire: paste a fresh one when the status shows an authentication error.'
            : 'Stored encrypted (AES-256-GCM with ATLAS_ENCRYPTION_KEY).'}
        </small>
      </label>
      <label className="field">
        <span>Folder to read</span>
        <input className="input" name="folder" value={values.folder} onChange={(e) => set('folder', e.target.value)} aria-invalid={invalid('folder')} />
      </label>
      <label className="field">
        <span>After reading a message</span>
        <select className="select" name="afterIngest" value={values.afterIngest} onChange={(e) => set('afterIngest', e.target.value as TMailboxFormValues['afterIngest'])}>
          <option value="move">Move it to a folder</option>
          <option value="flag">Leave it, add a keyword</option>
        </select>
      </label>
      {values.afterIngest === 'move' ? (
        <>
          <label className="field">
            <span>Processed folder</span>
            <input className="input" name="processedFolder" value={values.processedFolder} onChange={(e) => set('processedFolder', e.target.value)} aria-invalid={invalid('processedFolder')} />
          </label>
          <label className="field">
            <span>Folder for mail without a report</span>
            <input className="input" name="failedFolder" value={values.failedFolder} onChange={(e) => set('failedFolder', e.target.value)} aria-invalid={invalid('failedFolder')} />
          </label>
        </>
      ) : (
        <p className={`muted ${styles.half}`}>Messages stay in place and get the keyword $AtlasProcessed (or $AtlasFailed when they hold no report).</p>
      )}
      <div className={styles.actions}>
        <button type="button" className="btn" onClick={runTest} disabled={testing}>
          {testing ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="btn btn-primary" disabled={saving}>
          {saving ? 'Saving…' : editing ? 'Save changes' : 'Add mailbox'}
        </button>
        {editing && (
          <Link href="/settings/mailboxes" className="btn-link">
            Cancel
          </Link>
        )}
      </div>
      {test && (
        <p role="status" className={`${styles.full} notice ${test.ok ? 'notice-ok' : 'notice-error'}`}>
          {test.message}
        </p>
      )}
      {state.message && (
        <p role="status" className={`${styles.full} notice ${state.ok ? 'notice-ok' : 'notice-error'}`}>
          {state.message}
        </p>
      )}
    </form>
  );
}
