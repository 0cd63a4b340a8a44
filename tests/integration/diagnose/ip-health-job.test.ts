import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prisma } from '../../../lib/platform/db/prisma';
import { closeJobSender, startBoss } from '../../../lib/platform/jobs';
import { dnsblQueryName, ipHealthJob, requestIpHealthCheck } from '../../../lib/diagnose';
import { listIpListingEvents } from '../../../lib/queries';
import { insertReport } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';
import { reverseName, startDnsZoneServer, type TDnsZoneServer } from '../../helpers/dns-zone-server';

// "Check blocklists now" end to end through pg-boss: the web side queues a forced check for one
// domain, a worker (registered as lib/worker does) runs it against a DNS server on loopback,
// the new listing lands in ip_listing_event; asking again within the cooldown queues nothing.

const IP = '5.9.10.10';
let dns: TDnsZoneServer;
let boss: PgBoss;
let domain: { id: number; name: string };

beforeAll(async () => {
  await useTestDatabase();
  dns = await startDnsZoneServer({
    [reverseName(IP)]: { PTR: ['mail.example.org'] },
    'mail.example.org': { A: [IP] },
    [dnsblQueryName(IP, 'zen.spamhaus.org')!]: { A: ['127.0.0.4'] },
  });
  // The job reads its settings from the environment, as in the worker.
  Object.assign(process.env, { ATLAS_DNS_SERVERS: dns.address, ATLAS_DNS_TIMEOUT_MS: '500', ATLAS_DNS_TRIES: '1', ATLAS_DNSBL_ZONES: 'zen.spamhaus.org' });
  const org = await prisma().organization.create({ data: { name: 'Example', slug: 'example' } });
  domain = await prisma().domain.create({ data: { name: 'example.org', organizationId: org.id }, select: { id: true, name: true } });
  // Aligned, passing mail from the address: a source the domain authorises.
  await insertReport(domain.id, domain.name, new Date(Date.now() - 86_400_000).toISOString().slice(0, 10), 50, IP);
  boss = await startBoss();
  await boss.createQueue(ipHealthJob.name, ipHealthJob.options);
  await boss.work<object>(ipHealthJob.name, { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) await ipHealthJob.handler(job.data, { send: (name, data, options) => boss.send(name, data, options ?? {}), jobId: job.id, retryCount: 0 });
  });
});

afterAll(async () => {
  await closeJobSender();
  await boss?.stop({ graceful: false, close: true });
  await dns?.close();
});

describe('on-demand sending-IP health check', () => {
  it('queues a forced check that the worker runs, recording the new listing', async () => {
    expect(await requestIpHealthCheck(domain.id)).toBe(true);
    const scope = { domainIds: [domain.id] };
    await expect.poll(async () => (await listIpListingEvents(scope)).map((e) => `${e.kind} ${e.ip} ${e.zone} ${e.codes.join(',')}`), { timeout: 60_000 }).toEqual([
      `listed ${IP} zen.spamhaus.org 127.0.0.4`,
    ]);
    expect(dns.queries).toContain(`PTR ${reverseName(IP)}`);
  });

  it('queues nothing more within the cooldown', async () => {
    expect(await requestIpHealthCheck(domain.id)).toBe(false);
  });
});
