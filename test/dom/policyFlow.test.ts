import { describe, expect, it } from 'vitest';
import { createMfaPolicyFlow } from 'amplify-mfa-flow/dom';
import { mfaPolicyMachine } from 'amplify-mfa-flow/policy';
import { FakeActors, settle } from '../support/fakeActors.js';

describe('createMfaPolicyFlow', () => {
  it('runs the gate with the given machine, ids unique per flow, and hands out its view', async () => {
    const fakes = new FakeActors();
    const flow = createMfaPolicyFlow({
      machine: mfaPolicyMachine.provide({ actors: fakes.actors(['loadMfaStatus', 'signOut']) as never }),
      input: {
        requireMfaForGroups: ['admins'],
        user: { userId: 'u', username: 'u', groups: ['admins'] },
        capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['TOTP', 'SMS'] },
        totpIssuer: 'App',
      },
    }).start();
    const steps: string[] = [];
    flow.subscribe((view) => steps.push(view.step));
    fakes.pending('loadMfaStatus').resolve({ enabled: [], preferred: null, phone: null, phoneVerified: false });
    await settle();
    const view = flow.getView();
    expect(steps).toEqual(['choosing']);
    expect(view.step === 'choosing' && view.getErrorProps().id).toMatch(/^mfaPolicy-\d+-error$/);
    flow.stop();
  });
});
