'use client';

import { DangerActionButton } from '@/components/ui/danger-action-button';
import { deleteAlertRuleAction, deleteWebhookAction, updateAlertRuleAction } from '@/app/(dashboard)/settings/notification-actions';
import type { TRuleInput } from '@/lib/alerts';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

export function DeleteRuleButton({ ruleId, label }: { ruleId: number; label: string }) {
  return <DangerActionButton label="Delete" confirm={`Delete the rule “${label}”? Its history stays.`} action={() => deleteAlertRuleAction(ruleId)} />;
}

export function DeleteWebhookButton({ webhookId, name }: { webhookId: number; name: string }) {
  return <DangerActionButton label="Delete" confirm={`Delete the webhook “${name}”? Rules stop posting to it.`} action={() => deleteWebhookAction(webhookId)} />;
}

/** Pauses or resumes a rule (everything else about it stays). */
export function ToggleRuleButton({ ruleId, rule }: { ruleId: number; rule: TRuleInput }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      className="btn btn-small"
      disabled={pending}
      onClick={() =>
        start(async () => {
          await updateAlertRuleAction(ruleId, { ...rule, enabled: !rule.enabled });
          router.refresh();
        })
      }
    >
      {rule.enabled ? 'Pause' : 'Resume'}
    </button>
  );
}
