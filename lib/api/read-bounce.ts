import { DIAGNOSE_LIMITS } from '@/lib/diagnose';
import { ApiError } from './errors';

const tooLarge = (limit: number) => new ApiError('payload_too_large', `The bounce is larger than ${limit} bytes (maxInputBytes).`);

/** Reads the body up to `limit` bytes and stops there, whatever Content-Length claimed. */
async function readBounded(request: Request, limit: number): Promise<Buffer> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * The bounce in a POST body: raw (the .eml, or pasted NDR text as text/plain) or the first
 * `file` field of a multipart/form-data body. Refused over DIAGNOSE_LIMITS.maxInputBytes
 * (plus a little for the multipart framing) before anything is parsed.
 */
export async function readBounceBody(request: Request, limit: number = DIAGNOSE_LIMITS.maxInputBytes): Promise<Buffer> {
  const type = request.headers.get('content-type') ?? '';
  if (!type.startsWith('multipart/form-data')) return readBounded(request, limit);
  const bytes = await readBounded(request, limit + 64 * 1024);
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(bytes), { headers: { 'content-type': type } }).formData();
  } catch {
    throw new ApiError('bad_request', 'The multipart body could not be read.');
  }
  const file = form.get('file');
  if (file === null) throw new ApiError('bad_request', 'No bounce in the request: send it as the body, or as a multipart `file` field.');
  const body = typeof file === 'string' ? Buffer.from(file, 'utf8') : Buffer.from(await file.arrayBuffer());
  if (body.length > limit) throw tooLarge(limit);
  return body;
}
