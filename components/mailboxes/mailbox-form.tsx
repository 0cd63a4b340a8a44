'use client';

import Link from 'next/link';
import { useActionState, useRef, useState, useTransition } from 'react';
import { saveMailboxAction, testConnectionAction, type TMailboxFormState } from '@/app/(dashboard)/settings/mailboxes/actions';
import type { TConnectionTestResult } from '@/lib/mailboxes';
import styles from './mailboxes.module.css';
import { EMPTY_MAILBOX, type TMailboxFormValues } from './form-values';
import { PRESETS, SIGN_INS, type TSignIn } from './mailbox-presets';
import { OAuthFields } from './oauth-fields';

const EMPTY = EMPTY_MAILBOX;

const INITIAL: TMailboxFormState = { ok: true, message: '' };

export function MailboxForm({ initial, redirectUri }: { initial?: TMailboxFormValues; redirectUri: string }) {
  const editing = initial?.id !== undefined;
  const [values, setValues] = useState<TMailboxFormValues>(initial ?? EMPTY);
  const [preset, setPreset] = useState('generic');
  const [state, save, saving] = useActionState(saveMailboxAction, INITIAL);
  const [test, setTest] = useState<TConnectionTestResult | null>(null);
  const [testing, startTest] = useTransition();
  const [, startSave] = useTransition();
  const form = useRef<HTMLFormElement>(null);
  const [lastSaved, setLastSaved] = useState<number | undefined>(undefined);

  // A new mailbox saved: start the next one from a clean form (React's own reset keeps values).
  if (!editing && state.ok && state.savedAt && state.savedAt !== lastSaved) {
    setLastSaved(state.savedAt);
    setValues(EMPTY);
    setPreset('generic');
    setTest(null);
  }

  const set = <K extends keyof TMailboxFormValues>(key: K, value: TMailboxFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const invalid = (field: string) => (!state.ok && state.field === field ? true : undefined);
  const graph = values.kind === 'graph';
  const oauth = values.signIn !== 'password' && values.signIn !== 'token';
  const help = editing ? undefined : PRESETS[preset]?.help;
  const runTest = () => {
    if (!form.current) return;
    const data = new FormData(form.current);
    setTest(null);
    startTest(async () => setTest(await testConnectionAction(data)));
  };

  return (
    <form
      // A new form after each mailbox added: the secret fields (not React state) start empty.
      key={lastSaved ?? 0}
      ref={form}
      className={styles.grid}
      noValidate
      // Submitted by hand rather than with `action`: React resets a form after its action, which
      // would throw away a long PEM or JSON key (and the TLS box) when the save is refused.
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startSave(() => save(data));
      }}
    >
      {editing && <input type="hidden" name="id" value={initial?.id} />}
      <input type="hidden" name="kind" value={values.kind} />
      <label className={`field ${styles.half}`}>
        <span>Name</span>
        <input className="input" name="label" required value={values.label} onChange={(e) => set('label', e.target.value)} placeholder="DMARC reports" aria-invalid={invalid('label')} />
      </label>
      {!editing && (
        <label className={`field ${styles.half}`}>
          <span>Provider</span>
          <select
            className="select"
            name="preset"
            value={preset}
            onChange={(e) => {
              setPreset(e.target.value);
              setValues((v) => ({ ...v, ...PRESETS[e.target.value]?.values }));
              setTest(null);
            }}
          >
            {Object.entries(PRESETS).map(([key, p]) => (
              <option key={key} value={key}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {help && <p className={`muted ${styles.help}`}>{help}</p>}
      <label className={`field ${styles.half}`}>
        <span>{graph ? 'Graph endpoint' : 'IMAP server'}</span>
        <input className="input" name="host" required value={values.host} onChange={(e) => set('host', e.target.value)} placeholder={graph ? 'graph.microsoft.com' : 'imap.example.com'} aria-invalid={invalid('host')} />
      </label>
      <label className="field">
        <span>Port</span>
        <input className="input" name="port" type="number" min={1} max={65535} required value={values.port} onChange={(e) => set('port', Number(e.target.value))} aria-invalid={invalid('port')} />
      </label>
      {graph ? (
        <input type="hidden" name="tls" value="on" />
      ) : (
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
      )}
      <label className="field">
        <span>{graph ? 'Mailbox (address)' : 'User name'}</span>
        <input className="input" name="username" required autoComplete="off" value={values.username} onChange={(e) => set('username', e.target.value)} placeholder="dmarc@example.com" aria-invalid={invalid('username')} />
      </label>
      <label className="field">
        <span>Sign-in</span>
        <select className="select" name="signIn" value={values.signIn} onChange={(e) => set('signIn', e.target.value as TSignIn)}>
          {(Object.keys(SIGN_INS) as TSignIn[])
            .filter((key) => !graph || key === 'microsoft' || key === 'client-credentials')
            .map((key) => (
              <option key={key} value={key}>
                {SIGN_INS[key]}
              </option>
            ))}
        </select>
      </label>
      {oauth ? (
        <OAuthFields values={values} set={set} editing={editing} invalid={invalid} redirectUri={redirectUri} />
      ) : (
      <label className={`field ${styles.half}`}>
        <span>{values.signIn === 'token' ? 'Access token' : 'Password'}</span>
        <input
          className="input"
          name="secret"
          type="password"
          autoComplete="new-password"
          placeholder={editing && values.hasSecret ? 'Stored — leave empty to keep it' : ''}
          aria-invalid={invalid('secret')}
        />
        <small className="muted">
          {values.signIn === 'token'
            ? 'A token with IMAP access. Tokens expire within about an hour: for Microsoft 365 and Google choose their app sign-in, which refreshes tokens by itself.'
            : 'Stored encrypted (AES-256-GCM with ATLAS_ENCRYPTION_KEY).'}
        </small>
      </label>
      )}
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
