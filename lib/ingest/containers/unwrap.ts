import { detectContainer, type Container } from './detect';
import { IngestError, toIngestError } from '@/lib/ingest/errors';
import { gunzip } from './gzip';
import { newBudget, type DecompressionBudget } from './inflate-guard';
import { LimitError, type Limits } from '@/lib/ingest/limits';
import { mailParts } from './mail';
import { splitMbox } from './mbox';
import { unzip } from './zip';

/** One XML document found in an input, with where it was found ("mail.eml › report.zip › a.xml"). */
export interface UnwrappedXml {
  path: string;
  xml: Buffer;
}

/** A part of an input that could not be read; the other parts are still returned. */
export interface UnwrapFailure {
  path: string;
  error: IngestError;
}

export type UnwrapItem = UnwrappedXml | UnwrapFailure;

export const PATH_SEPARATOR = ' › ';

interface Ctx {
  limits: Limits;
  budget: DecompressionBudget;
  items: UnwrapItem[];
}

/** What the enclosing container told us about a part, to decide whether junk in it is an error. */
interface Origin {
  /** Inside a gzip or a zip entry named like a report: whatever it holds must be a report. */
  mustBeReport: boolean;
}

/**
 * Turns one input (a file, an upload, a mailbox message) into the XML documents it carries,
 * however deeply wrapped: plain XML, gzip, zip, e-mail, mbox. Detection is by content at
 * every level. A part that fails becomes a failure item and never hides the good parts.
 */
export async function unwrap(input: Buffer, name: string, limits: Limits): Promise<UnwrapItem[]> {
  const ctx: Ctx = { limits, budget: newBudget(), items: [] };
  if (input.length > limits.maxFileBytes) {
    ctx.items.push({ path: name, error: new LimitError('maxFileBytes', limits.maxFileBytes, `${name} is ${input.length} bytes`) });
    return ctx.items;
  }
  const kind = detectContainer(input);
  if (kind === 'unknown') {
    ctx.items.push({ path: name, error: unknownContent(name, input) });
    return ctx.items;
  }
  await visit(input, kind, name, 0, ctx);
  return ctx.items;
}

export function isFailure(item: UnwrapItem): item is UnwrapFailure {
  return 'error' in item;
}

async function visit(data: Buffer, kind: Container, path: string, depth: number, ctx: Ctx): Promise<void> {
  if (depth > ctx.limits.maxNesting) {
    ctx.items.push({ path, error: new LimitError('maxNesting', ctx.limits.maxNesting, `${path} is nested ${depth} levels deep`) });
    return;
  }
  try {
    switch (kind) {
      case 'xml':
        ctx.items.push({ path, xml: data });
        return;
      case 'gzip':
        return await visitGzip(data, path, depth, ctx);
      case 'zip':
        return await visitZip(data, path, depth, ctx);
      case 'eml':
        return await visitMail(data, path, depth, ctx);
      case 'mbox':
        return await visitMbox(data, path, depth, ctx);
      case 'unknown':
        ctx.items.push({ path, error: unknownContent(path, data) });
        return;
    }
  } catch (err) {
    ctx.items.push({ path, error: toIngestError(err, 'input.corrupt', `${path}: cannot read`) });
  }
}

async function visitChild(data: Buffer, path: string, depth: number, ctx: Ctx, origin: Origin): Promise<void> {
  const kind = detectContainer(data);
  if (kind === 'unknown' && !origin.mustBeReport) return;
  await visit(data, kind, path, depth + 1, ctx);
}

async function visitGzip(data: Buffer, path: string, depth: number, ctx: Ctx): Promise<void> {
  const result = await gunzip(data, { limits: ctx.limits, budget: ctx.budget, label: path });
  const base = path.split(PATH_SEPARATOR).at(-1) ?? path;
  const inner = result.name ?? (base.replace(/\.gz$|\.gzip$/i, '') || 'gunzipped');
  await visitChild(result.data, `${path}${PATH_SEPARATOR}${inner}`, depth, ctx, { mustBeReport: true });
}

async function visitZip(data: Buffer, path: string, depth: number, ctx: Ctx): Promise<void> {
  const entries = await unzip(data, { limits: ctx.limits, budget: ctx.budget, label: path });
  const before = ctx.items.length;
  for (const entry of entries) {
    const entryPath = `${path}${PATH_SEPARATOR}${entry.name}`;
    if ('error' in entry) {
      ctx.items.push({ path: entryPath, error: entry.error });
      continue;
    }
    if (isJunkEntry(entry.name)) continue;
    await visitChild(entry.data, entryPath, depth, ctx, { mustBeReport: looksLikeReportName(entry.name) });
  }
  if (ctx.items.length === before) ctx.items.push({ path, error: noReport(path, 'the archive holds no report') });
}

async function visitMail(data: Buffer, path: string, depth: number, ctx: Ctx): Promise<void> {
  const parts = await mailParts(data, path);
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
    await visitChild(part.content, partPath, depth, ctx, { mustBeReport });
  }
  if (ctx.items.length === before) {
    const described = parts.filter((p) => !p.isBody).map((p) => `${p.name} (${p.contentType})`);
    const detail = described.length ? `its attachments (${described.join(', ')}) hold no report` : 'it has no attachment and its body is not a report';
    ctx.items.push({ path, error: noReport(path, `${detail}; it may be a bounce or a message sent to the report address by mistake`) });
  }
}

async function visitMbox(data: Buffer, path: string, depth: number, ctx: Ctx): Promise<void> {
  const messages = splitMbox(data);
  if (messages.length === 0) {
    ctx.items.push({ path, error: noReport(path, 'the mbox holds no message') });
    return;
  }
  for (let i = 0; i < messages.length; i++) {
    await visit(messages[i], 'eml', `${path}${PATH_SEPARATOR}message ${i + 1}`, depth + 1, ctx);
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
