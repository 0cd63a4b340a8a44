-- DropIndex
DROP INDEX "daily_rollup_domain_id_day_idx";
