import { describe, expect, it } from 'vitest';
import { nextEnforcementStep } from '../../../components/dashboard/next-enforcement-step';

const policy = (p: string | null, pct: string | null = null, testing: string | null = null) => ({ p, pct, testing });

describe('the next enforcement step of a published policy', () => {
  it('walks none → quarantine → reject, finishing partial policies first', () => {
    expect(nextEnforcementStep(null).label).toBe('Publish a DMARC record');
    expect(nextEnforcementStep(policy('none')).label).toBe('Move to p=quarantine');
    expect(nextEnforcementStep(policy('quarantine', '25')).label).toBe('Quarantine all failing mail');
    expect(nextEnforcementStep(policy('quarantine', null, 'y')).label).toBe('Quarantine all failing mail');
    expect(nextEnforcementStep(policy('Quarantine', '100')).label).toBe('Move to p=reject');
    expect(nextEnforcementStep(policy('reject', '50')).label).toBe('Reject all failing mail');
    expect(nextEnforcementStep(policy('reject'))).toMatchObject({ label: 'Enforced', done: true });
  });

  it('names a policy receivers do not know, shortened (reports come from anyone)', () => {
    const step = nextEnforcementStep(policy('x'.repeat(500)));
    expect(step.label).toBe('Fix the policy');
    expect(step.detail.length).toBeLessThan(120);
  });
});
