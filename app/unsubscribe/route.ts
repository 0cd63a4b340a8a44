import { applyUnsubscribe, describeUnsubscribe } from '@/lib/digests';

// One-click unsubscribe (RFC 8058). POST switches the setting off at once: that is what Gmail,
// Yahoo and Apple Mail send from their own button, with the token in the URL. GET only shows
// a button that POSTs, because link scanners and previews fetch every link in a mail.
// Public (proxy.ts): the signed token is the authority; no session is needed or asked for.

const WHAT = { digest: 'the weekly DMARC digest', alerts: 'alert e-mails' } as const;

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title} · DMARC Atlas</title></head>
<body style="font:16px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;background:#f6f7f9;color:#1b1f24;margin:0;padding:48px 16px">
<main style="max-width:440px;margin:0 auto;background:#fff;border:1px solid #dde1e6;border-radius:10px;padding:28px">
<p style="margin:0 0 4px;color:#5b6470;font-size:13px">DMARC Atlas</p><h1 style="font-size:20px;margin:0 0 12px">${title}</h1>${body}</main></body></html>`;
  return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' } });
}

const tokenOf = (request: Request): string => (new URL(request.url).searchParams.get('token') ?? '').slice(0, 200);

const invalid = () => page(400, 'This link is not valid', '<p>The unsubscribe link is incomplete or was changed. You can turn e-mails off in Settings › Notifications after signing in.</p>');

export async function GET(request: Request): Promise<Response> {
  const token = tokenOf(request);
  const target = describeUnsubscribe(token);
  if (!target) return invalid();
  // The token goes back in the form's action only as it came (validated above: [A-Za-z0-9._-]).
  return page(
    200,
    `Unsubscribe from ${WHAT[target.setting]}?`,
    `<p>You will no longer receive ${WHAT[target.setting]}. You can turn it back on in Settings › Notifications.</p>
<form method="post" action="/unsubscribe?token=${encodeURIComponent(token)}"><button type="submit" style="font:inherit;background:#1f5fd1;color:#fff;border:0;border-radius:6px;padding:9px 16px;cursor:pointer">Unsubscribe</button></form>`,
  );
}

export async function POST(request: Request): Promise<Response> {
  const done = await applyUnsubscribe(tokenOf(request));
  if (!done) return invalid();
  return page(200, 'You are unsubscribed', `<p>You will no longer receive ${WHAT[done.setting]}. Changed your mind? Turn it back on in Settings › Notifications.</p>`);
}
