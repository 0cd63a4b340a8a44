-- CreateTable
CREATE TABLE "enforcement_settings" (
    "organization_id" INTEGER NOT NULL,
    "pass_share" DOUBLE PRECISION NOT NULL,
    "window_days" INTEGER NOT NULL,
    "max_failing_source_share" DOUBLE PRECISION NOT NULL,
    "min_dkim_share" DOUBLE PRECISION NOT NULL,
    "min_days_at_stage" INTEGER NOT NULL,
    "min_messages" INTEGER NOT NULL,
    "major_reporters" TEXT[],
    "min_major_reporters" INTEGER NOT NULL,
    "testing_pct" INTEGER NOT NULL,
    "updated_by_label" TEXT,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enforcement_settings_pkey" PRIMARY KEY ("organization_id")
);

-- CreateTable
CREATE TABLE "domain_dns_state" (
    "domain_id" INTEGER NOT NULL,
    "checked_at" TIMESTAMPTZ(6) NOT NULL,
    "dmarc_status" TEXT NOT NULL,
    "dmarc_record" TEXT,
    "spf_status" TEXT NOT NULL,
    "spf_record" TEXT,
    "error_count" INTEGER NOT NULL,
    "warning_count" INTEGER NOT NULL,
    "result" JSONB NOT NULL,

    CONSTRAINT "domain_dns_state_pkey" PRIMARY KEY ("domain_id")
);

-- CreateTable
CREATE TABLE "enforcement_state" (
    "domain_id" INTEGER NOT NULL,
    "stage" TEXT NOT NULL,
    "stage_since" TIMESTAMPTZ(6) NOT NULL,
    "pending_stage" TEXT,
    "pending_since" TIMESTAMPTZ(6),
    "pending_by_label" TEXT,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enforcement_state_pkey" PRIMARY KEY ("domain_id")
);

-- CreateTable
CREATE TABLE "enforcement_event" (
    "id" BIGSERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "from_stage" TEXT,
    "to_stage" TEXT NOT NULL,
    "record" TEXT,
    "actor_user_id" INTEGER,
    "actor_label" TEXT NOT NULL,
    "gates" JSONB,
    "gates_held" BOOLEAN,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "enforcement_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dns_change_event" (
    "id" BIGSERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "record" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "old_value" TEXT,
    "new_value" TEXT,
    "old_stage" TEXT,
    "new_stage" TEXT,
    "detected_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "alerted_at" TIMESTAMPTZ(6),

    CONSTRAINT "dns_change_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "enforcement_event_domain_id_created_at_idx" ON "enforcement_event"("domain_id", "created_at");

-- CreateIndex
CREATE INDEX "dns_change_event_domain_id_detected_at_idx" ON "dns_change_event"("domain_id", "detected_at");

-- CreateIndex
CREATE INDEX "dns_change_event_alerted_at_detected_at_idx" ON "dns_change_event"("alerted_at", "detected_at");

-- AddForeignKey
ALTER TABLE "enforcement_settings" ADD CONSTRAINT "enforcement_settings_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "domain_dns_state" ADD CONSTRAINT "domain_dns_state_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enforcement_state" ADD CONSTRAINT "enforcement_state_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "enforcement_event" ADD CONSTRAINT "enforcement_event_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "dns_change_event" ADD CONSTRAINT "dns_change_event_domain_id_fkey" FOREIGN KEY ("domain_id") REFERENCES "domain"("id") ON DELETE CASCADE ON UPDATE CASCADE;
