-- AlterEnum
ALTER TYPE "IngestSource" ADD VALUE 'graph';

-- AlterTable
ALTER TABLE "mailbox" ADD COLUMN     "cursor" TEXT,
ADD COLUMN     "kind" TEXT NOT NULL DEFAULT 'imap',
ADD COLUMN     "oauth" JSONB,
ADD COLUMN     "refresh_token_enc" TEXT,
ADD COLUMN     "token_expires_at" TIMESTAMPTZ(6),
ADD COLUMN     "token_refreshed_at" TIMESTAMPTZ(6);
