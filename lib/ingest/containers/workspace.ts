import { rmSync } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileSourceOfSize, bufferSource, type ByteSource } from './byte-source';

/**
 * How many bytes of one input's unpacked content may be held in memory at once (report XML
 * kept for parsing, nested archives): everything beyond goes to a scratch file. This, not the
 * decompression limits, is what bounds an input's memory, so a bomb costs at most this much
 * whatever ATLAS_MAX_DECOMPRESSED_BYTES says (issue 11: < 300 MB peak RSS for any input).
 */
export const IN_MEMORY_BYTES = 32 * 1024 * 1024;

const live = new Set<string>();
let exitHookInstalled = false;

/**
 * The scratch space of one input: a memory allowance and, created on first use, a private
 * temporary directory for what does not fit. `dispose()` removes the directory; a process that
 * exits first removes any left behind.
 */
export class Workspace {
  private memoryLeft: number;
  private dir: Promise<string> | null = null;
  private files = 0;

  constructor(memoryBytes = IN_MEMORY_BYTES) {
    this.memoryLeft = memoryBytes;
  }

  /** Reserves `n` bytes of the memory allowance; false when they do not fit. */
  reserve(n: number): boolean {
    if (n > this.memoryLeft) return false;
    this.memoryLeft -= n;
    return true;
  }

  release(n: number): void {
    this.memoryLeft += n;
  }

  async newFile(): Promise<string> {
    this.dir ??= mkdtemp(path.join(tmpdir(), 'atlas-ingest-')).then((d) => {
      live.add(d);
      installExitHook();
      return d;
    });
    return path.join(await this.dir, `part-${++this.files}`);
  }

  async dispose(): Promise<void> {
    if (!this.dir) return;
    const dir = await this.dir;
    this.dir = null;
    live.delete(dir);
    await rm(dir, { recursive: true, force: true });
  }

  /**
   * Collects a stream into a ByteSource: in memory while it fits the allowance, else in a
   * scratch file (memory stays at one chunk however large the stream is).
   */
  async spool(chunks: AsyncIterable<Buffer>): Promise<ByteSource> {
    const held: Buffer[] = [];
    let size = 0;
    const iterator = chunks[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return bufferSource(held.length === 1 ? held[0] : Buffer.concat(held, size));
        if (!this.reserve(next.value.length)) {
          this.release(size);
          size = 0;
          return await this.spillToFile(held, next.value, iterator);
        }
        held.push(next.value);
        size += next.value.length;
      }
    } catch (err) {
      this.release(size);
      throw err;
    }
  }

  private async spillToFile(held: Buffer[], first: Buffer, rest: AsyncIterator<Buffer>): Promise<ByteSource> {
    const file = await this.newFile();
    const handle = await open(file, 'w');
    let size = first.length;
    try {
      for (const chunk of held) {
        await handle.write(chunk);
        size += chunk.length;
      }
      held.length = 0;
      await handle.write(first);
      for (;;) {
        const next = await rest.next();
        if (next.done) break;
        await handle.write(next.value);
        size += next.value.length;
      }
    } finally {
      await handle.close();
    }
    return fileSourceOfSize(file, size);
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const dir of live) rmSync(dir, { recursive: true, force: true });
  });
}
