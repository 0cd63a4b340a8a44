import type { TAccessScope } from '@/lib/access';
import { blobPrefix } from '@/lib/ingest';
import { getReportXml } from '@/lib/queries';
import { formatInt } from '@/components/ui/format';
import { xmlForDisplay } from './xml-display';
import styles from './reports.module.css';
import { Panel } from '@/components/ui/panel';

/** What the page renders of a report's XML at most; the download has all of it. */
const SHOW_MAX_BYTES = 128 * 1024;

/** The raw XML as received: highlighted (pretty-printed when small), capped for huge reports, with the download. */
export async function ReportXmlPanel({ scope, reportRowId }: { scope: TAccessScope; reportRowId: bigint }) {
  const xml = await getReportXml(scope, reportRowId);
  if (!xml) return null;
  const { bytes, complete } = await blobPrefix(xml.gz, xml.size, SHOW_MAX_BYTES);
  const display = xmlForDisplay(bytes, complete);
  const href = `/api/v1/reports/${reportRowId}/xml`;
  return (
    <Panel
      title="Raw XML"
      aside={
        <span className="panel-actions">
          <span className="muted">
            {formatInt(xml.size)} bytes{display.pretty ? ' · re-indented for reading' : ''}
          </span>
          <a className="btn btn-small" href={href} download>
            Download as received
          </a>
        </span>
      }
      headingId="xml-title"
      id="xml"
    >
      {!complete && (
        <p className={`notice notice-info ${styles.xmlNote}`}>
          Showing the first {formatInt(SHOW_MAX_BYTES / 1024)} KiB of {formatInt(Math.ceil(xml.size / 1024))} KiB. <a href={href}>Download the whole report</a>.
        </p>
      )}
      {/* highlight.js escapes the whole input: the markup here is only its <span class="hljs-…"> tags. */}
      <pre className={styles.xml} tabIndex={0} aria-label="Report XML">
        <code dangerouslySetInnerHTML={{ __html: display.html }} />
      </pre>
    </Panel>
  );
}
