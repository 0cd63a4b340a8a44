'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useId, useState } from 'react';
import { summariseUpload, type TUploadSummary } from './upload-result';
import styles from './ingest.module.css';

interface TItem {
  key: string;
  name: string;
  size: number;
  /** 0–1 while sending; null before it starts. */
  progress: number | null;
  result: TUploadSummary | null;
}

/** Files sent at once: each gets its own request (its own progress and result). */
const PARALLEL = 2;
const BADGE: Record<TUploadSummary['outcome'], string> = {
  ingested: 'badge badge-pass',
  duplicate: 'badge badge-muted',
  set_aside: 'badge badge-warn',
  partial: 'badge badge-warn',
  failed: 'badge badge-fail',
};

const kib = (n: number) => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

/** One file to the upload API with the browser's session; resolves with what to show for it. */
function send(file: File, onProgress: (share: number) => void): Promise<TUploadSummary> {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('file', file, file.name);
    // XMLHttpRequest, not fetch: only it reports upload progress. Same origin, so the session
    // cookie and Sec-Fetch-Site: same-origin go along (the API's CSRF check for sessions).
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/reports');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => resolve(summariseUpload(xhr.status, xhr.response));
    xhr.onerror = () => resolve({ outcome: 'failed', headline: 'Failed: the connection to the server broke; try again.', lines: [] });
    xhr.send(form);
  });
}

/**
 * Upload report files: drop them here or pick them (any container the ingest reads: .xml,
 * .xml.gz, .zip, .eml, mbox). Each file shows its progress, then its result and every report
 * in it (ingested / duplicate / set aside / failed with the reason). Client component.
 */
export function UploadDropzone() {
  const router = useRouter();
  const inputId = useId();
  const [items, setItems] = useState<TItem[]>([]);
  const [over, setOver] = useState(false);
  const update = (key: string, change: Partial<TItem>) => setItems((all) => all.map((i) => (i.key === key ? { ...i, ...change } : i)));

  const upload = useCallback(
    async (files: File[]) => {
      if (files.length === 0) return;
      const batch = files.map((file, n) => ({ file, key: `${Date.now()}-${n}-${file.name}` }));
      setItems((all) => [...batch.map(({ file, key }) => ({ key, name: file.name, size: file.size, progress: null, result: null })), ...all]);
      const queue = [...batch];
      const worker = async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const { file, key } = next;
          update(key, { progress: 0 });
          const result = await send(file, (share) => update(key, { progress: share }));
          update(key, { progress: 1, result });
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, batch.length) }, worker));
      router.refresh();
    },
    [router],
  );

  const pending = items.filter((i) => i.result === null).length;
  return (
    <div>
      <div
        className={over ? `${styles.drop} ${styles.dropOver}` : styles.drop}
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(event) => {
          event.preventDefault();
          setOver(false);
          void upload([...event.dataTransfer.files]);
        }}
      >
        <p className={styles.dropTitle}>Drop report files here</p>
        <p className="muted">.xml, .xml.gz, .zip, .eml or mbox — several at once. Reports are routed to the domain they are about.</p>
        <label htmlFor={inputId} className="btn btn-primary">
          Choose files…
        </label>
        <input
          id={inputId}
          className="sr-only"
          type="file"
          multiple
          onChange={(event) => {
            void upload([...(event.target.files ?? [])]);
            event.target.value = '';
          }}
        />
      </div>
      {items.length > 0 && (
        <ul className={styles.files} aria-label="Uploaded files" aria-busy={pending > 0}>
          {items.map((item) => (
            <li key={item.key} className={styles.file} data-outcome={item.result?.outcome ?? 'pending'}>
              <div className={styles.fileHead}>
                <span className={styles.fileName}>{item.name}</span>
                <span className="muted">{kib(item.size)}</span>
                {item.result ? (
                  <span className={BADGE[item.result.outcome]}>{item.result.outcome.replace('_', ' ')}</span>
                ) : (
                  <progress className={styles.progress} max={1} value={item.progress ?? undefined} aria-label={`Uploading ${item.name}`} />
                )}
              </div>
              {item.result && (
                <div className={styles.fileResult} role="status">
                  <p>{item.result.headline}</p>
                  {item.result.lines.length > 0 && (
                    <ul>
                      {item.result.lines.map((line, n) => (
                        <li key={n}>
                          <span className={BADGE[line.outcome]}>{line.outcome.replace('_', ' ')}</span>{' '}
                          {line.href ? <Link href={line.href}>{line.text}</Link> : line.text}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
