-- The ip_blocklisted alert reads the IP-health job's ip_listing_event (per domain and source);
-- the table the alerts module had prepared for it is not needed.
DROP TABLE "ip_blocklist_listing";
