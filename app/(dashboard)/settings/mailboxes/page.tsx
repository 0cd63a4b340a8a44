import type { Metadata } from 'next';
import { z } from 'zod';
import { connection } from 'next/server';
import { actorCan, requireActor } from '@/lib/access';
import { parseEncryptionKey } from '@/lib/platform/crypto';
import { getMailbox, listMailboxes } from '@/lib/queries';
import { loadImapEnv } from '@/lib/mailboxes';
import { EmptyState } from '@/components/ui/empty-state';
import { MailboxForm } from '@/components/mailboxes/mailbox-form';
import { MailboxTable } from '@/components/mailboxes/mailbox-table';
import { toFormValues } from '@/components/mailboxes/form-values';
import { ConsentNotice } from '@/components/mailboxes/consent-notice';
import { cookies } from 'next/headers';
import { CONSENT_FLASH_COOKIE, consentRedirectUri } from './oauth/consent-redirect';
import { Panel } from '@/components/ui/panel';

export const metadata: Metadata = { title: 'Mailboxes' };

const ZConsentOutcome = z.object({ ok: z.string().max(300).optional(), error: z.string().max(800).optional() });

/** The last Google consent round trip's outcome (a cookie the callback set for a minute). */
function readConsentOutcome(value: string | undefined): z.infer<typeof ZConsentOutcome> | null {
  if (!value) return null;
  try {
    const parsed = ZConsentOutcome.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export default async function MailboxesPage({ searchParams }: { searchParams: Promise<{ edit?: string }> }) {
  await connection();
  const actor = await requireActor();
  const canManage = actorCan(actor, 'mailboxes.manage');
  const mailboxes = await listMailboxes(actor.organizationId, { includeEnv: actor.isInstanceAdmin });
  const editId = Number((await searchParams).edit);
  const consent = readConsentOutcome((await cookies()).get(CONSENT_FLASH_COOKIE)?.value);
  const editing = canManage && Number.isSafeInteger(editId) ? await getMailbox(actor.organizationId, editId) : null;
  // Three missed polls (and at least five minutes) without a successful read: no worker?
  const staleAfterMs = Math.max(3 * loadImapEnv().ATLAS_IMAP_POLL_SECONDS * 1000, 5 * 60_000);
  // Said up front rather than after someone has typed a password in.
  let keyProblem: string | null = null;
  try {
    parseEncryptionKey(process.env.ATLAS_ENCRYPTION_KEY);
  } catch (error) {
    keyProblem = (error as Error).message;
  }
  return (
    <>
      <Panel title="Mailboxes" aside={<span className="muted">Atlas reads aggregate reports from these: point your domains&apos; <code>rua=mailto:</code> at one of them.</span>}>
        <ConsentNotice ok={consent?.ok} error={consent?.error} />
        {mailboxes.length === 0 ? (
          <EmptyState title="No mailbox yet">
            <p>Add the mailbox that receives your aggregate reports below, or set <code>ATLAS_IMAP_URL</code> for the whole instance.</p>
          </EmptyState>
        ) : (
          <MailboxTable mailboxes={mailboxes} canManage={canManage} staleAfterMs={staleAfterMs} />
        )}
      </Panel>
      {canManage && (
        <Panel title={<>{editing ? `Edit “${editing.label}”` : 'Add a mailbox'}</>} body>
          {keyProblem && <p className="notice notice-error">{keyProblem}</p>}
          <MailboxForm
            key={editing?.id ?? 'new'}
            initial={editing ? toFormValues(editing) : undefined}
            redirectUri={consentRedirectUri()}
          />
        </Panel>
      )}
    </>
  );
}
