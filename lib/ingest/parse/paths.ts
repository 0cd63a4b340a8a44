/**
 * Element paths used in warnings, shared by both parsers so that the same oddity yields the
 * same words whichever path read the report.
 */
export const P = {
  version: 'feedback/version',
  metadata: 'feedback/report_metadata',
  policy: 'feedback/policy_published',
  extensions: 'feedback/extensions',
  dateRange: 'report_metadata/date_range',
  begin: 'report_metadata/date_range/begin',
  end: 'report_metadata/date_range/end',
  row: 'record/row',
  identifiers: 'record/identifiers',
  authResults: 'record/auth_results',
  policyEvaluated: 'row/policy_evaluated',
} as const;

export const metadataPath = (field: string): string => `report_metadata/${field}`;
export const policyPath = (field: string): string => `policy_published/${field}`;
export const rowPath = (field: string): string => `row/${field}`;
export const evaluatedPath = (field: string): string => `policy_evaluated/${field}`;
export const reasonPath = (field: string): string => `policy_evaluated/reason/${field}`;
export const identifierPath = (field: string): string => `identifiers/${field}`;
export const authPath = (kind: 'dkim' | 'spf', field: string): string => `auth_results/${kind}/${field}`;
