-- The alerts module's interim DNS watch gives way to the enforcement module's (dns_change_event),
-- which the dns_record_changed alert reads through its own id cursor.
DROP TABLE "dns_record_event";

-- DropIndex
DROP INDEX "dns_change_event_alerted_at_detected_at_idx";

-- AlterTable
ALTER TABLE "dns_change_event" DROP COLUMN "alerted_at";
