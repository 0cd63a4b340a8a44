import { render } from '@react-email/render';
import { z } from 'zod';
import { ZBaseUrl } from '@/lib/notify/links';
import { digestSubject } from './digest-figures';
import { DigestEmail } from './digest-email';
import { ZDigest, type TDigestInput } from './digest-schema';
import { renderDigestText } from './render-digest-text';

export interface TRenderedMail {
  subject: string;
  html: string;
  text: string;
}

const ZRenderOptions = z.object({ baseUrl: ZBaseUrl, unsubscribeUrl: z.url({ protocol: /^https?$/ }) });

/**
 * The weekly digest as a mail: subject, HTML and plain-text part with the same figures.
 * The input is parsed here (zod), so every caller gets cleaned, bounded strings.
 */
export async function renderDigest(input: TDigestInput, options: z.input<typeof ZRenderOptions>): Promise<TRenderedMail> {
  const digest = ZDigest.parse(input);
  const { baseUrl, unsubscribeUrl } = ZRenderOptions.parse(options);
  const html = await render(<DigestEmail digest={digest} baseUrl={baseUrl} unsubscribeUrl={unsubscribeUrl} />);
  return { subject: digestSubject(digest), html, text: renderDigestText(digest, { baseUrl, unsubscribeUrl }) };
}
