import { describe, expect, it } from 'vitest';
import { decodeXml, PRETTY_MAX_BYTES, xmlForDisplay } from '../../../components/reports/xml-display';

// The raw XML on the report page: written by whoever sent the report, so it is escaped, never
// markup; pretty-printed when small and complete, shown as received otherwise.

const hostile = Buffer.from(
  '<?xml version="1.0"?><feedback><report_metadata><org_name>&lt;script&gt;x&lt;/script&gt;</org_name>' +
    '<!-- </code><img src=x onerror=alert(1)> --><extra_contact_info>"><svg onload=alert(1)></extra_contact_info></report_metadata></feedback>',
);

/** The markup of the result with highlight.js's own span tags taken out. */
const withoutSpans = (html: string) => html.replace(/<span class="hljs-[a-z-]+">|<\/span>/g, '');

describe('xmlForDisplay', () => {
  it('escapes every tag, quote and comment of the report: only highlight.js spans are markup', () => {
    const { html } = xmlForDisplay(hostile, true);
    const rest = withoutSpans(html);
    expect(rest).not.toMatch(/<[a-z/!]/i);
    expect(rest).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(rest).toContain('&quot;&gt;&lt;svg');
  });

  it('pretty-prints a complete report, one element a line', () => {
    const display = xmlForDisplay(Buffer.from('<feedback><record><row><source_ip>192.0.2.1</source_ip></row></record></feedback>'), true);
    expect(display.pretty).toBe(true);
    expect(withoutSpans(display.html).split('\n')).toEqual([
      '&lt;feedback&gt;',
      '  &lt;record&gt;',
      '    &lt;row&gt;',
      '      &lt;source_ip&gt;192.0.2.1&lt;/source_ip&gt;',
      '    &lt;/row&gt;',
      '  &lt;/record&gt;',
      '&lt;/feedback&gt;',
    ]);
  });

  it('shows the beginning of a huge report as received, without trying to re-indent it', () => {
    const cut = xmlForDisplay(Buffer.from('<feedback><record><row><source_ip>192.0.2.1</sou'), false);
    expect(cut.pretty).toBe(false);
    expect(withoutSpans(cut.html)).toBe('&lt;feedback&gt;&lt;record&gt;&lt;row&gt;&lt;source_ip&gt;192.0.2.1&lt;/sou');
    const big = Buffer.from(`<feedback>${'<record/>'.repeat(PRETTY_MAX_BYTES / 9 + 1)}</feedback>`);
    expect(xmlForDisplay(big, true).pretty).toBe(false);
  });

  it('leaves a report its reporter indented already as it is', () => {
    const indented = Buffer.from('<feedback>\n <record>\n  <row/>\n </record>\n</feedback>\n');
    const display = xmlForDisplay(indented, true);
    expect(display.pretty).toBe(false);
    expect(withoutSpans(display.html)).toBe('&lt;feedback&gt;\n &lt;record&gt;\n  &lt;row/&gt;\n &lt;/record&gt;\n&lt;/feedback&gt;\n');
  });
});

describe('decodeXml', () => {
  it('reads the encoding from the BOM or the XML declaration', () => {
    expect(decodeXml(Buffer.from('\ufeff<a>é</a>', 'utf8'))).toBe('<a>é</a>');
    expect(decodeXml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>é</a>', 'utf16le')]))).toBe('<a>é</a>');
    expect(decodeXml(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>\xe9</a>', 'latin1'))).toContain('<a>é</a>');
    // An encoding nobody knows: read as UTF-8 rather than failing the page.
    expect(decodeXml(Buffer.from('<?xml version="1.0" encoding="x-made-up"?><a/>'))).toContain('<a/>');
  });
});
