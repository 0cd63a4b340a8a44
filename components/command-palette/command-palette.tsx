'use client';

import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { COMMAND_GROUPS, type TCommandItem, type TCommandSearch } from './types';
import styles from './command-palette.module.css';

/** Keystrokes closer together than this are one query (no request per letter). */
const DEBOUNCE_MS = 150;

/**
 * ⌘K / Ctrl-K (or the sidebar button): type to find a domain, source or report, Enter to go.
 * `search` runs on the server; `pages` are fixed entries filtered here. Client component: a
 * keyboard shortcut, a dialog and navigation. cmdk (on Radix Dialog) does the focus trap,
 * arrow keys and ARIA combobox wiring.
 */
export function CommandPalette({ search, pages = [] }: { search: TCommandSearch; pages?: TCommandItem[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<TCommandItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  // Answers can arrive out of order; only the latest query's answer is shown.
  const latest = useRef(0);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() === 'k' && (event.metaKey || event.ctrlKey)) {
        event.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const q = query.trim();
    const id = ++latest.current;
    if (!open || q === '') return;
    const timer = setTimeout(() => {
      setLoading(true);
      search(q)
        .then((items) => id === latest.current && (setFound(items), setFailed(false)))
        .catch(() => id === latest.current && (setFound([]), setFailed(true)))
        .finally(() => id === latest.current && setLoading(false));
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, open, search]);

  const q = query.trim().toLowerCase();
  const items = [...(q === '' ? [] : found), ...pages.filter((p) => q === '' || p.label.toLowerCase().includes(q))];
  const go = (href: string) => {
    setOpen(false);
    setQuery('');
    router.push(href);
  };

  return (
    <>
      <button type="button" className="palette-button" onClick={() => setOpen(true)} aria-keyshortcuts="Control+K Meta+K">
        <span>Search…</span>
        <kbd>Ctrl K</kbd>
      </button>
      <Command.Dialog
        open={open}
        onOpenChange={setOpen}
        label="Jump to a domain, source or report"
        shouldFilter={false}
        loop
        overlayClassName={styles.overlay}
        contentClassName={styles.content}
      >
        <Command.Input className={styles.input} value={query} onValueChange={setQuery} placeholder="Jump to a domain, source or report…" />
        <Command.List className={styles.list}>
          {loading && <Command.Loading className={styles.note}>Searching…</Command.Loading>}
          {failed && <div className={styles.note}>The search failed; try again.</div>}
          {!loading && !failed && <Command.Empty className={styles.note}>Nothing matches “{query.trim()}”.</Command.Empty>}
          {COMMAND_GROUPS.map(({ kind, heading }) => {
            const group = items.filter((i) => i.kind === kind);
            if (group.length === 0) return null;
            return (
              <Command.Group key={kind} heading={heading} className={styles.group}>
                {group.map((item) => (
                  <Command.Item key={item.id} value={item.id} onSelect={() => go(item.href)} className={styles.item}>
                    <span>{item.label}</span>
                    {item.hint && <span className={styles.hint}>{item.hint}</span>}
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
        </Command.List>
      </Command.Dialog>
    </>
  );
}
