import { ApiError } from './errors';

export interface TUploadedFile {
  name: string;
  bytes: Buffer;
}

const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;

function maxUploadBytes(): number {
  const configured = Number(process.env.ATLAS_MAX_FILE_BYTES);
  return Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_MAX_BYTES;
}

function safeName(raw: string | null | undefined, fallback: string): string {
  const base = (raw ?? '').split(/[\\/]/).pop()?.replace(/[^\w.@+-]+/g, '_').slice(0, 200);
  return base || fallback;
}

/** A percent-encoded file name as sent; kept as it is when its escapes don't decode (a name is only a label). */
function decodeFileName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The files of an upload: each `file` part of a multipart body, or the raw body (named by
 * ?name= or Content-Disposition). Refuses bodies over ATLAS_MAX_FILE_BYTES before reading
 * them when the length is declared, and after otherwise.
 */
export async function readUpload(request: Request): Promise<TUploadedFile[]> {
  const max = maxUploadBytes();
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    throw new ApiError('payload_too_large', `The upload is larger than ATLAS_MAX_FILE_BYTES (${max} bytes).`);
  }
  const type = request.headers.get('content-type') ?? '';
  const files: TUploadedFile[] = [];
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await request.formData();
    } catch {
      throw new ApiError('bad_request', 'The multipart body could not be read.');
    }
    let index = 0;
    for (const [, value] of form.entries()) {
      if (typeof value === 'string') continue;
      index += 1;
      files.push({ name: safeName(value.name, `upload-${index}`), bytes: Buffer.from(await value.arrayBuffer()) });
    }
  } else {
    const bytes = Buffer.from(await request.arrayBuffer());
    const disposition = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(request.headers.get('content-disposition') ?? '')?.[1];
    const named = new URL(request.url).searchParams.get('name') ?? (disposition ? decodeFileName(disposition) : null);
    if (bytes.length) files.push({ name: safeName(named, 'upload'), bytes });
  }
  if (files.length === 0) throw new ApiError('bad_request', 'No report in the request: send the file as the body, or as multipart `file` fields.');
  const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
  if (total > max) throw new ApiError('payload_too_large', `The upload is larger than ATLAS_MAX_FILE_BYTES (${max} bytes).`);
  return files;
}
