-- CreateEnum
CREATE TYPE "PtrStatus" AS ENUM ('pending', 'ok', 'nxdomain', 'nodata', 'timeout', 'error', 'skipped');

-- CreateEnum
CREATE TYPE "SourceDecisionKind" AS ENUM ('approved', 'rejected');

-- CreateTable
CREATE TABLE "ip_enrichment" (
    "ip" INET NOT NULL,
    "ptr_status" "PtrStatus" NOT NULL DEFAULT 'pending',
    "ptr" TEXT,
    "ptr_confirmed" BOOLEAN NOT NULL DEFAULT false,
    "ptr_base_domain" TEXT,
    "asn" INTEGER,
    "as_name" TEXT,
    "country" TEXT,
    "service_id" TEXT,
    "service_type" TEXT,
    "matched_by" TEXT,
    "offline_version" TEXT NOT NULL,
    "dns_attempts" INTEGER NOT NULL DEFAULT 0,
    "dns_error" TEXT,
    "resolved_at" TIMESTAMPTZ(6),
    "next_resolve_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ip_enrichment_pkey" PRIMARY KEY ("ip")
);

-- CreateTable
CREATE TABLE "domain_enrichment" (
    "name" TEXT NOT NULL,
    "base_domain" TEXT,
    "service_id" TEXT,
    "service_type" TEXT,
    "offline_version" TEXT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "domain_enrichment_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "spf_cache" (
    "name" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "record" TEXT,
    "lookups" INTEGER NOT NULL DEFAULT 0,
    "void_lookups" INTEGER NOT NULL DEFAULT 0,
    "includes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "errors" JSONB NOT NULL DEFAULT '[]',
    "checked_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "spf_cache_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "dkim_selector_check" (
    "domain" TEXT NOT NULL,
    "selector" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "target" TEXT,
    "checked_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "dkim_selector_check_pkey" PRIMARY KEY ("domain","selector")
);

-- CreateTable
CREATE TABLE "enrichment_cursor" (
    "name" TEXT NOT NULL,
    "last_id" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enrichment_cursor_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "source_decision" (
    "id" SERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "source_key" TEXT NOT NULL,
    "decision" "SourceDecisionKind" NOT NULL,
    "label" TEXT,
    "note" TEXT,
    "decided_by_id" INTEGER,
    "decided_by_label" TEXT,
    "decided_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "source_decision_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ip_enrichment_next_resolve_at_idx" ON "ip_enrichment"("next_resolve_at");

-- CreateIndex
CREATE INDEX "ip_enrichment_offline_version_idx" ON "ip_enrichment"("offline_version");

-- CreateIndex
CREATE INDEX "domain_enrichment_offline_version_idx" ON "domain_enrichment"("offline_version");

-- CreateIndex
CREATE INDEX "spf_cache_expires_at_idx" ON "spf_cache"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "source_decision_domain_id_source_key_key" ON "source_decision"("domain_id", "source_key");

-- AddForeignKey
ALTER TABLE "source_decision" ADD CONSTRAINT "source_decision_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "source_decision" ADD CONSTRAINT "source_decision_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE CASCADE;
