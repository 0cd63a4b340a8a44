// The client-safe public entry of sources/: names and labels only, no database or DNS code, for
// client components (charts, legends, badges).
export { VERDICT_LABELS, VERDICTS, type TVerdict } from './verdicts/verdict-names';
