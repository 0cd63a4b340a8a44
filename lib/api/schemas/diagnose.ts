import { ZBounceDiagnosis } from '@/lib/diagnose';
import { apiSchemas } from './registry';

export const ZBounceDiagnosisResponse = ZBounceDiagnosis.describe(
  'The diagnosis: the rejecting server\'s reply code and enhanced status, the category of the cause, the sending IP, the steps to fix it, and the evidence — from the bounce itself, and (domain, ip_health) from your own reports and DNS when the sender\'s domain is one of yours.',
).register(apiSchemas, { id: 'BounceDiagnosis' });
