import { beforeAll, describe, expect, it } from 'vitest';
import { POST } from '../../../app/api/v1/diagnose/route';
import { ZBounceDiagnosis, DIAGNOSE_LIMITS } from '../../../lib/diagnose';
import { createWorld, type TWorld } from '../../helpers/access-fixtures';
import { useTestDatabase } from '../../helpers/db';

// POST /api/v1/diagnose as a client calls it: raw text, a multipart file, and the refusals
// (empty body 400, over the size limit 413 — declared or not).

let world: TWorld;
const NDR = "Remote Server returned '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain'\n";

type TInit = Omit<RequestInit, 'headers'> & { headers?: Record<string, string>; duplex?: 'half' };

const post = (init: TInit) =>
  POST(new Request('http://localhost/api/v1/diagnose', { method: 'POST', ...init, headers: { authorization: `Bearer ${world.tokens.readA}`, ...init.headers } }), {
    params: Promise.resolve({}),
  });

beforeAll(async () => {
  await useTestDatabase();
  world = await createWorld();
});

describe('POST /api/v1/diagnose', () => {
  it('diagnoses pasted NDR text sent as the raw body', async () => {
    const response = await post({ body: NDR, headers: { 'content-type': 'text/plain' } });
    expect(response.status).toBe(200);
    const d = ZBounceDiagnosis.parse(await response.json());
    expect(d).toMatchObject({ category: 'relay_denied', status: '5.7.54', reply_code: 550, evidence: { input: 'text', domain: null } });
  });

  it('diagnoses a bounce sent as a multipart `file` field', async () => {
    const form = new FormData();
    form.append('file', new Blob([NDR], { type: 'message/rfc822' }), 'bounce.eml');
    const response = await post({ body: form });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { category: string }).category).toBe('relay_denied');
  });

  it('answers 400 for an empty bounce and for a multipart body without a file', async () => {
    const empty = await post({ body: '\n  \n', headers: { 'content-type': 'text/plain' } });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { code: 'bad_request', details: { code: 'input.empty' } } });
    const form = new FormData();
    form.append('note', 'no file here');
    expect((await post({ body: form })).status).toBe(400);
  });

  it('answers 413 over the limit, whether the length is declared or streamed', async () => {
    const declared = await post({ body: 'x', headers: { 'content-type': 'text/plain', 'content-length': String(DIAGNOSE_LIMITS.maxInputBytes + 1) } });
    expect(declared.status).toBe(413);
    const big = new Uint8Array(DIAGNOSE_LIMITS.maxInputBytes + 1).fill(0x41);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < big.length; at += 1 << 20) controller.enqueue(big.subarray(at, at + (1 << 20)));
        controller.close();
      },
    });
    const streamed = await post({ body: stream, headers: { 'content-type': 'text/plain' }, duplex: 'half' });
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: 'payload_too_large', message: expect.stringMatching(/maxInputBytes/) } });
  });

  it('documents the route with its 413', async () => {
    const { buildOpenApiDocument } = await import('../../../lib/api/openapi');
    const op = (buildOpenApiDocument().paths as Record<string, Record<string, { responses: Record<string, unknown>; requestBody: { content: Record<string, unknown> } }>>)['/api/v1/diagnose'].post;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '413']));
    expect(Object.keys(op.requestBody.content)).toEqual(expect.arrayContaining(['text/plain', 'message/rfc822', 'multipart/form-data']));
  });
});
