import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { prisma } from '@/lib/platform/db';
import type { WorkerService } from '@/lib/platform/jobs';
import { log } from '@/lib/platform/log';

const INTERVAL_MS = 10_000;

export const heartbeatService: WorkerService = {
  name: 'heartbeat',
  async start() {
    const id = randomUUID();
    const startedAt = new Date();
    const beat = () =>
      prisma()
        .workerHeartbeat.upsert({
          where: { id },
          create: { id, host: os.hostname(), pid: process.pid, startedAt, seenAt: new Date() },
          update: { seenAt: new Date() },
        })
        .catch((error: unknown) => log.warn({ err: error }, 'worker heartbeat failed'));
    await beat();
    const timer = setInterval(beat, INTERVAL_MS);
    return async () => {
      clearInterval(timer);
      await prisma().workerHeartbeat.delete({ where: { id } }).catch(() => undefined);
    };
  },
};
