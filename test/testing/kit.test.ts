import { describe, expect, it } from 'vitest';
import { connectSignIn, observeFlow, signInMachine } from 'amplify-mfa-flow/machines';
import {
  connectMfaSettings,
  connectPhoneVerification,
  connectTotpEnrollment,
  mfaSettingsMachine,
  phoneVerificationMachine,
  totpEnrollmentMachine,
} from 'amplify-mfa-flow/mfa';
import { connectPasswordlessSignIn, passwordlessSignInMachine } from 'amplify-mfa-flow/passwordless';
import { connectMfaPolicy, mfaPolicyMachine } from 'amplify-mfa-flow/policy';
import { connectPasskeys, passkeysMachine } from 'amplify-mfa-flow/passkeys';
import { connectDevices, devicesMachine } from 'amplify-mfa-flow/devices';
import { connectRecoveryCodes, connectRecoverySignIn, recoveryCodesMachine, recoverySignInMachine } from 'amplify-mfa-flow/recovery';
import { PATHS, createFakes, getPaths, replayPath } from 'amplify-mfa-flow/testing';
import { passwordlessSignInPaths } from '../../src/testing/data/passwordlessSignIn.js';
import type { MachineName, PathEvent, TestPath } from 'amplify-mfa-flow/testing';
import { createActor } from 'xstate';
import type { Actor, AnyStateMachine } from 'xstate';
import { TOTP_INPUT } from '../../src/diagram/mfa.models.js';

// amplify-mfa-flow/testing on the simplest UI there is, the view itself: every
// path of every machine replayed through `path.test()`, its user events sent
// as a UI would send them, the fakes answering the calls, and the view checked
// after each step against the one the path says.

type View = { readonly step: string; readonly busy: boolean; readonly error: { readonly code: string } | null };
const SUBJECTS: Readonly<Record<MachineName, { machine: AnyStateMachine; connect: unknown; input: (path: TestPath) => object }>> = {
  signIn: { machine: signInMachine, connect: connectSignIn, input: () => ({ authFlowType: 'USER_PASSWORD_AUTH' }) },
  totpEnrollment: { machine: totpEnrollmentMachine, connect: connectTotpEnrollment, input: () => TOTP_INPUT },
  phoneVerification: { machine: phoneVerificationMachine, connect: connectPhoneVerification, input: (p) => p.variant!.input as object },
  mfaSettings: { machine: mfaSettingsMachine, connect: connectMfaSettings, input: (p) => p.variant!.input as object },
  mfaPolicy: { machine: mfaPolicyMachine, connect: connectMfaPolicy, input: (p) => p.variant!.input as object },
  recoveryCodes: { machine: recoveryCodesMachine, connect: connectRecoveryCodes, input: (p) => p.variant!.input as object },
  recoverySignIn: { machine: recoverySignInMachine, connect: connectRecoverySignIn, input: () => ({ username: 'user@example.com' }) },
  devices: { machine: devicesMachine, connect: connectDevices, input: () => ({}) },
  passkeys: { machine: passkeysMachine, connect: connectPasskeys, input: (p) => p.variant!.input as object },
};

function replay(name: MachineName, path: TestPath): Promise<void> {
  const subject = SUBJECTS[name];
  let view: () => View = () => {
    throw new Error('not started');
  };
  let send: (event: PathEvent) => void = () => {};
  const userEvents = new Set(path.steps.filter((s) => s.kind === 'user').map((s) => s.event.type));
  return path.test({
    start: (fakes) => {
      // With the timers the paths assume.
      const actor = createActor(fakes.provide(subject.machine), { input: { ...subject.input(path), ...path.timing }, clock: fakes.clock });
      const flow = observeFlow(actor, subject.connect as never) as { getView(): View };
      view = flow.getView;
      send = (event) => actor.send(event as never);
      actor.start();
      return () => actor.stop();
    },
    events: Object.fromEntries([...userEvents].map((type) => [type, (event: PathEvent) => send(event)])),
    view: (expected) => {
      const v = view();
      expect({ step: v.step, busy: v.busy, error: v.error?.code ?? null }).toEqual(expected);
    },
  });
}

