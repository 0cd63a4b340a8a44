import { createHash } from 'node:crypto';
import { bufferSource, readAll, type ByteSource } from './byte-source';
import { detectContainer, type Container } from './detect';
import { IngestError, toIngestError } from '@/lib/ingest/errors';
import { gunzipChunks, gzipName } from './gzip';
import { newBudget, type DecompressionBudget } from './inflate-guard';
import { LimitError, formatBytes, type Limits } from '@/lib/ingest/limits';
import { mailParts } from './mail';
import { splitMbox } from './mbox';
import { Workspace } from './workspace';
import type { XmlSource } from './xml-source';
import { listZip, zipEntryChunks } from './zip';
import type { TMailEvidence, TVerifyMail } from '@/lib/ingest/authenticity/mail-evidence';

/** One XML document found in an input, with where it was found ("mail.eml › report.zip › a.xml"). */
export interface UnwrappedXml {
  path: string;
  xml: XmlSource;
  /** What the innermost mail around the document proves about its sender; null when no mail carried it. */
  mail: TMailEvidence | null;
}

/** A part of an input that could not be read; the other parts are still returned. */
export interface UnwrapFailure {
  path: string;
  error: IngestError;
}

export type UnwrapItem = UnwrappedXml | UnwrapFailure;

export interface UnwrapOptions {
  /** Where unpacked bytes go that do not fit in memory; the caller disposes of it after the last read. */
  workspace?: Workspace;
  /** Checks each mail met (DKIM); without it mail carries no evidence (`atlas parse` works offline). */
  verifyMail?: TVerifyMail;
}

export const PATH_SEPARATOR = ' › ';

/** Enough leading bytes to recognise any container (detect.ts) and a report's prolog. */
const SNIFF_BYTES = 64 * 1024;
/** A mail inside a gzip or an archive is parsed in memory: beyond this it is not a report mail. */
const NESTED_MAIL_MAX = 64 * 1024 * 1024;

interface Ctx {
  limits: Limits;
  budget: DecompressionBudget;
  workspace: Workspace;
  verifyMail: TVerifyMail | undefined;
  items: UnwrapItem[];
}

/** What the enclosing container told us about a part, to decide whether junk in it is an error. */
interface Origin {
  /** Inside a gzip or a zip entry named like a report: whatever it holds must be a report. */
  mustBeReport: boolean;
  mail: TMailEvidence | null;
}

/** A stream of bytes that can be produced again (an inflated gzip, a zip entry). */
type Reopen = (budget: DecompressionBudget) => AsyncIterable<Buffer>;

/**
 * Turns one input (a file, an upload, a mailbox message) into the XML documents it carries,
 * however deeply wrapped: plain XML, gzip, zip, e-mail, mbox. Detection is by content at
 * every level. A part that fails becomes a failure item and never hides the good parts.
 *
 * Memory stays bounded whatever the input and the limits: inflated bytes are streamed, never
 * collected, except small documents and nested archives within the workspace's allowance;
 * the rest goes to scratch files. Every document is read to its end here (sizes, CRCs and
 * limits checked, hashed), so a failure is known before anything is stored.
 */
export async function unwrap(input: ByteSource | Buffer, name: string, limits: Limits, options: UnwrapOptions = {}): Promise<UnwrapItem[]> {
  const source = Buffer.isBuffer(input) ? bufferSource(input) : input;
  const ctx: Ctx = { limits, budget: newBudget(), workspace: options.workspace ?? new Workspace(), verifyMail: options.verifyMail, items: [] };
  if (source.size > limits.maxFileBytes) {
    ctx.items.push({ path: name, error: new LimitError('maxFileBytes', limits.maxFileBytes, `${name} is ${source.size} bytes`) });
    return ctx.items;
  }
  const head = await source.read(0, SNIFF_BYTES);
  const kind = detectContainer(head);
  if (kind === 'unknown') {
    ctx.items.push({ path: name, error: unknownContent(name, head) });
    return ctx.items;
  }
  await visit(source, kind, name, 0, ctx, { mustBeReport: true, mail: null }, true);
  return ctx.items;
}

export function isFailure(item: UnwrapItem): item is UnwrapFailure {
  return 'error' in item;
}

async function visit(data: ByteSource, kind: Container, path: string, depth: number, ctx: Ctx, origin: Origin, isInput = false): Promise<void> {
  if (depth > ctx.limits.maxNesting) {
    ctx.items.push({ path, error: new LimitError('maxNesting', ctx.limits.maxNesting, `${path} is nested ${depth} levels deep`) });
    return;
  }
  try {
    switch (kind) {
      case 'xml':
        return await visitXmlSource(data, path, ctx, origin, isInput);
      case 'gzip':
        return await visitGzip(data, path, depth, ctx, origin);
      case 'zip':
        return await visitZip(data, path, depth, ctx, origin);
      case 'eml':
        return await visitMail(data, path, depth, ctx);
      case 'mbox':
        return await visitMbox(data, path, depth, ctx);
      case 'unknown':
        ctx.items.push({ path, error: unknownContent(path, await data.read(0, 8)) });
        return;
    }
  } catch (err) {
    ctx.items.push({ path, error: toIngestError(err, 'input.corrupt', `${path}: cannot read`) });
  }
}

