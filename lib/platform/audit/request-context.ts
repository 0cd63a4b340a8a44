import { AsyncLocalStorage } from 'node:async_hooks';

// next-auth's events and adapter calls don't see the request; the auth route runs them inside
// this context so that audit entries and rate-limit rows carry the client address.
export interface TRequestContext {
  ip: string | null;
  userAgent: string | null;
}

const storage = new AsyncLocalStorage<TRequestContext>();

export function runWithRequestContext<T>(context: TRequestContext, fn: () => Promise<T>): Promise<T> {
  return storage.run(context, fn);
}

export function requestContext(): TRequestContext | undefined {
  return storage.getStore();
}
