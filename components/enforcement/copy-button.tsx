'use client';

import { useState } from 'react';

/** Copies a DNS record value; says so for a moment (and to screen readers). */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          navigator.clipboard.writeText(value).then(
            () => setCopied(true),
            () => setCopied(false),
          );
          window.setTimeout(() => setCopied(null), 2500);
        }}
      >
        {copied ? 'Copied' : label}
      </button>
      <span className="sr-only" role="status">
        {copied === true ? 'Copied to the clipboard' : copied === false ? 'Copying failed: select the text instead' : ''}
      </span>
    </>
  );
}
