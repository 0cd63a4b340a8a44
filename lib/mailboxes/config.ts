import { z } from 'zod';

// The poller's settings, from the environment (listed in .env.example). Parsed once per call
// site, not at import: tests and the UI import these modules without any IMAP configured.
const ZImapEnv = z.object({
  ATLAS_IMAP_URL: z.string().trim().default(''),
  // How often a mailbox without IDLE is polled; with IDLE, how often the IDLE is renewed and
  // the folder re-checked anyway (some servers miss notifications).
  ATLAS_IMAP_POLL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  // Messages per batch: progress is committed after each batch, and memory holds at most one.
  ATLAS_IMAP_BATCH: z.coerce.number().int().min(1).max(10_000).default(100),
  // Upper bound on the bytes of message sources held at once within a batch.
  ATLAS_IMAP_BATCH_BYTES: z.coerce.number().int().min(1024).default(64 * 1024 * 1024),
  // Messages of one mailbox ingested at the same time.
  ATLAS_IMAP_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(4),
  ATLAS_IMAP_IDLE: z.enum(['on', 'off']).default('on'),
  // Reconnect backoff after a failure: doubles from min to max.
  ATLAS_IMAP_BACKOFF_MIN_MS: z.coerce.number().int().min(10).default(1_000),
  ATLAS_IMAP_BACKOFF_MAX_MS: z.coerce.number().int().min(10).default(300_000),
  // Connect, greeting and socket-inactivity timeouts for IMAP connections.
  ATLAS_IMAP_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  ATLAS_ENCRYPTION_KEY: z.string().optional(),
});

export type TImapEnv = z.infer<typeof ZImapEnv>;

export function loadImapEnv(source: Record<string, string | undefined> = process.env): TImapEnv {
  const parsed = ZImapEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid IMAP configuration in the environment:\n${lines.join('\n')}\nSee .env.example.`);
  }
  return parsed.data;
}
