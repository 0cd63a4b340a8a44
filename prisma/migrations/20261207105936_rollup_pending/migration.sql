-- CreateTable
CREATE TABLE "rollup_pending" (
    "domain_id" INTEGER NOT NULL,
    "report_id" BIGINT NOT NULL,
    "day" DATE NOT NULL,
    "report_day" DATE NOT NULL,
    "org_name" TEXT NOT NULL,

    CONSTRAINT "rollup_pending_pkey" PRIMARY KEY ("domain_id","report_id")
);

-- CreateIndex
CREATE INDEX "rollup_pending_domain_id_day_idx" ON "rollup_pending"("domain_id", "day");

-- The view sums a pending report's records in place of its contribution: the (domain, day)s
-- with a pending report are grouped like those with contributions, their records' rollup
-- dimensions computed as the rollup statement computes them (ROLLUP_DIMENSIONS in
-- lib/ingest/store/rollup.ts) and on the pending row's day and organisation. Rows only a
-- pending report has get no id until compaction gives them one: the enrichment scan, which
-- reads by id, finds their addresses then. Whether a (domain, day) has anything pending is one
-- EXISTS over both tables: two EXISTS joined by OR cannot become a semi-join, and made every
-- reader scan the compacted rows twice with a subplan per row (50 s instead of 3 s for a month
-- of the bench's largest domain).
CREATE OR REPLACE VIEW "daily_rollup" AS
SELECT c."id", c."domain_id", c."day", c."source_ip", c."org_name", c."header_from", c."disposition", c."dkim_aligned",
       c."spf_aligned", c."dkim_domain", c."dkim_result", c."spf_domain", c."spf_result", c."override_reason", c."messages"
  FROM "daily_rollup_compacted" c
 WHERE NOT EXISTS (SELECT 1 FROM (SELECT x."domain_id", x."day" FROM "rollup_contrib" x UNION ALL SELECT p."domain_id", p."day" FROM "rollup_pending" p) o
                    WHERE o."domain_id" = c."domain_id" AND o."day" = c."day")
UNION ALL
SELECT min(u."id"), u."domain_id", u."day", u."source_ip", u."org_name", u."header_from", u."disposition", u."dkim_aligned",
       u."spf_aligned", u."dkim_domain", u."dkim_result", u."spf_domain", u."spf_result", u."override_reason", sum(u."messages")::bigint
  FROM (
    SELECT c."id", c."domain_id", c."day", c."source_ip", c."org_name", c."header_from", c."disposition", c."dkim_aligned",
           c."spf_aligned", c."dkim_domain", c."dkim_result", c."spf_domain", c."spf_result", c."override_reason", c."messages"
      FROM "daily_rollup_compacted" c
     WHERE EXISTS (SELECT 1 FROM (SELECT x."domain_id", x."day" FROM "rollup_contrib" x UNION ALL SELECT p."domain_id", p."day" FROM "rollup_pending" p) o
                    WHERE o."domain_id" = c."domain_id" AND o."day" = c."day")
    UNION ALL
    SELECT x."id", x."domain_id", x."day", x."source_ip", x."org_name", x."header_from", x."disposition", x."dkim_aligned",
           x."spf_aligned", x."dkim_domain", x."dkim_result", x."spf_domain", x."spf_result", x."override_reason", x."messages"
      FROM "rollup_contrib" x
    UNION ALL
    SELECT NULL::bigint, p."domain_id", p."day", coalesce(r."source_ip", '0.0.0.0'::inet), p."org_name", r."header_from",
           r."disposition", r."policy_dkim" = 'pass', r."policy_spf" = 'pass', coalesce(r."dkim"->0->>'domain', ''),
           coalesce(r."dkim"->0->>'result', ''), coalesce(r."spf"->0->>'domain', ''), coalesce(r."spf"->0->>'result', ''),
           coalesce(r."reasons"->0->>'type', ''), r."count"
      FROM "rollup_pending" p
      JOIN "report_record" r ON r."domain_id" = p."domain_id" AND r."report_day" = p."report_day" AND r."report_id" = p."report_id"
     WHERE NOT r."header_from_foreign"
  ) u
 GROUP BY u."domain_id", u."day", u."source_ip", u."org_name", u."header_from", u."disposition", u."dkim_aligned",
          u."spf_aligned", u."dkim_domain", u."dkim_result", u."spf_domain", u."spf_result", u."override_reason"
HAVING sum(u."messages") <> 0;

-- Deleting a domain deletes its rollups: the pending reports too.
CREATE OR REPLACE FUNCTION "atlas_delete_domain_rollups"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "daily_rollup_compacted" r USING gone g WHERE r."domain_id" = g."id";
  DELETE FROM "rollup_contrib" r USING gone g WHERE r."domain_id" = g."id";
  DELETE FROM "rollup_pending" r USING gone g WHERE r."domain_id" = g."id";
  RETURN NULL;
END
$$;
