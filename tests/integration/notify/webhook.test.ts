import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, WebhookDeliveryError, buildWebhook, deliverWebhook, generateWebhookSecret, verifyWebhookSignature } from '../../../lib/notify';
import { alertOf } from '../../unit/notify/alert-fixtures';

// Webhooks POSTed to a real HTTP server on loopback, checked the way a receiver would.

interface TReceived {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

describe('webhook delivery', () => {
  let server: Server;
  let base: string;
  const received: TReceived[] = [];
  /** Requests to /hang are held open (until the server closes) to exercise the timeout. */
  const hanging: (() => void)[] = [];
  const secret = generateWebhookSecret();
  const BASE = 'https://atlas.example.test';

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        if (req.url === '/hang') return void hanging.push(() => res.destroy());
        const status = Number(/^\/status\/(\d{3})(?:\?|$)/.exec(req.url ?? '')?.[1] ?? 204);
        res.writeHead(status, status >= 300 && status < 400 ? { Location: 'http://169.254.169.254/' } : {}).end('ignored body');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    for (const release of hanging) release();
    await new Promise((resolve) => server.close(resolve));
  });

  const last = (path: string): TReceived => {
    const found = received.filter((r) => r.path === path);
    expect(found.length).toBeGreaterThan(0);
    return found[found.length - 1];
  };

  it('posts the JSON body signed; the receiver verifies it, and a tampered copy fails', async () => {
    const payload = buildWebhook(alertOf('dns_record_changed'), { format: 'json', baseUrl: BASE });
    await expect(deliverWebhook(`${base}/hooks/atlas?key=abc`, payload, secret)).resolves.toEqual({ status: 204 });
    const request = last('/hooks/atlas?key=abc');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['atlas-event']).toBe('dns_record_changed');
    expect(request.headers['atlas-delivery']).toBe('evt-dns-1');
    expect(request.headers['user-agent']).toMatch(/^DMARC-Atlas\/\d+\.\d+\.\d+ \(webhook\)$/);
    expect(JSON.parse(request.body.toString('utf8'))).toMatchObject({ kind: 'dns_record_changed', data: { record: 'spf', after: 'v=spf1 include:_spf.google.com include:servers.mcsv.net ~all' } });

    const header = request.headers[SIGNATURE_HEADER.toLowerCase()] as string;
    expect(verifyWebhookSignature({ body: request.body, header, secret })).toMatchObject({ ok: true });
    const tampered = Buffer.from(request.body.toString('utf8').replace('servers.mcsv.net', 'evil.example'));
    expect(verifyWebhookSignature({ body: tampered, header, secret })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ body: request.body, header, secret: generateWebhookSecret() })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('posts the Slack form with text and blocks', async () => {
    await deliverWebhook(`${base}/slack`, buildWebhook(alertOf('new_source'), { format: 'slack', baseUrl: BASE }), secret);
    const request = last('/slack');
    const message = JSON.parse(request.body.toString('utf8')) as { text: string; blocks: { type: string }[] };
    expect(message.text).toBe('⚠️ New source sending as example.com: vps-12.hosting.example');
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'context']);
    expect(verifyWebhookSignature({ body: request.body, header: request.headers['atlas-signature'] as string, secret }).ok).toBe(true);
  });

  it('throws a typed error with the status, retryable for 5xx and 429, not for other 4xx or redirects', async () => {
    const payload = buildWebhook(alertOf('no_reports'), { format: 'json', baseUrl: BASE });
    const failure = async (path: string): Promise<WebhookDeliveryError> => {
      const error = await deliverWebhook(`${base}${path}`, payload, secret).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WebhookDeliveryError);
      return error as WebhookDeliveryError;
    };
    expect(await failure('/status/503')).toMatchObject({ status: 503, retryable: true });
    expect(await failure('/status/429')).toMatchObject({ status: 429, retryable: true });
    expect(await failure('/status/410')).toMatchObject({ status: 410, retryable: false });
    const redirect = await failure('/status/302');
    expect(redirect).toMatchObject({ status: 302, retryable: false });
    expect(redirect.message).toMatch(/redirects are not followed/);
    // The error names the receiver's origin, never its path or query (where secrets live).
    const secretPath = await failure('/status/500?token=s3cr3t');
    expect(secretPath.message).toBe(`Webhook to ${base} answered 500`);
  });

  it('gives up after the timeout and on a refused connection, retryable, without a status', async () => {
    const payload = buildWebhook(alertOf('no_reports'), { format: 'json', baseUrl: BASE });
    await expect(deliverWebhook(`${base}/hang`, payload, secret, { timeoutMs: 300 })).rejects.toMatchObject({ status: null, retryable: true, message: expect.stringMatching(/timed out/) });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(deliverWebhook(`http://127.0.0.1:${port}/x`, payload, secret)).rejects.toMatchObject({ status: null, retryable: true });
  });

  it('refuses URLs that are not http(s)', async () => {
    const payload = buildWebhook(alertOf('no_reports'), { format: 'json', baseUrl: BASE });
    await expect(deliverWebhook('file:///etc/passwd', payload, secret)).rejects.toThrow();
  });
});
