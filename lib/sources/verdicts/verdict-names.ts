// The verdicts' names and labels, apart from the heuristics so that client components (charts,
// legends) can import them without the server side of the module.

export const VERDICTS = ['authorised_passing', 'authorised_failing', 'forwarder', 'unknown'] as const;
export type TVerdict = (typeof VERDICTS)[number];

export const VERDICT_LABELS: Record<TVerdict, string> = {
  authorised_passing: 'Authorised, passing',
  authorised_failing: 'Authorised, failing — fix this',
  forwarder: 'Forwarder / mailing list',
  unknown: 'Unknown / likely spoofing',
};
