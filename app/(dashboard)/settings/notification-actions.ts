'use server';

import { revalidatePath } from 'next/cache';
import { ActionError, loadUserScope, runAsMember } from '@/lib/access';
import { createAlertRule, createWebhook, deleteAlertRule, deleteWebhook, updateAlertRule, type TRuleInput } from '@/lib/alerts';
import { saveNotificationSetting, type TNotificationSettingInput } from '@/lib/digests';

// Notification settings (each user's own) and alert rules and webhooks (admins). Each runs as
// the signed-in member; the lib functions check the permission themselves.

export async function saveNotificationSettingAction(input: TNotificationSettingInput) {
  return runAsMember(async (actor) => {
    if (!actor.userId) throw new ActionError('forbidden', 'Only a signed-in person has notification settings.');
    await saveNotificationSetting(actor.userId, await loadUserScope(actor.userId), input);
    revalidatePath('/settings/notifications');
  });
}

export async function createAlertRuleAction(input: TRuleInput) {
  return runAsMember(async (actor) => {
    const rule = await createAlertRule(actor, input);
    revalidatePath('/settings/alerts');
    return rule;
  });
}

export async function updateAlertRuleAction(ruleId: number, input: TRuleInput) {
  return runAsMember(async (actor) => {
    await updateAlertRule(actor, ruleId, input);
    revalidatePath('/settings/alerts');
  });
}

export async function deleteAlertRuleAction(ruleId: number) {
  return runAsMember(async (actor) => {
    await deleteAlertRule(actor, ruleId);
    revalidatePath('/settings/alerts');
  });
}

export async function createWebhookAction(input: { name: string; url: string; format: 'json' | 'slack' }) {
  return runAsMember(async (actor) => {
    const created = await createWebhook(actor, input);
    revalidatePath('/settings/alerts');
    return created;
  });
}

export async function deleteWebhookAction(webhookId: number) {
  return runAsMember(async (actor) => {
    await deleteWebhook(actor, webhookId);
    revalidatePath('/settings/alerts');
  });
}
