-- DropTable
DROP TABLE "worker_heartbeat";
