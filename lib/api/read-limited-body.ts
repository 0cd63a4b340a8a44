import { ApiError } from './errors';

/**
 * A request body that never holds more than `max` bytes: bytes are counted as they stream in,
 * and the stream is cancelled (the rest never read) as soon as the count passes `max`. Written
 * by hand because `raw-body` and friends take Node streams, and a chunked upload has no
 * Content-Length to check before reading (issue 17: a 300 MB chunked body cost 1 GB of RSS).
 */
export function limitedBody(request: Request, max: number): ReadableStream<Uint8Array> | null {
  const source = request.body;
  if (!source) return null;
  const reader = source.getReader();
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      seen += value.byteLength;
      if (seen > max) {
        await reader.cancel();
        return controller.error(tooLarge(max));
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

export function tooLarge(max: number): ApiError {
  return new ApiError('payload_too_large', `The upload is larger than ATLAS_MAX_FILE_BYTES (${max} bytes).`);
}

/** The whole (limited) body as one buffer: at most `max` bytes are ever held. */
export async function readLimitedBytes(request: Request, max: number): Promise<Buffer> {
  const body = limitedBody(request, max);
  if (!body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  const reader = body.getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(next.value);
  return Buffer.concat(chunks);
}