// The passwordless sign-in's catalogue is not in the kit (see CatalogueName), but its data is the same kind:
// every path replays through the kit's own replay.
describe('passwordlessSignIn: every path replayed with the kit', () => {
  for (const path of passwordlessSignInPaths.paths) {
    it(`passwordlessSignIn ${path.id}: ${path.title}`, () => {
      let view: () => View = () => {
        throw new Error('not started');
      };
      let send: (event: PathEvent) => void = () => {};
      const userEvents = new Set(path.steps.filter((s) => s.kind === 'user').map((s) => s.event.type));
      return replayPath(
        path,
        {
          start: (fakes) => {
            const input = { authFlowType: 'USER_PASSWORD_AUTH' as const, ...passwordlessSignInPaths.timing };
            const actor = createActor(fakes.provide(passwordlessSignInMachine), { input, clock: fakes.clock });
            const flow = observeFlow(actor, connectPasswordlessSignIn as never) as { getView(): View };
            view = flow.getView;
            send = (event) => actor.send(event as never);
            actor.start();
            return () => actor.stop();
          },
          events: Object.fromEntries([...userEvents].map((type) => [type, (event: PathEvent) => send(event)])),
          view: (expected) => {
            const v = view();
            expect({ step: v.step, busy: v.busy, error: v.error?.code ?? null }).toEqual(expected);
          },
        },
        passwordlessSignInPaths.hub,
      );
    });
  }
});

for (const name of Object.keys(PATHS) as MachineName[]) {
  describe(`${name}: every path replayed with amplify-mfa-flow/testing`, () => {
    const paths = getPaths(name);
    it('has the catalogue as data: JSON in, the same paths out', () => {
      expect(paths.length).toBe(PATHS[name].paths.length);
      expect(JSON.parse(JSON.stringify(PATHS[name]))).toEqual(PATHS[name]);
      for (const p of paths) expect(p.description).toBe(p.steps.map((s) => s.label).join(' → '));
    });
    for (const path of paths) it(`${name} ${path.id}: ${path.title}`, () => replay(name, path));
  });
}

describe('the fakes and the replay fail where the UI does not follow the path', () => {
  const path = getPaths('totpEnrollment').find((p) => p.id === 'secret-qr-code-verified-saved')!;

  it('a user event the UI does not perform leaves the call the path answers unmade', async () => {
    const stalled = path.test({
      start: (fakes) => {
        const actor = createActor(fakes.provide(totpEnrollmentMachine), { input: TOTP_INPUT });
        actor.start();
        return () => actor.stop();
      },
      events: { 'CODE.SUBMIT': () => {} },
      view: () => {},
      timeout: 50,
    });
    await expect(stalled).rejects.toThrow(
      /secret-qr-code-verified-saved, step 4 \(Cognito accepts the code\): the path answers a call of "verifyTotp" but the UI made none/,
    );
  });

  it('a view that is not the one the path says fails at that step', async () => {
    const wrong = path.test({
      start: (fakes) => {
        const actor = createActor(fakes.provide(totpEnrollmentMachine), { input: TOTP_INPUT });
        actor.start();
        return () => actor.stop();
      },
      events: {},
      view: (expected) => {
        if (expected.step === 'awaitingCode') throw new Error('the page shows the spinner');
      },
    });
    await expect(wrong).rejects.toThrow(/step 2 \(the QR code is drawn\): the page shows the spinner/);
  });

  it('a machine on other timers than the path assumes fails at the wait', async () => {
    const timeout = getPaths('phoneVerification').find((p) => p.id === 'number-only-phone-code-sent-code-timeout')!;
    let actor!: Actor<typeof phoneVerificationMachine>;
    const onDefaults = timeout.test({
      start: (fakes) => {
        // No `timeout.timing` in the input: the call gives up after 30 s, not after the path's 1 s.
        actor = createActor(fakes.provide(phoneVerificationMachine), { input: timeout.variant!.input as object, clock: fakes.clock });
        actor.start();
        return () => actor.stop();
      },
      events: { 'PHONE.SUBMIT': (e) => actor.send(e as never), 'CODE.SUBMIT': (e) => actor.send(e as never) },
      view: (expected) => expect(connectPhoneVerification(actor.getSnapshot(), actor.send).busy).toBe(expected.busy),
    });
    await expect(onDefaults).rejects.toThrow(/step 4 \(the call does not answer in time\)/);
  });

  it('records each call with its input', async () => {
    const fakes = createFakes({ hub: PATHS.totpEnrollment.hub });
    const actor = createActor(fakes.provide(totpEnrollmentMachine), { input: TOTP_INPUT });
    actor.start();
    expect(fakes.calls).toEqual([{ actor: 'setUpTotp', input: { totpIssuer: 'amplify-mfa-flow', accountName: 'pat@example.com' } }]);
    actor.stop();
  });
});
