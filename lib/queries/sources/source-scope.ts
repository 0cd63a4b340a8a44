// Inputs every sender-map query takes. Structural on purpose: the access layer's TAccessScope
// (lib/permissions/scope.ts) and TDayWindow (lib/dates/day-window.ts) fit these shapes.

/** The domains the caller may see; a query for any other domain returns nothing. */
export interface TDomainScope {
  domainIds: readonly number[];
}

/** Whole UTC days: start inclusive, end exclusive. */
export interface TSourceWindow {
  start: Date;
  end: Date;
}
