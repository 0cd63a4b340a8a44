export { recordAudit, type TAuditActor } from './record-audit';
export { requestContext, runWithRequestContext } from './request-context';
