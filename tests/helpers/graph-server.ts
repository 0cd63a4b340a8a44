import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TokenServer } from './oauth-token-server';

// A loopback stand-in for the Microsoft Graph mail endpoints the mailbox source calls, with the
// documented request and response shapes (v1.0): mailFolders (well-known names, $filter on
// displayName, childFolders, create → 201 / 409 ErrorFolderExists), messages of a folder
// ($select, $orderby=receivedDateTime, $filter=receivedDateTime ge …, $top, server-driven paging
// with @odata.nextLink), attachments (file, item; `/$value` raw content or MIME), a message's
// MIME (`/$value`), move (→ 201, a new id) and PATCH of categories. Bearer tokens are checked
// against the token server; it throttles (429 + Retry-After) and kills connections on demand.

export interface GraphAttachmentInput {
  kind: 'file' | 'item';
  name: string;
  contentType: string;
  /** File content, or the attached message's MIME for an item attachment. */
  bytes: Buffer;
  isInline?: boolean;
}

export interface GraphMessageInput {
  subject: string;
  receivedDateTime?: string;
  attachments: GraphAttachmentInput[];
  /** The whole message as MIME (what `/messages/{id}/$value` returns). */
  mime: Buffer;
}

interface StoredMessage extends GraphMessageInput {
  id: string;
  folderId: string;
  receivedDateTime: string;
  categories: string[];
  attachmentIds: string[];
}

interface Folder {
  id: string;
  displayName: string;
  parentFolderId: string;
  wellKnown?: string;
}

export interface GraphServer {
  /** `127.0.0.1:port`: the host and port of a graph:// URL. */
  host: string;
  port: number;
  addMailbox(user: string): void;
  deliver(user: string, messages: GraphMessageInput[]): void;
  /** Messages in a folder given by path ("Inbox", "DMARC/Processed"); 0 when it does not exist. */
  count(user: string, path: string): number;
  categoriesOf(user: string): string[][];
  /** The next `n` requests (matching `when`) are answered 429 with Retry-After. */
  throttleNext(n: number, retryAfter?: string): void;
  /** The next `n` requests matching `when` lose their connection halfway through the answer. */
  killNext(n: number, when?: (method: string, path: string) => boolean): void;
  /** Largest number of items one messages page returned (server-driven paging below $top). */
  pageCap: number;
  readonly stats: { requests: number; throttled: number; killed: number; pages: number; nextLinksFollowed: number; moves: number; valueReads: number; attachmentReads: number };
  close(): Promise<void>;
}

const WELL_KNOWN = ['msgfolderroot', 'inbox', 'archive', 'junkemail', 'deleteditems', 'sentitems', 'drafts'];

