import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';

// Each machine is imported inside its test, not at the top of the file: a change that makes a machine throw
// while its module loads (a state with no initial child, a target that does not exist) then fails a test here
// instead of only failing the import of every other suite, which a test runner may report as no test at all.

describe('every machine loads and starts where its statechart begins', () => {
  it('signIn: checking for a session left from before', async () => {
    const { signInMachine } = await import('../../machines/signIn/index.js');
    const actor = createActor(signInMachine, { input: undefined });
    actor.start();
    expect(actor.getSnapshot().value).toBe('checkingSession');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    actor.stop();
  });

  it('totpEnrollment: asking Cognito for a secret', async () => {
    const { totpEnrollmentMachine } = await import('../../machines/totpEnrollment/index.js');
    const actor = createActor(totpEnrollmentMachine, { input: { totpIssuer: 'Issuer', accountName: 'pat@example.com' } });
    actor.start();
    expect(actor.getSnapshot().value).toEqual({ enrolling: 'settingUp' });
    actor.stop();
  });

  it('phoneVerification: waiting for the number', async () => {
    const { phoneVerificationMachine } = await import('../../machines/phoneVerification/index.js');
    const actor = createActor(phoneVerificationMachine, { input: undefined });
    actor.start();
    expect(actor.getSnapshot().value).toBe('enteringPhone');
    actor.stop();
  });

  it('mfaSettings: reading the settings', async () => {
    const { mfaSettingsMachine } = await import('../../machines/mfaSettings/index.js');
    const actor = createActor(mfaSettingsMachine, {
      input: { capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['TOTP'] }, totpIssuer: 'Issuer', accountName: 'pat@example.com' },
    });
    actor.start();
    expect(actor.getSnapshot().value).toBe('loading');
    actor.stop();
  });

  it('devices: reading the list', async () => {
    const { devicesMachine } = await import('../../machines/devices/index.js');
    const actor = createActor(devicesMachine, { input: undefined });
    actor.start();
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    actor.stop();
  });

  it('passkeys: reading the list', async () => {
    const { passkeysMachine } = await import('../../machines/passkeys/index.js');
    const actor = createActor(passkeysMachine, { input: { supported: true } });
    actor.start();
    expect(actor.getSnapshot().value).toBe('loading');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    actor.stop();
  });

  it('recovery codes and recovery sign-in: waiting for the user', async () => {
    const { recoveryCodesMachine, recoverySignInMachine } = await import('../../machines/recovery/index.js');
    const codes = createActor(recoveryCodesMachine, { input: {} });
    codes.start();
    expect(codes.getSnapshot().value).toBe('idle');
    codes.stop();
    const signIn = createActor(recoverySignInMachine, { input: { username: 'pat@example.com' } });
    signIn.start();
    expect(signIn.getSnapshot().value).toBe('enteringCredentials');
    signIn.stop();
  });

  it('mfaPolicy: checking the gate', async () => {
    const { mfaPolicyMachine } = await import('../../machines/mfaPolicy/index.js');
    const actor = createActor(mfaPolicyMachine, {
      input: {
        requireMfaForGroups: ['admins'],
        user: { userId: 'u-1', username: 'pat@example.com', groups: ['admins'] },
        capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] },
        totpIssuer: 'Issuer',
      },
    });
    actor.start();
    expect(actor.getSnapshot().value).toEqual({ gate: 'checking' });
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    actor.stop();
  });

  it('passwordless sign-in: checking for a session left from before', async () => {
    const { passwordlessSignInMachine } = await import('../../machines/passwordless/index.js');
    const actor = createActor(passwordlessSignInMachine, { input: undefined });
    actor.start();
    expect(actor.getSnapshot().value).toBe('checkingSession');
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    actor.stop();
  });

  it('the machines and mfa entry points load with all of them', async () => {
    const entry = { ...(await import('../../src/machines.js')), ...(await import('../../src/mfa.js')) };
    for (const name of ['signInMachine', 'totpEnrollmentMachine', 'phoneVerificationMachine', 'mfaSettingsMachine'] as const) {
      expect(entry[name].id).toBe(name.replace(/Machine$/, ''));
    }
  });
});

describe('a call nobody provided fails loudly, naming the machine and the actor', () => {
  it.each([
    [
      'signIn',
      [
        'fetchUser',
        'signIn',
        'confirmSignIn',
        'confirmSignUp',
        'resendSignUpCode',
        'resetPassword',
        'confirmResetPassword',
        'createQrCode',
        'signOut',
      ],
    ],
    ['totpEnrollment', ['setUpTotp', 'createQrCode', 'verifyTotp', 'setTotpPreference']],
    ['phoneVerification', ['updatePhone', 'sendPhoneCode', 'confirmPhone', 'enableSmsMfa']],
    ['mfaSettings', ['loadMfaStatus', 'updateMfaPreference']],
  ] as const)('%s', async (name, actors) => {
    const entry = { ...(await import('../../src/machines.js')), ...(await import('../../src/mfa.js')) };
    const machine = entry[`${name}Machine`];
    for (const actor of actors) {
      const logic = (machine.implementations.actors as Record<string, Parameters<typeof createActor>[0]>)[actor]!;
      const child = createActor(logic, { input: {} });
      const failed = new Promise<unknown>((resolve) => child.subscribe({ error: resolve }));
      child.start();
      expect(await failed).toEqual(new Error(`${name} actor "${actor}" was not provided`));
    }
  });
});
