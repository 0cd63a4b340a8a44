import { AsyncLocalStorage } from 'node:async_hooks';

const live = new AsyncLocalStorage<true>();

/**
 * Runs `fn` with every snapshot-backed read computed live, neither reading nor storing a
 * snapshot: what the figures are without the cache (tests compare the two; the bench times both).
 */
export function liveReads<T>(fn: () => Promise<T>): Promise<T> {
  return live.run(true, fn);
}

export function inLiveReads(): boolean {
  return live.getStore() === true;
}
