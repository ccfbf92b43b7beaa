import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { mfaSettingsMachine, phoneVerificationMachine, totpEnrollmentMachine } from 'amplify-mfa-flow/mfa';
import { FakeActors, settle } from '../support/fakeActors.js';

// The MFA machines take any payload without crashing, refuse an unknown
// method with a typed error instead of ignoring it, and refuse wrong input at start.
const capabilities = { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] } as const;

describe('MFA machines: payloads and inputs', () => {
  it('settings: an unknown method to prefer or turn off gets INVALID_EVENT and no call', async () => {
    const fakes = new FakeActors();
    const machine = mfaSettingsMachine.provide({ actors: fakes.actors(['loadMfaStatus', 'updateMfaPreference']) as never });
    const actor = createActor(machine, { input: { capabilities, totpIssuer: 'App', accountName: 'pat@example.com' } }).start();
    fakes.pending('loadMfaStatus').resolve({ enabled: ['TOTP', 'SMS'], preferred: 'TOTP', phone: '+15550100101', phoneVerified: true });
    await settle();
    for (const method of ['FAX', null, 42, {}]) {
      actor.send({ type: 'PREFERRED.SET', method } as never);
      expect(actor.getSnapshot().status).toBe('active');
      expect(actor.getSnapshot().context.error?.code).toBe('INVALID_EVENT');
      actor.send({ type: 'METHOD.DISABLE', method } as never);
      expect(actor.getSnapshot().context.error?.code).toBe('INVALID_EVENT');
    }
    expect(fakes.calls.filter((c) => c.src === 'updateMfaPreference')).toEqual([]);
    expect(actor.getSnapshot().matches('ready')).toBe(true);
  });

  it('phone and TOTP: non-string payloads get the typed field error, keep nothing that is not a string, and never crash', () => {
    const phone = createActor(
      phoneVerificationMachine.provide({
        actors: new FakeActors().actors(['updatePhone', 'sendPhoneCode', 'confirmPhone', 'enableSmsMfa']) as never,
      }),
      { input: {} },
    ).start();
    for (const value of [123456, null, {}, ['+15550100101']]) {
      phone.send({ type: 'PHONE.SUBMIT', phone: value } as never);
      expect(phone.getSnapshot().status).toBe('active');
      expect(phone.getSnapshot().context.error?.code).toBe('PHONE_FORMAT');
      expect(phone.getSnapshot().context.phoneInput).toBe('');
    }
    const totp = createActor(
      totpEnrollmentMachine.provide({
        actors: new FakeActors().actors(['setUpTotp', 'createQrCode', 'verifyTotp', 'setTotpPreference']) as never,
      }),
      {
        input: { totpIssuer: 'App', accountName: 'pat@example.com' },
      },
    ).start();
    totp.send({ type: 'CODE.SUBMIT', code: 123456 } as never);
    expect(totp.getSnapshot().status).toBe('active');
  });

  it('refuses wrong input at start, naming the machine and the option', () => {
    const cases: [unknown, unknown, string][] = [
      [
        mfaSettingsMachine,
        { capabilities: { mfaMode: 'SOMETIMES', mfaMethods: [] }, totpIssuer: 'App', accountName: 'a@b.co' },
        'mfaSettings: input.capabilities',
      ],
      [mfaSettingsMachine, { capabilities, totpIssuer: '', accountName: 'a@b.co' }, 'mfaSettings: input.totpIssuer'],
      // The step-up's inputs: an age that is no duration (or a day and more), a clock that is no function, a flow input that is no object.
      ...[-1, 0, 59_999, Number.NaN, Number.POSITIVE_INFINITY, 86_400_001, '300000', null].map(
        (maxAuthAgeMs): [unknown, unknown, string] => [
          mfaSettingsMachine,
          { capabilities, totpIssuer: 'App', accountName: 'a@b.co', maxAuthAgeMs },
          'mfaSettings: input.maxAuthAgeMs',
        ],
      ),
      [mfaSettingsMachine, { capabilities, totpIssuer: 'App', accountName: 'a@b.co', now: 5 }, 'mfaSettings: input.now'],
      ...['x'.repeat(10_000), 42, null, ['authFlowType']].map((reauthentication): [unknown, unknown, string] => [
        mfaSettingsMachine,
        { capabilities, totpIssuer: 'App', accountName: 'a@b.co', reauthentication },
        'mfaSettings: input.reauthentication',
      ]),
      [totpEnrollmentMachine, { totpIssuer: 'App', accountName: 'a@b.co', maxAttempts: 0 }, 'totpEnrollment: input.maxAttempts'],
      [phoneVerificationMachine, { resendCooldownMs: -5 }, 'phoneVerification: input.resendCooldownMs'],
    ];
    for (const [machine, input, words] of cases) {
      const actor = createActor(machine as typeof mfaSettingsMachine, { input: input as never });
      const errors: unknown[] = [];
      actor.subscribe({ error: (e) => errors.push(e) });
      actor.start();
      expect(actor.getSnapshot().status, words).toBe('error');
      expect(String(errors[0])).toContain(words);
    }
  });
});
