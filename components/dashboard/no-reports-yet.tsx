import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';
import { dmarcSetup } from '@/lib/access';

/**
 * A domain without mail in the period: what to publish so that reports come (the rua address of
 * this instance when ATLAS_RUA_ADDRESS is set), and where reports come in.
 */
export function NoReportsYet({ domain, everReported }: { domain: string; everReported: boolean }) {
  const setup = dmarcSetup(domain);
  if (everReported) {
    return (
      <EmptyState title="No reports in this period">
        <p>Reports for {domain} exist outside it: choose a longer period above.</p>
      </EmptyState>
    );
  }
  return (
    <EmptyState title={`No reports for ${domain} yet`}>
      <p>Receivers send aggregate reports to the address in the domain’s DMARC record. Publish this TXT record (or add the rua address to the one you have):</p>
      <pre>
        {setup.record.name}
        {'\n'}
        {setup.record.value}
      </pre>
      {setup.externalAuthorisation && (
        <p>
          The report address is in another domain, which must allow it: <code>{setup.externalAuthorisation.name}</code> TXT <code>{setup.externalAuthorisation.value}</code>.
        </p>
      )}
      {!setup.ruaAddress && <p>This instance has no report address yet: the operator sets ATLAS_RUA_ADDRESS to a mailbox Atlas reads.</p>}
      <p>
        <Link href="/settings/mailboxes" className="btn">
          Connect a mailbox
        </Link>
      </p>
      <p>The first reports arrive within a day or two of publishing.</p>
    </EmptyState>
  );
}
