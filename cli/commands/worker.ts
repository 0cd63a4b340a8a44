import { runWorker } from '@/lib/worker';
import { withDatabase } from '../with-database';
import { waitForShutdown } from '../shutdown';

/** `atlas worker`: the worker on its own (scale out by running several, on any machines). */
export async function workerCommand(_argv: string[] = []): Promise<number> {
  return withDatabase(async () => {
    const worker = await runWorker();
    console.error('Worker running (IMAP poller and scheduled jobs). Ctrl-C to stop.');
    await waitForShutdown();
    await worker.stop();
    return 0;
  });
}
