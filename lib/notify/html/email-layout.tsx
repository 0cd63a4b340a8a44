import type { ReactNode } from 'react';
import { Container } from '@react-email/container';
import { Head } from '@react-email/head';
import { Html } from '@react-email/html';
import { Preview } from '@react-email/preview';
import { DARK_CSS, cls, color, font } from './theme';

// The frame of every DMARC Atlas mail: a 600px card on a tinted page, a text wordmark (no
// images: many clients block them, and nothing may be fetched from outside), the content, and
// a footer. Layout is tables with inline styles; the <style> only adds dark mode and narrow
// screens for the clients that read it.

export interface TEmailLayoutProps {
  title: string;
  preheader: string;
  /** Under the wordmark, e.g. the week. */
  kicker: string;
  children: ReactNode;
  footer: ReactNode;
}

/** The page behind the card. Not react-email's Body: that copies the page colour onto an inner
 * cell no dark-mode class can reach, which left a light frame around the dark card. */
function Page({ children }: { children: ReactNode }) {
  return (
    <body className={cls.body} style={{ backgroundColor: color.page, margin: 0, padding: 0 }}>
      <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse' }}>
        <tbody>
          <tr>
            <td className={cls.body} style={{ backgroundColor: color.page, padding: '24px 8px', fontFamily: font }}>
              {children}
            </td>
          </tr>
        </tbody>
      </table>
    </body>
  );
}

export function EmailLayout({ title, preheader, kicker, children, footer }: TEmailLayoutProps) {
  return (
    <Html lang="en" dir="ltr">
      <Head>
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{title}</title>
        <style>{DARK_CSS}</style>
      </Head>
      <Page>
        <Preview>{preheader}</Preview>
        <Container style={{ maxWidth: '600px', width: '100%' }}>
          <table role="presentation" width="100%" cellPadding={0} cellSpacing={0} style={{ borderCollapse: 'collapse' }}>
            <tbody>
              <tr>
                <td className={cls.pad} style={{ backgroundColor: color.brand, padding: '18px 28px', borderRadius: '8px 8px 0 0' }}>
                  <div style={{ fontFamily: font, fontSize: '18px', lineHeight: '24px', fontWeight: 700, color: color.brandText }}>DMARC Atlas</div>
                  <div style={{ fontFamily: font, fontSize: '13px', lineHeight: '18px', color: '#c9d6e3' }}>{kicker}</div>
                </td>
              </tr>
              <tr>
                <td className={`${cls.card} ${cls.pad}`} style={{ backgroundColor: color.card, padding: '24px 28px 8px', borderRadius: '0 0 8px 8px' }}>
                  {children}
                </td>
              </tr>
              <tr>
                <td className={cls.pad} style={{ padding: '16px 28px 0' }}>
                  {footer}
                </td>
              </tr>
            </tbody>
          </table>
        </Container>
      </Page>
    </Html>
  );
}