/** A document already in memory or on disk: no inflating, so no limits to check but its size. */
async function visitXmlSource(data: ByteSource, path: string, ctx: Ctx, origin: Origin, isInput: boolean): Promise<void> {
  let bytes = data.buffer;
  if (!bytes && data.size <= ctx.limits.streamThresholdBytes && ctx.workspace.reserve(data.size)) bytes = await readAll(data);
  const small = bytes !== null && bytes.length <= ctx.limits.streamThresholdBytes;
  const sha256 = isInput ? null : await hashOf(bytes ? [bytes] : data.stream());
  ctx.items.push({
    path,
    mail: origin.mail,
    xml: {
      size: data.size, sha256, bytes: small ? bytes : null,
      open: () => (bytes ? bufferSource(bytes) : data).stream(),
      openTransient: () => (bytes ? bufferSource(bytes) : data).transientChunks(),
    },
  });
}

async function hashOf(chunks: AsyncIterable<Buffer> | Buffer[]): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of chunks) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * A child produced by inflating (a gzip's content, a zip entry): read once to its end here.
 * A document is hashed on the way and kept when small; a nested container is collected into
 * the workspace (memory within the allowance, else a scratch file) and visited in turn.
 */
async function visitStream(reopen: Reopen, path: string, depth: number, ctx: Ctx, origin: Origin): Promise<void> {
  const iterator = reopen(ctx.budget)[Symbol.asyncIterator]();
  try {
    const head: Buffer[] = [];
    let headSize = 0;
    let ended = false;
    while (headSize < SNIFF_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      head.push(next.value);
      headSize += next.value.length;
    }
    const first = Buffer.concat(head, headSize);
    const kind = detectContainer(first);
    if (kind === 'unknown') {
      if (origin.mustBeReport) ctx.items.push({ path, error: unknownContent(path, first) });
      return;
    }
    if (depth + 1 > ctx.limits.maxNesting) {
      ctx.items.push({ path, error: new LimitError('maxNesting', ctx.limits.maxNesting, `${path} is nested ${depth + 1} levels deep`) });
      return;
    }
    const rest = restOf(first, ended ? null : iterator);
    if (kind === 'xml') return await collectXml(rest, reopen, path, ctx, origin);
    const spooled = await ctx.workspace.spool(rest);
    await visit(spooled, kind, path, depth + 1, ctx, origin);
  } catch (err) {
    ctx.items.push({ path, error: toIngestError(err, 'input.corrupt', `${path}: cannot read`) });
  } finally {
    await iterator.return?.();
  }
}

async function* restOf(first: Buffer, iterator: AsyncIterator<Buffer> | null): AsyncGenerator<Buffer> {
  yield first;
  if (!iterator) return;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield next.value;
  }
}

async function collectXml(chunks: AsyncIterable<Buffer>, reopen: Reopen, path: string, ctx: Ctx, origin: Origin): Promise<void> {
  const hash = createHash('sha256');
  const threshold = ctx.limits.streamThresholdBytes;
  let kept: Buffer[] | null = [];
  let size = 0;
  for await (const chunk of chunks) {
    hash.update(chunk);
    size += chunk.length;
    if (kept && size <= threshold && ctx.workspace.reserve(chunk.length)) {
      kept.push(chunk);
    } else if (kept) {
      ctx.workspace.release(size - chunk.length);
      kept = null;
    }
  }
  const bytes = kept ? Buffer.concat(kept, size) : null;
  ctx.items.push({
    path,
    mail: origin.mail,
    xml: { size, sha256: hash.digest('hex'), bytes, open: (budget = newBudget()) => (bytes ? bufferSource(bytes).stream() : reopen(budget)) },
  });
}

async function visitGzip(data: ByteSource, path: string, depth: number, ctx: Ctx, origin: Origin): Promise<void> {
  const base = path.split(PATH_SEPARATOR).at(-1) ?? path;
  const inner = (await gzipName(data, path)) ?? (base.replace(/\.gz$|\.gzip$/i, '') || 'gunzipped');
  const reopen: Reopen = (budget) => gunzipChunks(data, { limits: ctx.limits, budget, label: path });
  await visitStream(reopen, `${path}${PATH_SEPARATOR}${inner}`, depth, ctx, { ...origin, mustBeReport: true });
}

