import type { DecompressionBudget } from './inflate-guard';

/**
 * One XML document found in an input, read once already (so its size, hash and every
 * container check are known) and readable again as often as needed. Small documents are kept
 * in memory; the others are opened afresh each time (inflating their container again), so no
 * document of any size is ever held whole.
 */
export interface XmlSource {
  size: number;
  /** sha256 of the document; null when the document is the whole input (its hash is the input's). */
  sha256: string | null;
  /** The whole document, when it is small enough to be kept in memory. */
  bytes: Buffer | null;
  /**
   * The document's bytes, from the start. Later reads produce the same bytes as the first;
   * the budget counts what they inflate (a fresh one unless the caller shares one).
   */
  open(budget?: DecompressionBudget): AsyncIterable<Buffer>;
  /**
   * The same bytes in chunks valid only until the next is asked for (ByteSource.transientChunks),
   * when the document is a plain file or in memory; for the streaming parser, which copies what
   * it keeps. Absent for documents inflated from a container.
   */
  openTransient?: () => AsyncIterable<Buffer>;
}

/** The document in memory: for tests and small documents only (callers check `size` first). */
export async function xmlBytes(xml: XmlSource): Promise<Buffer> {
  if (xml.bytes) return xml.bytes;
  const chunks: Buffer[] = [];
  for await (const chunk of xml.open()) chunks.push(chunk);
  return Buffer.concat(chunks);
}
