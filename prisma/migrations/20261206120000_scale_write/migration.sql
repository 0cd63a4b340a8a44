-- Issue 18, the write side (docs/performance.md "Write path"): records partitioned by month
-- without id/btree, rollups appended as contributions and compacted, `daily_rollup` a view.
-- Hand-written (Prisma cannot describe partitions, views or triggers); the tables and columns
-- are what schema.prisma describes, which the drift test checks.

-- ---------------------------------------------------------------------------------------
-- 1. report_record: partitioned by month of report_day, BRIN(report_id), `ord` for `id`.
ALTER TABLE "report_record" RENAME TO "report_record_unpartitioned";
ALTER TABLE "report_record_unpartitioned" RENAME CONSTRAINT "report_record_pkey" TO "report_record_unpartitioned_pkey";
ALTER INDEX "report_record_report_id_idx" RENAME TO "report_record_unpartitioned_report_id_idx";

CREATE TABLE "report_record" (
    "domain_id" INTEGER,
    "report_day" DATE NOT NULL,
    "report_id" BIGINT NOT NULL,
    "ord" INTEGER NOT NULL,
    "source_ip" INET,
    "source_ip_text" TEXT,
    "count" BIGINT NOT NULL,
    "disposition" TEXT NOT NULL,
    "policy_dkim" TEXT NOT NULL,
    "policy_spf" TEXT NOT NULL,
    "reasons" JSONB NOT NULL DEFAULT '[]',
    "header_from" TEXT NOT NULL,
    "envelope_from" TEXT,
    "envelope_to" TEXT,
    "dkim" JSONB NOT NULL DEFAULT '[]',
    "spf" JSONB NOT NULL DEFAULT '[]',
    "header_from_foreign" BOOLEAN NOT NULL DEFAULT false
) PARTITION BY RANGE ("report_day");

CREATE INDEX "report_record_report_id_idx" ON "report_record" USING BRIN ("report_id");

-- Rows whose month has no partition yet land here (a report dated 1970 or 2099, a month the
-- worker has not created): an ingest never fails for want of a partition.
CREATE TABLE "report_record_default" PARTITION OF "report_record" DEFAULT;

