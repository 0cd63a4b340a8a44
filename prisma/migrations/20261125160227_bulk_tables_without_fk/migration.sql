-- DropForeignKey
ALTER TABLE "report_record" DROP CONSTRAINT "report_record_report_id_fkey";

-- DropForeignKey
ALTER TABLE "daily_rollup" DROP CONSTRAINT "daily_rollup_domain_id_fkey";

-- DropIndex
DROP INDEX "report_record_source_ip_idx";

-- The cascades the two foreign keys gave, kept as statement-level triggers: one DELETE per
-- statement instead of a check per inserted row (see the comments in schema.prisma).
CREATE FUNCTION "atlas_delete_report_records"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "report_record" r USING gone g WHERE r."report_id" = g."id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "report_delete_records" AFTER DELETE ON "report"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "atlas_delete_report_records"();

CREATE FUNCTION "atlas_delete_domain_rollups"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "daily_rollup" r USING gone g WHERE r."domain_id" = g."id";
  RETURN NULL;
END
$$;

CREATE TRIGGER "domain_delete_rollups" AFTER DELETE ON "domain"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "atlas_delete_domain_rollups"();
