import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { z } from 'zod';
import { NoAccess } from '@/components/settings/no-access';
import { EmptyState } from '@/components/ui/empty-state';
import { requireActor } from '@/lib/access';
import { previewDigest } from '@/lib/digests';
import { Panel } from '@/components/ui/panel';

export const metadata: Metadata = { title: 'Digest preview' };

const ZParams = z.object({ asOf: z.iso.date().optional().catch(undefined) });

export default async function DigestPreviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  const actor = await requireActor();
  if (!actor.userId) return <NoAccess what="The digest preview" />;
  const { asOf } = ZParams.parse(await searchParams);
  const preview = await previewDigest(actor.userId, { asOf });
  if (!preview) {
    return (
      <section className="panel">
        <EmptyState title="Nothing to preview">
          <p>You see no domain, or none of the domains you chose for the digest. Change that in <Link href="/settings/notifications">Notifications</Link>.</p>
        </EmptyState>
      </section>
    );
  }
  return (
    <>
      <Panel title={preview.subject} aside={<Link href="/settings/notifications">Back to settings</Link>} body>
        <p className="muted" style={{ marginTop: 0 }}>
          Week {preview.week.from} to the day before {preview.week.to} (UTC){preview.sendAt ? `, sent ${preview.sendAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}. A preview: nothing is sent.
        </p>
        <form className="form-row" method="get" style={{ marginBottom: 12 }}>
          <label className="field">
            <span>As of (UTC day)</span>
            <input className="input" type="date" name="asOf" defaultValue={asOf ?? preview.asOf} />
          </label>
          <button className="btn" type="submit">
            Show that week
          </button>
        </form>
        {/* The mail's HTML in a sandbox: no scripts, no same-origin access, exactly what a mail client gets. */}
        <iframe title="Digest (HTML part)" sandbox="" srcDoc={preview.html} style={{ width: '100%', maxWidth: 680, height: 1400, border: '1px solid var(--line, #dde1e6)', borderRadius: 8, background: '#fff' }} />
      </Panel>
      <Panel title="Plain-text part">
        <pre className="panel-body" style={{ overflowX: 'auto', margin: 0, fontSize: 12.5 }} data-testid="digest-text">
          {preview.text}
        </pre>
      </Panel>
    </>
  );
}