async function visitZip(data: ByteSource, path: string, depth: number, ctx: Ctx, origin: Origin): Promise<void> {
  const entries = await listZip(data, { limits: ctx.limits, label: path });
  const before = ctx.items.length;
  let exhausted = false;
  for (const entry of entries) {
    const entryPath = `${path}${PATH_SEPARATOR}${entry.name}`;
    if ('error' in entry) {
      ctx.items.push({ path: entryPath, error: entry.error });
      continue;
    }
    if (isJunkEntry(entry.name)) continue;
    if (exhausted) {
      // Every refused entry is named (issue 12), not only the one that reached the limit.
      ctx.items.push({ path: entryPath, error: new LimitError('maxDecompressedBytes', ctx.limits.maxDecompressedBytes, `${entryPath} was not read: earlier entries already used up ${formatBytes(ctx.limits.maxDecompressedBytes)}`) });
      continue;
    }
    const reopen: Reopen = (budget) => zipEntryChunks(data, entry, { limits: ctx.limits, budget, label: entryPath });
    await visitStream(reopen, entryPath, depth, ctx, { ...origin, mustBeReport: looksLikeReportName(entry.name) });
    // The budget is shared by the whole input: once it is used up, later entries cannot fit either.
    exhausted = ctx.budget.used > ctx.limits.maxDecompressedBytes;
  }
  if (ctx.items.length === before) ctx.items.push({ path, error: noReport(path, 'the archive holds no report') });
}

async function inMemory(data: ByteSource, path: string, depth: number, ctx: Ctx): Promise<Buffer> {
  if (!data.buffer && depth > 0) {
    if (data.size > ctx.limits.maxAttachmentBytes) {
      throw new LimitError('maxAttachmentBytes', ctx.limits.maxAttachmentBytes, `${path} is ${data.size} bytes`);
    }
    if (data.size > NESTED_MAIL_MAX) {
      throw new IngestError('mail.too_large', `${path}: an e-mail inside an archive is read in memory and may be at most ${formatBytes(NESTED_MAIL_MAX)}; this one is ${data.size} bytes.`);
    }
  }
  return readAll(data);
}

async function visitMail(data: ByteSource, path: string, depth: number, ctx: Ctx): Promise<void> {
  const raw = await inMemory(data, path, depth, ctx);
  const parts = await mailParts(raw, path);
  const mail = ctx.verifyMail ? await ctx.verifyMail(raw) : null;
  const before = ctx.items.length;
  for (const part of parts) {
    const partPath = `${path}${PATH_SEPARATOR}${part.name}`;
    if (part.content.length > ctx.limits.maxAttachmentBytes) {
      ctx.items.push({
        path: partPath,
        error: new LimitError('maxAttachmentBytes', ctx.limits.maxAttachmentBytes, `${partPath} is ${part.content.length} bytes`),
      });
      continue;
    }
    const mustBeReport = !part.isBody && (looksLikeReportType(part.contentType) || looksLikeReportName(part.name));
    const kind = detectContainer(part.content);
    if (kind === 'unknown' && !mustBeReport) continue;
    await visit(bufferSource(part.content), kind, partPath, depth + 1, ctx, { mustBeReport, mail });
  }
  if (ctx.items.length === before) {
    const described = parts.filter((p) => !p.isBody).map((p) => `${p.name} (${p.contentType})`);
    const detail = described.length ? `its attachments (${described.join(', ')}) hold no report` : 'it has no attachment and its body is not a report';
    ctx.items.push({ path, error: noReport(path, `${detail}; it may be a bounce or a message sent to the report address by mistake`) });
  }
}

async function visitMbox(data: ByteSource, path: string, depth: number, ctx: Ctx): Promise<void> {
  const messages = splitMbox(await inMemory(data, path, depth, ctx));
  if (messages.length === 0) {
    ctx.items.push({ path, error: noReport(path, 'the mbox holds no message') });
    return;
  }
  for (let i = 0; i < messages.length; i++) {
    await visit(bufferSource(messages[i]), 'eml', `${path}${PATH_SEPARATOR}message ${i + 1}`, depth + 1, ctx, { mustBeReport: true, mail: null });
  }
}

function isJunkEntry(name: string): boolean {
  const base = name.split('/').at(-1) ?? name;
  return name.startsWith('__MACOSX/') || base.startsWith('._') || base === '.DS_Store';
}

function looksLikeReportName(name: string): boolean {
  return /\.(xml|gz|gzip|zip|eml|mbox)$/i.test(name);
}

/** MIME types reporters use for reports; anything else (images, PDFs, signatures) is not an error when it is not a report. */
function looksLikeReportType(type: string): boolean {
  return /^(application\/(gzip|x-gzip|zip|x-zip|x-zip-compressed|octet-stream|xml|x-xml)|text\/xml|message\/rfc822)$/i.test(type);
}

function noReport(path: string, detail: string): IngestError {
  return new IngestError('no_report', `${path}: no DMARC aggregate report found — ${detail}.`);
}

function unknownContent(path: string, data: Buffer): IngestError {
  if (data.length === 0) return new IngestError('input.empty', `${path}: empty file (0 bytes).`);
  const head = [...data.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return new IngestError(
    'input.unknown_format',
    `${path}: not XML, gzip, zip or an e-mail message (it starts with bytes ${head}); only DMARC aggregate reports in those forms can be read.`,
  );
}