export async function startGraphServer(tls: { key: string; cert: string }, tokens: TokenServer): Promise<GraphServer> {
  const mailboxes = new Map<string, { folders: Map<string, Folder>; messages: Map<string, StoredMessage> }>();
  const stats = { requests: 0, throttled: 0, killed: 0, pages: 0, nextLinksFollowed: 0, moves: 0, valueReads: 0, attachmentReads: 0 };
  let throttle = { left: 0, retryAfter: '1' };
  let kill = { left: 0, when: (() => true) as (method: string, path: string) => boolean };
  let clock = Date.parse('2026-11-01T00:00:00Z');
  const newId = () => `AAMk${randomBytes(24).toString('base64url')}`;

  const mailbox = (user: string) => {
    const found = mailboxes.get(user.toLowerCase());
    if (!found) throw Object.assign(new Error(`The requested user '${user}' is invalid.`), { status: 404, code: 'ErrorInvalidUser' });
    return found;
  };
  const folderByPath = (user: string, path: string): Folder | undefined => {
    const box = mailbox(user);
    let parent = [...box.folders.values()].find((f) => f.wellKnown === 'msgfolderroot')?.id ?? '';
    let found: Folder | undefined;
    for (const [depth, name] of path.split('/').entries()) {
      found = [...box.folders.values()].find((f) =>
        depth === 0 && WELL_KNOWN.includes(name.toLowerCase()) ? f.wellKnown === name.toLowerCase() : f.parentFolderId === parent && f.displayName.toLowerCase() === name.toLowerCase(),
      );
      if (!found) return undefined;
      parent = found.id;
    }
    return found;
  };
  const folderJson = (user: string, f: Folder) => ({
    id: f.id,
    displayName: f.displayName,
    parentFolderId: f.parentFolderId,
    childFolderCount: [...mailbox(user).folders.values()].filter((c) => c.parentFolderId === f.id).length,
    totalItemCount: [...mailbox(user).messages.values()].filter((m) => m.folderId === f.id).length,
    unreadItemCount: 0,
  });
  const messageJson = (m: StoredMessage, select: string[] | null) => {
    const full: Record<string, unknown> = {
      '@odata.etag': `W/"${m.id.slice(-8)}"`,
      id: m.id,
      receivedDateTime: m.receivedDateTime,
      subject: m.subject,
      hasAttachments: m.attachments.some((a) => !a.isInline),
      categories: m.categories,
      parentFolderId: m.folderId,
      internetMessageId: `<${m.id.slice(-12)}@example.com>`,
    };
    if (!select) return full;
    return Object.fromEntries(Object.entries(full).filter(([k]) => k === 'id' || k === '@odata.etag' || select.includes(k)));
  };
  const attachmentJson = (m: StoredMessage, index: number) => {
    const a = m.attachments[index];
    return {
      '@odata.type': a.kind === 'file' ? '#microsoft.graph.fileAttachment' : '#microsoft.graph.itemAttachment',
      id: m.attachmentIds[index],
      name: a.name,
      contentType: a.contentType,
      size: a.bytes.length,
      isInline: a.isInline ?? false,
      lastModifiedDateTime: m.receivedDateTime,
    };
  };

  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    void (async () => {
      stats.requests++;
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const url = new URL(req.url ?? '/', `https://${req.headers.host}`);
      const method = req.method ?? 'GET';
      const path = decodeURIComponent(url.pathname);
      const sendJson = (status: number, body: unknown) => {
        const text = Buffer.from(JSON.stringify(body));
        res.writeHead(status, { 'content-type': 'application/json; odata.metadata=minimal', 'request-id': randomBytes(8).toString('hex'), 'content-length': text.length });
        if (kill.left > 0 && status < 300 && kill.when(method, path)) {
          kill.left--;
          stats.killed++;
          res.write(text.subarray(0, Math.floor(text.length / 2)));
          return void res.socket?.destroy();
        }
        res.end(text);
      };
      const sendBytes = (bytes: Buffer, type: string) => {
        res.writeHead(200, { 'content-type': type, 'content-length': bytes.length });
        if (kill.left > 0 && kill.when(method, path)) {
          kill.left--;
          stats.killed++;
          res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
          return void res.socket?.destroy();
        }
        res.end(bytes);
      };
      const fail = (status: number, code: string, message: string) => sendJson(status, { error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomBytes(8).toString('hex') } } });

      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const info = tokens.tokenInfo(bearer);
      if (!info || !info.active) return fail(401, 'InvalidAuthenticationToken', info ? 'Lifetime validation failed, the token is expired.' : 'Access token validation failure.');
      // An app-only Graph token is for the Graph resource: `https://<graph host>/.default`.
      if (info.scope !== `https://${req.headers.host}/.default`) return fail(401, 'InvalidAuthenticationToken', 'Access token validation failure. Invalid audience.');
      if (throttle.left > 0) {
        throttle.left--;
        stats.throttled++;
        res.setHeader('retry-after', throttle.retryAfter);
        return fail(429, 'ApplicationThrottled', 'Application is over its MailboxConcurrency limit.');
      }

      const m = /^\/v1\.0\/users\/([^/]+)(\/.*)$/.exec(path);
      if (!m) return fail(400, 'BadRequest', 'Resource not found for the segment.');
      const [, user, rest] = m;
      let box;
      try {
        box = mailbox(user);
      } catch (error) {
        const e = error as Error & { status: number; code: string };
        return fail(e.status, e.code, e.message);
      }
      if (!tokens.grantedMailboxes(info.clientId).includes(user.toLowerCase())) return fail(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
      const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
      const select = url.searchParams.get('$select')?.split(',') ?? null;
      const filterName = /^displayName eq '((?:[^']|'')*)'$/.exec(url.searchParams.get('$filter') ?? '')?.[1]?.replace(/''/g, "'");
      const findFolder = (ref: string) => box.folders.get(ref) ?? [...box.folders.values()].find((f) => f.wellKnown === ref.toLowerCase());

      // Folders: one folder, its children, top-level folders; creating one.
      let r = /^\/mailFolders(?:\/([^/]+))?(\/childFolders)?$/.exec(rest);
      if (r) {
        const parent = r[1] ? findFolder(r[1]) : findFolder('msgfolderroot');
        if (!parent) return fail(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
        if (r[1] && !r[2]) {
          if (method !== 'GET') return fail(405, 'ErrorInvalidRequest', 'The OData request is not supported.');
          return sendJson(200, folderJson(user, parent));
        }
        const children = [...box.folders.values()].filter((f) => f.parentFolderId === parent.id);
        if (method === 'POST') {
          const name = String(body.displayName ?? '');
          if (children.some((c) => c.displayName.toLowerCase() === name.toLowerCase())) return fail(409, 'ErrorFolderExists', 'A folder with the specified name already exists.');
          const folder: Folder = { id: newId(), displayName: name, parentFolderId: parent.id };
          box.folders.set(folder.id, folder);
          return sendJson(201, folderJson(user, folder));
        }
        const listed = filterName === undefined ? children : children.filter((c) => c.displayName.toLowerCase() === filterName.toLowerCase());
        return sendJson(200, { value: listed.map((f) => folderJson(user, f)) });
      }

      // Messages of a folder, oldest first, paged.
      r = /^\/mailFolders\/([^/]+)\/messages$/.exec(rest);
      if (r && method === 'GET') {
        const folder = findFolder(r[1]);
        if (!folder) return fail(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
        const since = /^receivedDateTime ge (\S+)$/.exec(url.searchParams.get('$filter') ?? '')?.[1];
        if (url.searchParams.has('$filter') && !since) return fail(400, 'ErrorInvalidUrlQueryFilter', 'The query filter contains one or more invalid nodes.');
        const top = Math.min(1000, Number(url.searchParams.get('$top') ?? 10));
        const skip = Number(url.searchParams.get('$skip') ?? 0);
        if (skip > 0) stats.nextLinksFollowed++;
        const all = [...box.messages.values()]
          .filter((msg) => msg.folderId === folder.id && (!since || msg.receivedDateTime >= since))
          .sort((a, b) => a.receivedDateTime.localeCompare(b.receivedDateTime) || a.id.localeCompare(b.id));
        const size = Math.min(top, graph.pageCap);
        const page = all.slice(skip, skip + size);
        stats.pages++;
        const next = new URL(url);
        next.searchParams.set('$skip', String(skip + page.length));
        return sendJson(200, {
          '@odata.context': `https://${req.headers.host}/v1.0/$metadata#users('${user}')/mailFolders('${folder.id}')/messages`,
          value: page.map((msg) => messageJson(msg, select)),
          ...(skip + page.length < all.length && page.length > 0 ? { '@odata.nextLink': next.toString() } : {}),
        });
      }

      r = /^\/messages\/([^/]+)(\/.*)?$/.exec(rest);
      if (r) {
        const message = box.messages.get(r[1]);
        if (!message) return fail(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
        const sub = r[2] ?? '';
        if (sub === '/$value' && method === 'GET') {
          stats.valueReads++;
          return sendBytes(message.mime, 'text/plain');
        }
        if (sub === '/attachments' && method === 'GET') return sendJson(200, { value: message.attachments.map((_, i) => attachmentJson(message, i)) });
        const a = /^\/attachments\/([^/]+)\/\$value$/.exec(sub);
        if (a && method === 'GET') {
          const index = message.attachmentIds.indexOf(a[1]);
          if (index < 0) return fail(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
          stats.attachmentReads++;
          const attachment = message.attachments[index];
          return sendBytes(attachment.bytes, attachment.kind === 'item' ? 'text/plain' : attachment.contentType);
        }
        if (sub === '/move' && method === 'POST') {
          const destination = findFolder(String(body.destinationId ?? ''));
          if (!destination) return fail(400, 'ErrorInvalidIdMalformed', 'Id is malformed.');
          box.messages.delete(message.id);
          // A move makes a new item: a new id in the destination (unless immutable ids are asked for).
          const moved = { ...message, id: newId(), folderId: destination.id };
          box.messages.set(moved.id, moved);
          stats.moves++;
          return sendJson(201, messageJson(moved, null));
        }
        if (sub === '' && method === 'PATCH') {
          if (Array.isArray(body.categories)) message.categories = body.categories.map(String);
          return sendJson(200, messageJson(message, null));
        }
      }
      fail(400, 'BadRequest', `Unsupported: ${method} ${rest}`);
    })().catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const graph: GraphServer = {
    host: '127.0.0.1',
    port,
    pageCap: 7,
    stats,
    addMailbox(user) {
      const folders = new Map<string, Folder>();
      const root: Folder = { id: newId(), displayName: 'Top of Information Store', parentFolderId: '', wellKnown: 'msgfolderroot' };
      folders.set(root.id, root);
      const names: Record<string, string> = { inbox: 'Inbox', archive: 'Archive', junkemail: 'Junk Email', deleteditems: 'Deleted Items', sentitems: 'Sent Items', drafts: 'Drafts' };
      for (const [wellKnown, displayName] of Object.entries(names)) {
        const folder: Folder = { id: newId(), displayName, parentFolderId: root.id, wellKnown };
        folders.set(folder.id, folder);
      }
      mailboxes.set(user.toLowerCase(), { folders, messages: new Map() });
    },
    deliver(user, messages) {
      const box = mailbox(user);
      const inbox = [...box.folders.values()].find((f) => f.wellKnown === 'inbox')!;
      for (const input of messages) {
        clock += 1000;
        const stored: StoredMessage = {
          ...input,
          id: newId(),
          folderId: inbox.id,
          receivedDateTime: input.receivedDateTime ?? new Date(clock).toISOString().replace('.000Z', 'Z'),
          categories: [],
          attachmentIds: input.attachments.map(() => `AAMkAtt${randomBytes(12).toString('base64url')}`),
        };
        box.messages.set(stored.id, stored);
      }
    },
    count(user, path) {
      const folder = folderByPath(user, path);
      return folder ? [...mailbox(user).messages.values()].filter((m) => m.folderId === folder.id).length : 0;
    },
    categoriesOf: (user) => [...mailbox(user).messages.values()].map((m) => m.categories),
    throttleNext(n, retryAfter = '1') {
      throttle = { left: n, retryAfter };
    },
    killNext(n, when = () => true) {
      kill = { left: n, when };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return graph;
}