-- Adds the partition of one month (report_record_YYYY_MM) unless it exists, moving that
-- month's rows out of the default partition first. Created as a plain table and attached:
-- ATTACH takes a SHARE UPDATE EXCLUSIVE lock on report_record, so COPYs into other months go
-- on meanwhile. Called by the worker (lib/ingest/maintenance) and below for existing data.
CREATE FUNCTION "atlas_ensure_record_month"(month_day date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  m date := date_trunc('month', month_day)::date;
  n date := (date_trunc('month', month_day) + interval '1 month')::date;
  part text := 'report_record_' || to_char(m, 'YYYY_MM');
BEGIN
  IF to_regclass(format('%I', part)) IS NOT NULL THEN
    RETURN false;
  END IF;
  EXECUTE format('CREATE TABLE %I (LIKE "report_record" INCLUDING DEFAULTS)', part);
  EXECUTE format(
    'WITH moved AS (DELETE FROM "report_record_default" WHERE "report_day" >= %L AND "report_day" < %L RETURNING *) INSERT INTO %I SELECT * FROM moved',
    m, n, part);
  EXECUTE format('ALTER TABLE "report_record" ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, m, n);
  RETURN true;
END
$$;

-- Months of the existing reports, this month and the next two.
SELECT "atlas_ensure_record_month"(m)
  FROM (SELECT DISTINCT date_trunc('month', "begin_at" AT TIME ZONE 'UTC')::date AS m FROM "report"
        UNION SELECT (date_trunc('month', now() AT TIME ZONE 'UTC') + k * interval '1 month')::date FROM generate_series(0, 2) AS k) AS months
 ORDER BY m;

-- Existing records keep their order (ord = rank of the old id within the report), written
-- report by report so that each report's rows are physically together (BRIN relies on it).
-- header_from_foreign stays false for them: their rollups were built with them, and a later
-- replacement must take back exactly what was added (`atlas reprocess --all` re-parses them).
INSERT INTO "report_record" ("domain_id", "report_day", "report_id", "ord", "source_ip", "source_ip_text", "count", "disposition",
       "policy_dkim", "policy_spf", "reasons", "header_from", "envelope_from", "envelope_to", "dkim", "spf")
SELECT r."domain_id", (r."begin_at" AT TIME ZONE 'UTC')::date, x."report_id",
       row_number() OVER (PARTITION BY x."report_id" ORDER BY x."id")::int,
       x."source_ip", x."source_ip_text", x."count", x."disposition", x."policy_dkim", x."policy_spf", x."reasons",
       x."header_from", x."envelope_from", x."envelope_to", x."dkim", x."spf"
  FROM "report_record_unpartitioned" x JOIN "report" r ON r."id" = x."report_id"
 ORDER BY x."report_id", x."id";

DROP TABLE "report_record_unpartitioned";

-- ---------------------------------------------------------------------------------------
-- 2. Rollups: the table becomes the compacted store; ingest appends to rollup_contrib.
ALTER TABLE "daily_rollup" RENAME TO "daily_rollup_compacted";
ALTER TABLE "daily_rollup_compacted" RENAME CONSTRAINT "daily_rollup_pkey" TO "daily_rollup_compacted_pkey";
ALTER INDEX "daily_rollup_source_ip_idx" RENAME TO "daily_rollup_compacted_source_ip_idx";
ALTER SEQUENCE "daily_rollup_id_seq" RENAME TO "daily_rollup_compacted_id_seq";

CREATE TABLE "rollup_contrib" (
    "id" BIGINT NOT NULL DEFAULT nextval('daily_rollup_compacted_id_seq'::regclass),
    "report_id" BIGINT NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "source_ip" INET NOT NULL,
    "org_name" TEXT NOT NULL,
    "header_from" TEXT NOT NULL,
    "disposition" TEXT NOT NULL,
    "dkim_aligned" BOOLEAN NOT NULL,
    "spf_aligned" BOOLEAN NOT NULL,
    "dkim_domain" TEXT NOT NULL,
    "dkim_result" TEXT NOT NULL,
    "spf_domain" TEXT NOT NULL,
    "spf_result" TEXT NOT NULL,
    "override_reason" TEXT NOT NULL,
    "messages" BIGINT NOT NULL
);
CREATE INDEX "rollup_contrib_domain_id_day_idx" ON "rollup_contrib"("domain_id", "day");
CREATE INDEX "rollup_contrib_id_idx" ON "rollup_contrib" USING BRIN ("id");

-- What every reader reads, exactly the rows the old upserted table held at every instant:
-- compacted rows of the (domain, day)s without pending contributions as they are, and for
-- the (domain, day)s with some, compacted rows and contributions summed per key (rows summing
-- to zero left out, as the old table deleted them). Filters on the key columns (domain_id,
-- day, source_ip, …) are pushed into both branches by the planner. `id` is the smallest id of
-- the key's rows: new keys get new ids, which the enrichment cursor relies on.
CREATE VIEW "daily_rollup" AS
SELECT c."id", c."domain_id", c."day", c."source_ip", c."org_name", c."header_from", c."disposition", c."dkim_aligned",
       c."spf_aligned", c."dkim_domain", c."dkim_result", c."spf_domain", c."spf_result", c."override_reason", c."messages"
  FROM "daily_rollup_compacted" c
 WHERE NOT EXISTS (SELECT 1 FROM "rollup_contrib" x WHERE x."domain_id" = c."domain_id" AND x."day" = c."day")
UNION ALL
SELECT min(u."id"), u."domain_id", u."day", u."source_ip", u."org_name", u."header_from", u."disposition", u."dkim_aligned",
       u."spf_aligned", u."dkim_domain", u."dkim_result", u."spf_domain", u."spf_result", u."override_reason", sum(u."messages")::bigint
  FROM (
    SELECT c."id", c."domain_id", c."day", c."source_ip", c."org_name", c."header_from", c."disposition", c."dkim_aligned",
           c."spf_aligned", c."dkim_domain", c."dkim_result", c."spf_domain", c."spf_result", c."override_reason", c."messages"
      FROM "daily_rollup_compacted" c
     WHERE EXISTS (SELECT 1 FROM "rollup_contrib" x WHERE x."domain_id" = c."domain_id" AND x."day" = c."day")
    UNION ALL
    SELECT x."id", x."domain_id", x."day", x."source_ip", x."org_name", x."header_from", x."disposition", x."dkim_aligned",
           x."spf_aligned", x."dkim_domain", x."dkim_result", x."spf_domain", x."spf_result", x."override_reason", x."messages"
      FROM "rollup_contrib" x
  ) u
 GROUP BY u."domain_id", u."day", u."source_ip", u."org_name", u."header_from", u."disposition", u."dkim_aligned",
          u."spf_aligned", u."dkim_domain", u."dkim_result", u."spf_domain", u."spf_result", u."override_reason"
HAVING sum(u."messages") <> 0;

-- Rows inserted into the view (fixtures, tools that wrote the old table) go to the compacted
-- store, added to an existing row of the same key as the old upsert did.
CREATE FUNCTION "atlas_daily_rollup_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "daily_rollup_compacted" AS r ("domain_id", "day", "source_ip", "org_name", "header_from", "disposition", "dkim_aligned",
         "spf_aligned", "dkim_domain", "dkim_result", "spf_domain", "spf_result", "override_reason", "messages")
  VALUES (NEW."domain_id", NEW."day", NEW."source_ip", NEW."org_name", NEW."header_from", NEW."disposition", NEW."dkim_aligned",
         NEW."spf_aligned", NEW."dkim_domain", NEW."dkim_result", NEW."spf_domain", NEW."spf_result", NEW."override_reason", NEW."messages")
  ON CONFLICT ("domain_id", "day", "source_ip", "org_name", "header_from", "disposition", "dkim_aligned", "spf_aligned",
               "dkim_domain", "dkim_result", "spf_domain", "spf_result", "override_reason")
  DO UPDATE SET "messages" = r."messages" + excluded."messages"
  RETURNING r."id" INTO NEW."id";
  RETURN NEW;
END
$$;
CREATE TRIGGER "daily_rollup_insert" INSTEAD OF INSERT ON "daily_rollup" FOR EACH ROW EXECUTE FUNCTION "atlas_daily_rollup_insert"();

-- Deleting a domain deletes its rollups: both stores now.
CREATE OR REPLACE FUNCTION "atlas_delete_domain_rollups"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "daily_rollup_compacted" r USING gone g WHERE r."domain_id" = g."id";
  DELETE FROM "rollup_contrib" r USING gone g WHERE r."domain_id" = g."id";
  RETURN NULL;
END
$$;

-- ---------------------------------------------------------------------------------------
-- 3. domain_daily.reports_started: a report counts once, on the first day its messages count
-- on (its begin day; the end day for a range longer than 62 days, see day-spans.ts).
ALTER TABLE "domain_daily" ADD COLUMN "reports_started" INTEGER NOT NULL DEFAULT 0;
UPDATE "domain_daily" d SET "reports_started" = x.n
  FROM (SELECT "domain_id", day, count(*)::int AS n
          FROM (SELECT "domain_id",
                       (to_timestamp(86400 * CASE
                          WHEN e <= b THEN floor(b / 86400)
                          WHEN floor((e - 1) / 86400) - floor(b / 86400) + 1 > 62 THEN floor((e - 1) / 86400)
                          ELSE floor(b / 86400) END) AT TIME ZONE 'UTC')::date AS day
                  FROM (SELECT "domain_id", extract(epoch FROM "begin_at") AS b, extract(epoch FROM "end_at") AS e
                          FROM "report" WHERE "domain_id" IS NOT NULL) r) f
         GROUP BY 1, 2) x
 WHERE x."domain_id" = d."domain_id" AND x.day = d."day";

-- ---------------------------------------------------------------------------------------
-- 4. Retention bookkeeping.
ALTER TABLE "raw_blob" ADD COLUMN "dropped_at" TIMESTAMPTZ(6);
ALTER TABLE "report" ADD COLUMN "records_dropped_at" TIMESTAMPTZ(6);
CREATE INDEX "report_xml_blob_id_idx" ON "report"("xml_blob_id");
