-- CreateTable
CREATE TABLE "notification_setting" (
    "user_id" INTEGER NOT NULL,
    "digest_enabled" BOOLEAN NOT NULL DEFAULT true,
    "digest_weekday" INTEGER NOT NULL DEFAULT 1,
    "digest_hour" INTEGER NOT NULL DEFAULT 8,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "digest_domains" TEXT NOT NULL DEFAULT 'all',
    "digest_domain_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "alert_emails" BOOLEAN NOT NULL DEFAULT true,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_setting_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "digest_delivery" (
    "id" BIGSERIAL NOT NULL,
    "user_id" INTEGER NOT NULL,
    "week_start" DATE NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "subject" TEXT,
    "message_id" TEXT,
    "error" TEXT,
    "claimed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "digest_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rule" (
    "id" SERIAL NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "domain_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "email_to" TEXT NOT NULL DEFAULT 'admins',
    "webhook_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "cooldown_minutes" INTEGER NOT NULL DEFAULT 1440,
    "state" JSONB NOT NULL DEFAULT '{}',
    "created_by_id" INTEGER,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_webhook" (
    "id" SERIAL NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "format" TEXT NOT NULL DEFAULT 'json',
    "secret_enc" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_webhook_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_event" (
    "id" BIGSERIAL NOT NULL,
    "organization_id" INTEGER NOT NULL,
    "rule_id" INTEGER,
    "kind" TEXT NOT NULL,
    "domain_id" INTEGER,
    "dedupe_key" TEXT NOT NULL,
    "condition_key" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" BIGSERIAL NOT NULL,
    "event_id" BIGINT NOT NULL,
    "channel" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "user_id" INTEGER,
    "webhook_id" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dns_record_event" (
    "id" BIGSERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "record" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "baseline" BOOLEAN NOT NULL DEFAULT false,
    "observed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "dns_record_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ip_blocklist_listing" (
    "id" BIGSERIAL NOT NULL,
    "ip" INET NOT NULL,
    "zone" TEXT NOT NULL,
    "answer" TEXT,
    "listed_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delisted_at" TIMESTAMPTZ(6),

    CONSTRAINT "ip_blocklist_listing_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "digest_delivery_created_at_idx" ON "digest_delivery"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "digest_delivery_user_id_week_start_key" ON "digest_delivery"("user_id", "week_start");

-- CreateIndex
CREATE INDEX "alert_rule_organization_id_idx" ON "alert_rule"("organization_id");

-- CreateIndex
CREATE UNIQUE INDEX "alert_webhook_organization_id_name_key" ON "alert_webhook"("organization_id", "name");

-- CreateIndex
CREATE INDEX "alert_event_organization_id_created_at_idx" ON "alert_event"("organization_id", "created_at");

-- CreateIndex
CREATE INDEX "alert_event_condition_key_created_at_idx" ON "alert_event"("condition_key", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "alert_event_rule_id_dedupe_key_key" ON "alert_event"("rule_id", "dedupe_key");

-- CreateIndex
CREATE INDEX "alert_delivery_event_id_idx" ON "alert_delivery"("event_id");

-- CreateIndex
CREATE INDEX "dns_record_event_domain_id_record_id_idx" ON "dns_record_event"("domain_id", "record", "id");

-- CreateIndex
CREATE INDEX "ip_blocklist_listing_ip_zone_idx" ON "ip_blocklist_listing"("ip", "zone");

-- CreateIndex
CREATE INDEX "ip_blocklist_listing_listed_at_idx" ON "ip_blocklist_listing"("listed_at");

-- AddForeignKey
ALTER TABLE "notification_setting" ADD CONSTRAINT "notification_setting_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest_delivery" ADD CONSTRAINT "digest_delivery_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rule" ADD CONSTRAINT "alert_rule_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_webhook" ADD CONSTRAINT "alert_webhook_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_event" ADD CONSTRAINT "alert_event_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rule"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "alert_event"("id") ON DELETE CASCADE ON UPDATE CASCADE;
