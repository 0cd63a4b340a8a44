import { z } from 'zod';
import { log } from '@/lib/platform/log';
import { ActionError } from '@/lib/access';
import { DayWindowError } from '@/lib/platform/dates';

export const API_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal_error: 500,
} as const;

export type TApiErrorCode = keyof typeof API_ERROR_STATUS;

/** An error with a stable code; the one place that turns errors into responses is below. */
export class ApiError extends Error {
  constructor(
    readonly code: TApiErrorCode,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Not found') => new ApiError('not_found', what);

export const ZApiError = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(API_ERROR_STATUS) as [TApiErrorCode, ...TApiErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .describe('Every error response has this shape; `code` is stable, `message` is for people.');

export function errorResponse(error: unknown): Response {
  if (error instanceof ApiError) {
    return Response.json(
      { error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } },
      { status: API_ERROR_STATUS[error.code], headers: error.headers },
    );
  }
  if (error instanceof ActionError) {
    const code = ({ forbidden: 'forbidden', not_found: 'not_found', conflict: 'conflict', invalid: 'bad_request' } as const)[error.code];
    return errorResponse(new ApiError(code, error.message));
  }
  if (error instanceof DayWindowError) return errorResponse(new ApiError('bad_request', error.message));
  if (error instanceof z.ZodError) {
    return errorResponse(new ApiError('bad_request', 'The request is not valid.', error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))));
  }
  log.error({ err: error }, 'API request failed');
  return Response.json({ error: { code: 'internal_error', message: 'Something went wrong on our side; it has been logged.' } }, { status: 500 });
}
