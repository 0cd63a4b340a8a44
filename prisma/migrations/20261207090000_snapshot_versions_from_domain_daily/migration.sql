-- The data version of the query snapshots (migration query_snapshots) is bumped by a change to
-- domain_daily instead of one to rollup_contrib. Every statement that changes a domain's
-- contributions — ingest, replacement, removal, attaching set-aside reports — changes its
-- domain_daily in the same transaction (the per-day totals move with the contributions), and
-- domain_daily takes a few rows per report where rollup_contrib takes one per record: the
-- transition table of a statement trigger holds every row the statement writes, and for a
-- large report's COPY of contribution rows that cost Postgres about a fifth of the COPY itself
-- (measured: 500,000 rows, ~0.3 s). Compaction, which changes no figure, never writes
-- domain_daily. Rows written through the view and domain deletion still reach
-- daily_rollup_compacted's triggers; a deleted domain's domain_daily rows go with it.
DROP TRIGGER "rollup_contrib_snapshot_insert" ON "rollup_contrib";
DROP TRIGGER "rollup_contrib_snapshot_update" ON "rollup_contrib";
DROP TRIGGER "rollup_contrib_snapshot_delete" ON "rollup_contrib";

CREATE TRIGGER "domain_daily_snapshot_insert" AFTER INSERT ON "domain_daily"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_rollup_changed"();
CREATE TRIGGER "domain_daily_snapshot_update" AFTER UPDATE ON "domain_daily"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_rollup_changed"();
CREATE TRIGGER "domain_daily_snapshot_delete" AFTER DELETE ON "domain_daily"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "atlas_snapshot_rollup_changed"();
