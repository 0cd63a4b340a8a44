import { ApiError, readBounceBody, withApiAuth } from '@/lib/api';
import { DiagnoseError, diagnoseWithEvidence } from '@/lib/diagnose';

export const POST = withApiAuth({ scope: 'read' }, async ({ actor, request }) => {
  const bounce = await readBounceBody(request);
  try {
    return await diagnoseWithEvidence(bounce, actor.scope);
  } catch (error) {
    if (error instanceof DiagnoseError) throw new ApiError(error.code === 'input.too_large' ? 'payload_too_large' : 'bad_request', error.message, { code: error.code });
    throw error;
  }
});
