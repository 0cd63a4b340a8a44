-- CreateTable
CREATE TABLE "ip_listing" (
    "ip" INET NOT NULL,
    "zone" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "codes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "meanings" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "txt" TEXT,
    "error" TEXT,
    "listed_since" TIMESTAMPTZ(6),
    "checked_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "ip_listing_pkey" PRIMARY KEY ("ip","zone")
);

-- CreateTable
CREATE TABLE "ip_fcrdns" (
    "ip" INET NOT NULL,
    "status" TEXT NOT NULL,
    "ptr" TEXT,
    "names" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "error" TEXT,
    "checked_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,

    CONSTRAINT "ip_fcrdns_pkey" PRIMARY KEY ("ip")
);

-- CreateTable
CREATE TABLE "ip_listing_event" (
    "id" BIGSERIAL NOT NULL,
    "domain_id" INTEGER NOT NULL,
    "source_key" TEXT NOT NULL,
    "ip" INET NOT NULL,
    "zone" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "codes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "meanings" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "txt" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ip_listing_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ip_listing_expires_at_idx" ON "ip_listing"("expires_at");

-- CreateIndex
CREATE INDEX "ip_fcrdns_expires_at_idx" ON "ip_fcrdns"("expires_at");

-- CreateIndex
CREATE INDEX "ip_listing_event_domain_id_id_idx" ON "ip_listing_event"("domain_id", "id");
