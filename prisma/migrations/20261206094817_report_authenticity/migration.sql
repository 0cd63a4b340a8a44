-- AlterTable
ALTER TABLE "report" ADD COLUMN     "auth_note" TEXT,
ADD COLUMN     "verified_by" TEXT;
