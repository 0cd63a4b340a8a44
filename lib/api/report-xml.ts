import { Readable } from 'node:stream';
import type { TActor } from '@/lib/access';
import { blobStream } from '@/lib/ingest';
import { getReportXml } from '@/lib/queries';
import { notFound } from './errors';

/** Characters kept in a download's file name; anything else (quotes, slashes, controls, non-ASCII) becomes `_`. */
const UNSAFE = /[^A-Za-z0-9._!+@-]+/g;

/**
 * The conventional name of an aggregate report file (<reporter>!<domain>!<begin>!<end>!<id>.xml,
 * as reporters name their attachments), made safe for a Content-Disposition header: every part
 * comes from the report, i.e. from whoever sent it.
 */
export function reportXmlFileName(r: { orgName: string; policyDomain: string; begin: Date; end: Date; reportId: string }): string {
  const parts = [r.orgName, r.policyDomain, String(Math.floor(r.begin.getTime() / 1000)), String(Math.floor(r.end.getTime() / 1000)), r.reportId];
  const name = parts.map((p) => p.replace(UNSAFE, '_').replace(/^[._]+/, '').slice(0, 80)).join('!');
  return `${name || 'report'}.xml`;
}

/** GET /api/v1/reports/{id}/xml: the XML as received, streamed from its stored gzip. */
export async function reportXmlResponse(actor: TActor, id: bigint): Promise<Response> {
  const xml = await getReportXml(actor.scope, id);
  if (!xml) throw notFound('No such report.');
  const body = Readable.toWeb(blobStream(xml.gz, xml.size)) as ReadableStream<Uint8Array>;
  return new Response(body, {
    headers: {
      // No charset: the bytes are the reporter's, in the encoding their XML declaration names.
      'content-type': 'application/xml',
      'content-length': String(xml.size),
      'content-disposition': `attachment; filename="${reportXmlFileName(xml)}"`,
      // Never rendered as a document of our origin, even if a browser is told to open it.
      'content-security-policy': "sandbox; default-src 'none'",
      'x-content-type-options': 'nosniff',
      etag: `"${xml.sha256}"`,
    },
  });
}
