-- CreateTable
CREATE TABLE "query_snapshot" (
    "domain_id" INTEGER NOT NULL,
    "query" TEXT NOT NULL,
    "window_from" DATE NOT NULL,
    "window_to" DATE NOT NULL,
    "args" TEXT NOT NULL,
    "data_version" BIGINT NOT NULL,
    "enrichment_version" BIGINT NOT NULL,
    "computed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "compute_ms" INTEGER NOT NULL,
    "result" JSONB NOT NULL,

    CONSTRAINT "query_snapshot_pkey" PRIMARY KEY ("domain_id","query","window_from","window_to","args")
);

-- CreateTable
CREATE TABLE "snapshot_change" (
    "id" BIGSERIAL NOT NULL,
    "domain_id" INTEGER,
    "n" BIGINT NOT NULL DEFAULT 1,

    CONSTRAINT "snapshot_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "snapshot_change_domain_id_idx" ON "snapshot_change"("domain_id");

-- AddForeignKey
ALTER TABLE "query_snapshot" ADD CONSTRAINT "query_snapshot_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------------------
-- Versions for the query snapshots (lib/queries/snapshots). Every statement that changes a
-- domain's rollups appends a row for each domain it touched; every statement that changes the
-- enrichment appends one row without a domain. Triggers, so that no write path can forget it:
-- ingest, replacement and removal (rollup_contrib), rows written through the view and domain
-- deletion (daily_rollup_compacted), enrichment jobs. Compaction moves figures between the two
-- stores without changing any: it sets atlas.compacting for its transaction and is skipped.
-- (A trigger with transition tables serves one event, hence one trigger per event.)
CREATE FUNCTION "atlas_snapshot_rollup_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('atlas.compacting', true), '') = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO "snapshot_change" ("domain_id") SELECT DISTINCT "domain_id" FROM old_rows;
  ELSE
    INSERT INTO "snapshot_change" ("domain_id") SELECT DISTINCT "domain_id" FROM new_rows;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "rollup_contrib_snapshot_insert" AFTER INSERT ON "rollup_contrib"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_rollup_changed"();
CREATE TRIGGER "rollup_contrib_snapshot_update" AFTER UPDATE ON "rollup_contrib"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_rollup_changed"();
CREATE TRIGGER "rollup_contrib_snapshot_delete" AFTER DELETE ON "rollup_contrib"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_rollup_changed"();
CREATE TRIGGER "daily_rollup_compacted_snapshot_insert" AFTER INSERT ON "daily_rollup_compacted"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_rollup_changed"();
CREATE TRIGGER "daily_rollup_compacted_snapshot_update" AFTER UPDATE ON "daily_rollup_compacted"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_rollup_changed"();
CREATE TRIGGER "daily_rollup_compacted_snapshot_delete" AFTER DELETE ON "daily_rollup_compacted"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_rollup_changed"();

-- Enrichment regroups addresses into sources for every domain that saw them; which domains
-- those are would cost a scan of the rollups, so the enrichment version is one for all. An
-- update counts only when it changes what the sender map reads (re-checks that find the same
-- PTR, attempts and timestamps change nothing).
CREATE FUNCTION "atlas_snapshot_enrichment_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed boolean;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    changed := true;
  ELSIF TG_OP = 'INSERT' THEN
    changed := EXISTS (SELECT 1 FROM new_rows);
  ELSIF TG_OP = 'DELETE' THEN
    changed := EXISTS (SELECT 1 FROM old_rows);
  ELSIF TG_TABLE_NAME = 'ip_enrichment' THEN
    changed := EXISTS (
      SELECT 1 FROM new_rows n FULL JOIN old_rows o ON o."ip" = n."ip"
       WHERE (n."ptr_status", n."ptr", n."ptr_confirmed", n."ptr_base_domain", n."asn", n."as_name", n."country",
              n."service_id", n."service_type", n."matched_by")
             IS DISTINCT FROM
             (o."ptr_status", o."ptr", o."ptr_confirmed", o."ptr_base_domain", o."asn", o."as_name", o."country",
              o."service_id", o."service_type", o."matched_by"));
  ELSE
    changed := EXISTS (
      SELECT 1 FROM new_rows n FULL JOIN old_rows o ON o."name" = n."name"
       WHERE (n."service_id", n."service_type") IS DISTINCT FROM (o."service_id", o."service_type"));
  END IF;
  IF changed THEN
    INSERT INTO "snapshot_change" ("domain_id") VALUES (NULL);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "ip_enrichment_snapshot_insert" AFTER INSERT ON "ip_enrichment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_enrichment_changed"();
CREATE TRIGGER "ip_enrichment_snapshot_update" AFTER UPDATE ON "ip_enrichment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_enrichment_changed"();
CREATE TRIGGER "ip_enrichment_snapshot_delete" AFTER DELETE ON "ip_enrichment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_enrichment_changed"();
CREATE TRIGGER "ip_enrichment_snapshot_truncate" AFTER TRUNCATE ON "ip_enrichment"
  FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_enrichment_changed"();
CREATE TRIGGER "domain_enrichment_snapshot_insert" AFTER INSERT ON "domain_enrichment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_enrichment_changed"();
CREATE TRIGGER "domain_enrichment_snapshot_update" AFTER UPDATE ON "domain_enrichment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_enrichment_changed"();
CREATE TRIGGER "domain_enrichment_snapshot_delete" AFTER DELETE ON "domain_enrichment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_enrichment_changed"();
CREATE TRIGGER "domain_enrichment_snapshot_truncate" AFTER TRUNCATE ON "domain_enrichment"
  FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_enrichment_changed"();
