import { GraphError } from './graph-error';

/**
 * A response body read up to `maxBytes`: a hostile or broken server announcing (or streaming)
 * more is cut off before it costs memory.
 */
export async function readLimited(response: Response, maxBytes: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new GraphError(`${what} is ${declared} bytes, more than the ${maxBytes} allowed`, 413, 'TooLarge');
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new GraphError(`${what} is more than the ${maxBytes} bytes allowed`, 413, 'TooLarge');
    }
    chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
  }
  return Buffer.concat(chunks, total);
}
