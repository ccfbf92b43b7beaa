import { describe, expect, it } from 'vitest';
import { measureCoverage } from '../../src/diagram/paths.js';
import { passwordlessSignInModel } from '../../src/diagram/passwordless.model.js';
import { realPlan, realRig, replayReal } from './realReplay.js';

// Real level, the passwordless variant varied to require MFA: Cognito offers every user the password alone, and one
// without MFA sets an authenticator app up right after it (MFA_SETUP), whether the password came up front or was
// chosen at the selection. The optional pool (passwordless.real.test.ts) cannot ask for it; these are the paths
// through the TOTP setup that the local backend can play, by id, and the scenarios that reach it by USER_AUTH.
const plan = realPlan('required');
// The rest of this plan is what the optional pool walks already.
const paths = plan.paths.filter((p) => p.id.includes('totp-setup'));
const coverage = measureCoverage(passwordlessSignInModel, paths);
const rig = realRig('required');

describe('passwordless sign-in machine with real Amplify, MFA required: the TOTP setup after a password', () => {
  it('walks the TOTP setup by the password up front and chosen at the selection, a wrong code first', () => {
    const fromCatalogue = paths.filter((p) => plan.fromCatalogue.includes(p.id));
    console.info(
      `passwordless real paths, MFA required: ${fromCatalogue.length}/${plan.catalogue} catalogue paths through the TOTP setup, ${paths.length} paths in all; ` +
        `coverage ${coverage.states.covered}/${coverage.states.total} states, ${coverage.transitions.covered}/${coverage.transitions.total} transitions`,
    );
    expect(plan.missing, 'named scenarios no walked path plays').toEqual([]);
    expect(fromCatalogue.length).toBeGreaterThanOrEqual(3);
    // Every state of the TOTP setup, and every transition in it: a dropped connection, Cognito's attempt limit and a
    // call that never answers are faults on demand. Not a QR code that cannot be drawn or takes too long: it is
    // drawn here from the secret, with no request to fail.
    expect(coverage.states.missing.filter((s) => s.includes('totpSetup'))).toEqual([]);
    const notMade = /createQrCode|preparingQrCode/;
    expect(coverage.transitions.missing.filter((s) => s.includes('totpSetup') && !notMade.test(s))).toEqual([]);
    for (const p of paths) expect(p.scenario).toMatchObject({ required: true, mfa: 'none', passkey: false });
  });

  for (const path of paths) {
    it(`passwordlessSignIn ${path.id}: ${path.title}`, () => replayReal(rig.t, rig.device, path, path.scenario), 60_000);
  }
});
