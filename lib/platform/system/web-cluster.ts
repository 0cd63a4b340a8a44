import cluster, { type Worker } from 'node:cluster';
import { log } from '@/lib/platform/log';

/** A worker that dies sooner than this after its start counts as failing to start. */
const EARLY_EXIT_MS = 15_000;
/** Early exits in a row after which the primary gives up rather than restart forever. */
const MAX_EARLY_EXITS = 3;

export interface TWebCluster {
  /** Resolves when every worker has stopped (after `stop`, or when the workers cannot start). */
  exited: Promise<number>;
  stop(): Promise<void>;
}

/**
 * `processes` web processes sharing one port (node:cluster; the primary hands connections to
 * the workers in turn). Server rendering is JavaScript on one thread per process, so one
 * process uses one core however many the machine has; more processes serve more pages at
 * once. Each worker re-runs this same command and serves as `atlas web` alone does. The primary
 * only supervises: it restarts a worker that dies, and gives up when they keep dying at start.
 * Resolves once every worker listens.
 */
export async function runWebCluster(processes: number): Promise<TWebCluster> {
  let stopping = false;
  let earlyExits = 0;
  let resolveExited: (code: number) => void = () => undefined;
  const exited = new Promise<number>((resolve) => (resolveExited = resolve));
  const started = new Map<Worker, number>();

  const fork = () => {
    const worker = cluster.fork();
    started.set(worker, Date.now());
    return worker;
  };
  const listening = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      worker.once('listening', () => resolve());
      worker.once('exit', (code) => reject(new Error(`a web process exited with code ${code} before it listened`)));
    });

  cluster.on('exit', (worker, code, signal) => {
    const since = Date.now() - (started.get(worker) ?? 0);
    started.delete(worker);
    if (stopping) {
      if (started.size === 0) resolveExited(0);
      return;
    }
    earlyExits = since < EARLY_EXIT_MS ? earlyExits + 1 : 0;
    if (earlyExits >= MAX_EARLY_EXITS) {
      log.error({ code, signal }, 'web processes keep exiting at start; stopping');
      stopping = true;
      for (const w of started.keys()) w.process.kill('SIGTERM');
      if (started.size === 0) resolveExited(1);
      return;
    }
    log.warn({ pid: worker.process.pid, code, signal }, 'a web process exited; starting another');
    fork();
  });

  const stop = async () => {
    stopping = true;
    if (started.size === 0) return;
    for (const w of started.keys()) w.process.kill('SIGTERM');
    await exited;
  };
  try {
    await Promise.all(Array.from({ length: processes }, () => listening(fork())));
  } catch (err) {
    await stop();
    throw err;
  }
  return { exited, stop };
}

/** True in a process the cluster's primary started (it serves; it does not supervise). */
export function isWebClusterWorker(): boolean {
  return cluster.isWorker;
}
