import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineJob, type TJobContext } from '../../../lib/platform/jobs';

const context: TJobContext = { send: async () => null, jobId: 'job-1', retryCount: 0 };

describe('defineJob', () => {
  it('names the pg-boss queue after the job and keeps the schedule and description', () => {
    const job = defineJob({ name: 'nightly', cron: '0 3 * * *', description: 'Does a thing.', run: async () => undefined, queue: { policy: 'stately', retryLimit: 1 } });
    expect(job).toMatchObject({ name: 'nightly', cron: '0 3 * * *', description: 'Does a thing.', options: { name: 'nightly', policy: 'stately', retryLimit: 1 } });
  });

  it('hands run the data as its schema parsed it, unknown keys dropped', async () => {
    const seen: unknown[] = [];
    const job = defineJob({
      name: 'send-one',
      schema: z.object({ userId: z.number().int().positive() }),
      run: async (data) => void seen.push(data),
      queue: { policy: 'standard' },
    });
    await job.handler({ userId: 7, injected: '<script>' }, context);
    expect(seen).toEqual([{ userId: 7 }]);
  });

  it('fails the job, without running it, when the queued data does not match the schema', async () => {
    let ran = false;
    const job = defineJob({ name: 'send-one', schema: z.object({ userId: z.number() }), run: async () => void (ran = true), queue: {} });
    await expect(job.handler({ userId: 'all' }, context)).rejects.toThrow();
    expect(ran).toBe(false);
  });

  it('parses a scheduled run, which carries no data, as an empty object', async () => {
    const seen: unknown[] = [];
    const job = defineJob({ name: 'check', cron: '* * * * *', schema: z.object({ force: z.boolean().optional() }), run: async (data) => void seen.push(data), queue: {} });
    await job.handler(null as unknown as object, context);
    expect(seen).toEqual([{}]);
  });

  it('passes the runner context through to run', async () => {
    const retries: number[] = [];
    const job = defineJob({ name: 'retrying', run: async (_data, ctx) => void retries.push(ctx.retryCount), queue: {} });
    await job.handler({}, { ...context, retryCount: 3 });
    expect(retries).toEqual([3]);
  });
});
