'use client';

import { useEffect, useRef, useState } from 'react';
import type { TBounceDiagnosis } from '@/lib/diagnose';
import { DiagnosisView } from './diagnosis-view';
import styles from './diagnose.module.css';

type TState = { kind: 'idle' } | { kind: 'working' } | { kind: 'error'; message: string } | { kind: 'done'; diagnosis: TBounceDiagnosis };

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/**
 * Paste the NDR text or drop the bounce .eml; the bounce goes to POST /api/v1/diagnose (the
 * session is the credential) and the diagnosis shows below. Nothing is stored.
 */
export function DiagnoseForm({ maxBytes }: { maxBytes: number }) {
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [dragging, setDragging] = useState(false);
  const [state, setState] = useState<TState>({ kind: 'idle' });
  const input = useRef<HTMLInputElement>(null);
  const result = useRef<HTMLDivElement>(null);

  useEffect(() => {
    // Move focus to the answer, so keyboard and screen-reader users land on it.
    if (state.kind === 'done') result.current?.querySelector<HTMLElement>('#diagnosis-heading')?.focus();
  }, [state]);

  const pick = (f: File | null | undefined) => {
    if (!f) return;
    if (f.size > maxBytes) {
      setState({ kind: 'error', message: `${f.name} is ${mib(f.size)}; a bounce may be at most ${mib(maxBytes)}.` });
      return;
    }
    setFile(f);
    setState({ kind: 'idle' });
  };

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!file && !text.trim()) {
      setState({ kind: 'error', message: 'Paste the bounce text or choose the bounce message (.eml) first.' });
      return;
    }
    setState({ kind: 'working' });
    let body: BodyInit;
    const headers: Record<string, string> = {};
    if (file) {
      const form = new FormData();
      form.append('file', file);
      body = form;
    } else {
      body = text;
      headers['content-type'] = 'text/plain; charset=utf-8';
    }
    try {
      const response = await fetch('/api/v1/diagnose', { method: 'POST', body, headers, credentials: 'same-origin' });
      const json = (await response.json()) as TBounceDiagnosis | { error: { message: string } };
      if (!response.ok || 'error' in json) setState({ kind: 'error', message: 'error' in json ? json.error.message : `The server answered ${response.status}.` });
      else setState({ kind: 'done', diagnosis: json });
    } catch {
      setState({ kind: 'error', message: 'The diagnosis could not be fetched: check your connection and try again.' });
    }
  };

  return (
    <>
      <form
        className={`panel ${styles.form} ${dragging ? styles.dragging : ''}`}
        onSubmit={submit}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          pick(e.dataTransfer.files[0]);
        }}
      >
        <div className="panel-body">
          <label className="field">
            <span>Bounce text</span>
            <textarea
              className={`input ${styles.textarea}`}
              name="bounce"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder={"Remote Server returned '550 5.7.1 …'\n\nPaste the whole non-delivery report, including the original message's headers if you have them."}
              spellCheck={false}
              disabled={file !== null}
              rows={10}
            />
          </label>
          <div className={styles.drop}>
            {file ? (
              <p>
                <strong>{file.name}</strong> <span className="muted">({Math.max(1, Math.round(file.size / 1024))} KB)</span>{' '}
                <button type="button" className="btn btn-small" onClick={() => setFile(null)}>
                  Remove
                </button>
              </p>
            ) : (
              <p>
                Or drop the bounce message (.eml) here, or{' '}
                <button type="button" className="btn-link" onClick={() => input.current?.click()}>
                  choose a file
                </button>
                . At most {mib(maxBytes)}.
              </p>
            )}
            <input
              ref={input}
              className="sr-only"
              type="file"
              accept=".eml,.msg,.txt,message/rfc822,text/plain"
              aria-label="Bounce message file"
              tabIndex={-1}
              onChange={(e) => pick(e.target.files?.[0])}
            />
          </div>
          <div className={styles.actions}>
            <button type="submit" className="btn btn-primary" disabled={state.kind === 'working'}>
              {state.kind === 'working' ? 'Diagnosing…' : 'Diagnose'}
            </button>
            {state.kind === 'error' && (
              <span className="notice notice-error" role="alert">
                {state.message}
              </span>
            )}
          </div>
        </div>
      </form>
      <div ref={result} aria-live="polite">
        {state.kind === 'done' && <DiagnosisView diagnosis={state.diagnosis} />}
      </div>
    </>
  );
}
