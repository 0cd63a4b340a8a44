import type { GraphClient } from './graph-client';
import { userPath } from './graph-folders';
import { ZGraphAttachmentList, ZGraphMessagePage, type TGraphAttachment, type TGraphMessage } from './graph-schemas';

// Categories set in flag mode (the message stays where it is), as IMAP's keywords.
export const PROCESSED_CATEGORY = 'DMARC Atlas: processed';
export const FAILED_CATEGORY = 'DMARC Atlas: failed';

const SELECT = 'id,receivedDateTime,subject,hasAttachments,categories';

export interface TListOptions {
  folderId: string;
  /** Flag mode: only messages received at or after this instant (ISO), the stored progress. */
  since: string | null;
  /** Messages to leave out (stuck, or already handled in this pass). */
  skip: (message: TGraphMessage) => boolean;
  limit: number;
  pageSize: number;
}

/**
 * Up to `limit` messages of a folder, oldest first, following @odata.nextLink. Nothing is
 * changed while paging (moves happen after), so server-side paging stays consistent; each batch
 * starts a new listing from the stored progress.
 */
export async function listPending(client: GraphClient, username: string, options: TListOptions): Promise<TGraphMessage[]> {
  const query = new URLSearchParams({ $select: SELECT, $orderby: 'receivedDateTime asc', $top: String(options.pageSize) });
  // Graph wants a property sorted on to be filtered on first, when both are given.
  if (options.since) query.set('$filter', `receivedDateTime ge ${options.since}`);
  let next: string | undefined = `${userPath(username)}/mailFolders/${encodeURIComponent(options.folderId)}/messages?${query}`;
  const found: TGraphMessage[] = [];
  while (next && found.length < options.limit) {
    const page: { value: TGraphMessage[]; '@odata.nextLink'?: string } = await client.json(ZGraphMessagePage, 'GET', next);
    for (const message of page.value) {
      if (!options.skip(message)) found.push(message);
      if (found.length === options.limit) break;
    }
    next = page['@odata.nextLink'];
  }
  return found;
}

/** What a reporter's mail may carry a report in (the pipeline's own rule for mail parts). */
function looksLikeReport(attachment: TGraphAttachment): boolean {
  if (attachment['@odata.type'] === '#microsoft.graph.itemAttachment') return true; // an attached message (.eml)
  if (attachment['@odata.type'] !== '#microsoft.graph.fileAttachment') return false; // referenceAttachment: a link
  const type = (attachment.contentType ?? '').toLowerCase();
  return (
    /\.(xml|gz|gzip|zip|eml|mbox)$/i.test(attachment.name ?? '') ||
    /^(application\/(gzip|x-gzip|zip|x-zip|x-zip-compressed|octet-stream|xml|x-xml)|text\/xml|message\/rfc822)$/.test(type)
  );
}

export interface TMessageInput {
  bytes: Buffer;
  /** Where a person finds the input again (ingest log). */
  name: string;
}

export type TMessageRead = { inputs: TMessageInput[] } | { tooLarge: string };

/**
 * The inputs one message carries: each report-like attachment's bytes (`$value`: a file
 * attachment's content, an item attachment's MIME), or — when it has none — the whole message
 * as MIME (`$value`), so reports inline in the body and odd attachment types still reach the
 * pipeline, which decides.
 */
export async function readMessage(client: GraphClient, username: string, message: TGraphMessage, where: string, maxBytes: number): Promise<TMessageRead> {
  const base = `${userPath(username)}/messages/${encodeURIComponent(message.id)}`;
  const name = `${where}/messages/${encodeURIComponent(message.id)}`;
  if (message.hasAttachments !== false) {
    const list = await client.json(ZGraphAttachmentList, 'GET', `${base}/attachments?$select=id,name,contentType,size,isInline`);
    const large = list.value.find((a) => (a.size ?? 0) > maxBytes);
    if (large) return { tooLarge: `attachment "${large.name ?? large.id}" (${((large.size ?? 0) / 2 ** 20).toFixed(1)} MB) is larger than ATLAS_MAX_FILE_BYTES (${(maxBytes / 2 ** 20).toFixed(1)} MB)` };
    const reports = list.value.filter(looksLikeReport);
    if (reports.length > 0) {
      const inputs: TMessageInput[] = [];
      for (const attachment of reports) {
        const bytes = await client.bytes(`${base}/attachments/${encodeURIComponent(attachment.id)}/$value`, maxBytes, `attachment "${attachment.name ?? attachment.id}"`);
        const file = attachment['@odata.type'] === '#microsoft.graph.itemAttachment' && !/\.eml$/i.test(attachment.name ?? '') ? `${attachment.name ?? 'message'}.eml` : (attachment.name ?? attachment.id);
        inputs.push({ bytes, name: `${name}/attachments/${encodeURIComponent(file)}` });
      }
      return { inputs };
    }
  }
  return { inputs: [{ bytes: await client.bytes(`${base}/$value`, maxBytes, 'message'), name: `${name}.eml` }] };
}

/** Moves a handled message (its reports committed) to the processed or failed folder. */
export async function moveMessage(client: GraphClient, username: string, messageId: string, destinationId: string): Promise<void> {
  const response = await client.send('POST', `${userPath(username)}/messages/${encodeURIComponent(messageId)}/move`, { destinationId });
  await response.body?.cancel().catch(() => undefined);
}

/** Flag mode: adds our category, keeping the ones people set. */
export async function categorizeMessage(client: GraphClient, username: string, message: TGraphMessage, category: string): Promise<void> {
  const categories = [...new Set([...(message.categories ?? []), category])];
  const response = await client.send('PATCH', `${userPath(username)}/messages/${encodeURIComponent(message.id)}`, { categories });
  await response.body?.cancel().catch(() => undefined);
}
