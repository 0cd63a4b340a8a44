'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useState, useTransition, type ReactElement, type ReactNode } from 'react';
import styles from './confirm-dialog.module.css';

export interface TConfirmDialogProps {
  /** The button that opens the dialog (rendered as is). */
  trigger: ReactElement;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  tone?: 'primary' | 'danger';
  /** Extra form fields (e.g. a name); their values reach onConfirm. */
  children?: ReactNode;
  /** Runs the action; resolves to an error message to show, or null to close. */
  onConfirm: (form: FormData) => Promise<string | null>;
}

/**
 * A confirmation with words on both buttons instead of window.confirm/prompt: focus moves into
 * it, Escape or Cancel closes it, focus returns to the trigger (Radix AlertDialog does that). The
 * dialog stays open with the error if the action fails.
 */
export function ConfirmDialog({ trigger, title, description, confirmLabel, tone = 'primary', children, onConfirm }: TConfirmDialogProps) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <AlertDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        setOpen(next);
        setError(null);
      }}
    >
      <AlertDialog.Trigger asChild>{trigger}</AlertDialog.Trigger>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={styles.overlay} />
        <AlertDialog.Content className={styles.content}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              start(async () => {
                const failure = await onConfirm(form);
                if (failure) setError(failure);
                else setOpen(false);
              });
            }}
          >
            <AlertDialog.Title className={styles.title}>{title}</AlertDialog.Title>
            <AlertDialog.Description asChild>
              <div className={styles.description}>{description}</div>
            </AlertDialog.Description>
            {children && <div className={styles.fields}>{children}</div>}
            {error && (
              <p className="notice notice-error" role="alert">
                {error}
              </p>
            )}
            <div className={styles.buttons}>
              <AlertDialog.Cancel className="btn" disabled={pending}>
                Cancel
              </AlertDialog.Cancel>
              <button type="submit" className={tone === 'danger' ? 'btn btn-danger-solid' : 'btn btn-primary'} disabled={pending}>
                {pending ? 'Working…' : confirmLabel}
              </button>
            </div>
          </form>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
