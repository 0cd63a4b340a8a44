import type { IncomingMessage } from 'node:http';

// `next start` fills X-Forwarded-For with the socket's address only when a request has none,
// so behind no proxy a client can name any address it likes. Atlas's own web server
// (lib/platform/system/web-server.ts) therefore appends the socket's address to every request,
// as a proxy would, and says so in a process-wide mark that only code in this process can set.
const STAMPED = Symbol.for('dmarc-atlas.forwarded-for-stamped');

type TMarked = typeof globalThis & { [STAMPED]?: boolean };

/** Called once by the web server before it takes requests. */
export function markForwardedForStamped(): void {
  (globalThis as TMarked)[STAMPED] = true;
}

/** True when every request's X-Forwarded-For ends with the address of the socket it came on. */
export function forwardedForStamped(): boolean {
  return (globalThis as TMarked)[STAMPED] === true;
}

/** Appends the socket's address to X-Forwarded-For (IPv4-mapped IPv6 written as IPv4). */
export function stampForwardedFor(request: IncomingMessage): void {
  const peer = (request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  const incoming = request.headers['x-forwarded-for'];
  const chain = (Array.isArray(incoming) ? incoming.join(',') : (incoming ?? '')).split(',').map((part) => part.trim()).filter(Boolean);
  // A client can send a header of any length; only the nearest entries can matter.
  request.headers['x-forwarded-for'] = [...chain.slice(-10), peer].join(', ');
}
