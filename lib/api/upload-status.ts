/**
 * The HTTP status of an upload's answer, so that a script that only checks the status code
 * cannot miss a refused report: 422 when nothing was stored (every file failed), 207 when some
 * files or reports failed and others were stored, 200 when none failed. The body says which.
 */
export function uploadHttpStatus(files: ReadonlyArray<{ status: string }>): 200 | 207 | 422 {
  if (files.length > 0 && files.every((f) => f.status === 'failed')) return 422;
  if (files.some((f) => f.status === 'failed' || f.status === 'partial')) return 207;
  return 200;
}
