'use server';

import { revalidatePath } from 'next/cache';
import { cookies } from 'next/headers';
import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { actorCan, auditActor, requireActor, type TActor } from '@/lib/access';
import { recordAudit } from '@/lib/platform/audit';
import { EncryptionKeyError } from '@/lib/platform/crypto';
import { createMailbox, deleteMailbox, MailboxInputError, OAUTH_FLOWS, setMailboxEnabled, type TConnectionTestResult, testMailboxConnection, type TMailboxInputRaw, updateMailbox } from '@/lib/mailboxes';
import { log } from '@/lib/platform/log';
import { CONSENT_FLASH_COOKIE } from './oauth/consent-redirect';

const PAGE = '/settings/mailboxes';

export interface TMailboxFormState {
  ok: boolean;
  message: string;
  field?: string;
  /** Bumped on success so the form can reset itself. */
  savedAt?: number;
}

async function manager(): Promise<TActor> {
  const actor = await requireActor();
  if (!actorCan(actor, 'mailboxes.manage')) throw new MailboxInputError('Only owners and admins can manage mailboxes.');
  return actor;
}

const FLOWS: readonly string[] = OAUTH_FLOWS;

function formInput(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? '');
  const optional = (name: string) => text(name).trim() || undefined;
  const signIn = text('signIn') || 'password';
  const flow = FLOWS.includes(signIn) ? signIn : null;
  // Only the fields of the chosen flow count; ZMailboxInput (in create/update) validates them.
  const oauth = flow
    ? ({
        flow,
        tenantId: text('tenantId'),
        clientId: text('clientId'),
        credential: optional('credential'),
        authority: optional('authority'),
        tokenUrl: optional('tokenUrl') ?? (flow === 'client-credentials' ? '' : undefined),
        authUrl: optional('authUrl'),
        scope: optional('scope'),
        clientAuth: optional('clientAuth'),
      } as TMailboxInputRaw['oauth'])
    : null;
  return {
    kind: (text('kind') === 'graph' ? 'graph' : 'imap') as 'imap' | 'graph',
    oauth,
    label: text('label'),
    host: text('host'),
    port: text('port'),
    tls: form.get('tls') === 'on',
    username: text('username'),
    authType: (signIn === 'password' ? 'password' : 'oauth2') as 'password' | 'oauth2',
    secret: text('secret') || undefined,
    folder: text('folder') || undefined,
    processedFolder: text('processedFolder') || undefined,
    failedFolder: text('failedFolder') || undefined,
    afterIngest: (text('afterIngest') || 'move') as 'move' | 'flag',
    enabled: true,
  };
}

// Errors meant for the person (bad input, missing key) become the form's message; anything
// else is logged and reported generically (it may carry internals).
function failure(error: unknown): TMailboxFormState {
  // requireActor() redirects to /login by throwing: that must reach Next, not the form.
  unstable_rethrow(error);
  if (error instanceof MailboxInputError) return { ok: false, message: error.message, field: error.field };
  if (error instanceof EncryptionKeyError) return { ok: false, message: error.message, field: 'secret' };
  log.error({ err: error }, 'mailbox action failed');
  return { ok: false, message: 'Something went wrong while saving; see the server log.' };
}

export async function saveMailboxAction(_prev: TMailboxFormState, form: FormData): Promise<TMailboxFormState> {
  try {
    const actor = await manager();
    const id = Number(form.get('id') || 0);
    const input = formInput(form);
    const saved = id ? await updateMailbox(actor.organizationId, id, input) : await createMailbox(actor.organizationId, input);
    await recordAudit({
      organizationId: actor.organizationId,
      actor: auditActor(actor),
      action: id ? 'mailbox.updated' : 'mailbox.created',
      targetType: 'mailbox',
      targetId: saved.id,
      details: { label: saved.label, kind: saved.kind, host: saved.host, username: saved.username, folder: saved.folder, signIn: saved.oauth?.flow ?? saved.authType, secretChanged: Boolean(input.secret) },
    });
    revalidatePath(PAGE);
    if (saved.oauth?.flow === 'google-refresh-token' && !saved.hasRefreshToken) {
      return { ok: true, message: `${id ? 'Saved' : 'Added'} "${saved.label}". Next: “Grant access” in the list above, and sign in as ${saved.username}.`, savedAt: Date.now() };
    }
    return { ok: true, message: id ? `Saved "${saved.label}".` : `Added "${saved.label}": the worker starts reading it within a minute.`, savedAt: Date.now() };
  } catch (error) {
    return failure(error);
  }
}

export async function testConnectionAction(form: FormData): Promise<TConnectionTestResult> {
  try {
    const actor = await manager();
    const id = Number(form.get('id') || 0);
    const input = formInput(form);
    return await testMailboxConnection(actor.organizationId, { ...input, mailboxId: id || undefined });
  } catch (error) {
    return { ok: false, message: failure(error).message };
  }
}

const ZId = z.coerce.number().int().positive();

/** Drops the consent outcome once the page has shown it (the callback set it for a few seconds). */
export async function clearConsentOutcomeAction(): Promise<void> {
  await requireActor();
  (await cookies()).delete({ name: CONSENT_FLASH_COOKIE, path: '/settings/mailboxes' });
}

export async function setMailboxEnabledAction(id: number, enabled: boolean): Promise<TMailboxFormState> {
  try {
    const actor = await manager();
    await setMailboxEnabled(actor.organizationId, ZId.parse(id), enabled);
    await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: enabled ? 'mailbox.enabled' : 'mailbox.disabled', targetType: 'mailbox', targetId: id });
    revalidatePath(PAGE);
    return { ok: true, message: enabled ? 'Enabled.' : 'Paused.' };
  } catch (error) {
    return failure(error);
  }
}

export async function deleteMailboxAction(id: number): Promise<TMailboxFormState> {
  try {
    const actor = await manager();
    await deleteMailbox(actor.organizationId, ZId.parse(id));
    await recordAudit({ organizationId: actor.organizationId, actor: auditActor(actor), action: 'mailbox.deleted', targetType: 'mailbox', targetId: id });
    revalidatePath(PAGE);
    return { ok: true, message: 'Removed.' };
  } catch (error) {
    return failure(error);
  }
}
