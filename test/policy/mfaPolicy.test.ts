import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { connectMfaPolicy, mfaPolicyMachine } from 'amplify-mfa-flow/policy';
import type { MfaPolicyInput, MfaStatus } from 'amplify-mfa-flow/policy';
import { phoneVerificationMachine, totpEnrollmentMachine } from 'amplify-mfa-flow/mfa';
import { FakeActors, namedError, settle } from '../support/fakeActors.js';
import { at } from '../support/views.js';

// The MFA policy gate with fakes: every state and every transition, and what the gate lets through.

const ADMIN = { userId: 'u-1', username: 'u-1', email: 'admin@example.com', groups: ['admins', 'staff'] };
const BOTH = { mfaMode: 'OPTIONAL', mfaMethods: ['SMS', 'TOTP'] } as const;
const INPUT: MfaPolicyInput = { requireMfaForGroups: ['admins'], user: ADMIN, capabilities: BOTH, totpIssuer: 'App', callTimeoutMs: 50 };
const status = (s: Partial<MfaStatus> = {}): MfaStatus => ({ enabled: [], preferred: null, phone: null, phoneVerified: false, ...s });
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The gate with fake calls; the child flows are fakes too, or the real machines with fake calls (`realChildren`). */
function gate(input: Partial<MfaPolicyInput> = {}, options: { realChildren?: boolean } = {}) {
  const fakes = new FakeActors();
  const children = new FakeActors();
  const machine = mfaPolicyMachine.provide({
    actors: {
      ...fakes.actors(['loadMfaStatus', 'signOut']),
      ...(options.realChildren
        ? {
            totpEnrollment: totpEnrollmentMachine.provide({
              actors: children.actors(['setUpTotp', 'createQrCode', 'verifyTotp', 'setTotpPreference']),
            }),
            phoneVerification: phoneVerificationMachine.provide({
              actors: children.actors(['updatePhone', 'sendPhoneCode', 'confirmPhone', 'enableSmsMfa']),
            }),
          }
        : children.actors(['totpEnrollment', 'phoneVerification'])),
    } as never,
  });
  const actor = createActor(machine, { input: { ...INPUT, ...input } }).start();
  const value = () => actor.getSnapshot().value;
  const view = () => connectMfaPolicy(actor.getSnapshot(), actor.send);
  const load = async (s: MfaStatus) => {
    fakes.pending('loadMfaStatus').resolve(s);
    await settle();
  };
  return { actor, fakes, children, value, view, load };
}

describe('mfaPolicy: who is let through', () => {
  it('a user in no listed group is let through at once, without a call', () => {
    const { actor, fakes } = gate({ user: { ...ADMIN, groups: ['staff'] } });
    expect(actor.getSnapshot().status).toBe('done');
    expect(actor.getSnapshot().output).toEqual({ status: 'satisfied', required: false });
    expect(fakes.calls).toEqual([]);
  });

  it('a user without groups in the token is not a member; group names match exactly', () => {
    for (const user of [
      { userId: 'u', username: 'u' },
      { ...ADMIN, groups: ['Admins', 'admins '] },
    ]) {
      const { actor } = gate({ user });
      expect(actor.getSnapshot().output).toEqual({ status: 'satisfied', required: false });
    }
  });

  it('a member is held while the MFA methods are read, and let through when one is on (any method, email too)', async () => {
    for (const enabled of [['TOTP'], ['SMS'], ['EMAIL']] as const) {
      const { actor, view, load } = gate();
      const checking = at(view(), 'checking');
      expect(checking).toMatchObject({ busy: true, requiredBy: ['admins'], error: null });
      await load(status({ enabled }));
      expect(actor.getSnapshot().output).toEqual({ status: 'satisfied', required: true });
      expect(at(view(), 'satisfied')).not.toHaveProperty('signOut');
    }
  });

  it('a member without MFA chooses among the methods the pool offers', async () => {
    const { view, load } = gate();
    await load(status());
    const choosing = at(view(), 'choosing');
    expect(choosing).toMatchObject({ busy: false, error: null, methods: ['TOTP', 'SMS'], requiredBy: ['admins'] });
    expect(choosing.getMethodButtonProps('TOTP')).toEqual({ type: 'button', disabled: false });
    expect(choosing.getSignOutButtonProps()).toEqual({ type: 'button', disabled: false });
  });

  it('with one method offered, goes straight to it', async () => {
    const totp = gate({ capabilities: { mfaMode: 'REQUIRED', mfaMethods: ['TOTP', 'EMAIL'] } });
    await totp.load(status());
    expect(totp.value()).toEqual({ gate: 'enrollingTotp' });
    const sms = gate({ capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['SMS'] } });
    await sms.load(status());
    expect(sms.value()).toEqual({ gate: 'verifyingPhone' });
  });

  it('with no method it can set up (MFA off, or email only), stays closed: only signing out is left', async () => {
    for (const capabilities of [
      { mfaMode: 'OFF', mfaMethods: ['SMS', 'TOTP'] },
      { mfaMode: 'OPTIONAL', mfaMethods: ['EMAIL'] },
    ] as const) {
      const { view, load, actor } = gate({ capabilities });
      await load(status());
      const blocked = at(view(), 'blocked');
      expect(blocked.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: expect.stringContaining('administrator') });
      for (const type of ['FLOW.RETRY', 'METHOD.SELECT'] as const) actor.send({ type, method: 'TOTP' } as never);
      expect(view().step).toBe('blocked');
      blocked.signOut();
      expect(view().step).toBe('signingOut');
    }
  });
});

describe('mfaPolicy: choosing and enrolling', () => {
  it('refuses a method the pool does not offer, or an unknown one, with a typed error', async () => {
    const { view, load, actor } = gate({ capabilities: { mfaMode: 'OPTIONAL', mfaMethods: ['TOTP', 'SMS'] } });
    await load(status());
    for (const method of ['EMAIL', 'FAX', undefined]) {
      actor.send({ type: 'METHOD.SELECT', method } as never);
      expect(at(view(), 'choosing').error?.code).toBe('METHOD_NOT_ALLOWED');
    }
    at(view(), 'choosing').selectMethod('TOTP');
    expect(actor.getSnapshot().value).toEqual({ gate: 'enrollingTotp' });
    expect(actor.getSnapshot().context.error).toBeNull();
    // The same for SMS, after a refused choice.
    const sms = gate();
    await sms.load(status());
    sms.actor.send({ type: 'METHOD.SELECT', method: 'EMAIL' } as never);
    expect(sms.actor.getSnapshot().context.error?.code).toBe('METHOD_NOT_ALLOWED');
    at(sms.view(), 'choosing').selectMethod('SMS');
    expect(sms.actor.getSnapshot().value).toEqual({ gate: 'verifyingPhone' });
    expect(sms.actor.getSnapshot().context.error).toBeNull();
  });

  it('keeps the methods it read, whichever way the gate goes from there', async () => {
    const read = status({ enabled: [], phone: '+15550100', phoneVerified: true });
    for (const [capabilities, enabled, state] of [
      [BOTH, ['TOTP'], 'satisfied'],
      [{ mfaMode: 'OFF', mfaMethods: [] }, [], { gate: 'blocked' }],
      [{ mfaMode: 'REQUIRED', mfaMethods: ['TOTP'] }, [], { gate: 'enrollingTotp' }],
      [{ mfaMode: 'OPTIONAL', mfaMethods: ['SMS'] }, [], { gate: 'verifyingPhone' }],
      [BOTH, [], { gate: 'choosing' }],
    ] as const) {
      const { actor, load, value } = gate({ capabilities });
      const loaded = { ...read, enabled: [...enabled] };
      await load(loaded);
      expect(value()).toEqual(state);
      expect(actor.getSnapshot().context.status, JSON.stringify(state)).toEqual(loaded);
    }
  });

  it('runs TOTP enrollment with the preference PREFERRED and the email as account name', async () => {
    const { children, load, view } = gate();
    await load(status());
    at(view(), 'choosing').selectMethod('TOTP');
    expect(children.pending('totpEnrollment').input).toEqual({
      totpIssuer: 'App',
      accountName: 'admin@example.com',
      preference: 'PREFERRED',
      callTimeoutMs: 50,
    });
  });

  it('runs phone verification with the number on file, turning SMS MFA on as preferred', async () => {
    const { children, load, view } = gate({ resendCooldownMs: 1000 });
    await load(status({ phone: '+15550100101' }));
    at(view(), 'choosing').selectMethod('SMS');
    expect(children.pending('phoneVerification').input).toEqual({
      enableSmsMfa: 'PREFERRED',
      phone: '+15550100101',
      resendCooldownMs: 1000,
      callTimeoutMs: 50,
    });
  });

  for (const [method, child, state] of [
    ['TOTP', 'totpEnrollment', 'enrollingTotp'],
    ['SMS', 'phoneVerification', 'verifyingPhone'],
  ] as const) {
    it(`after ${child}, reads the methods again and lets through only once one is on`, async () => {
      const { children, fakes, load, view, actor } = gate();
      await load(status());
      at(view(), 'choosing').selectMethod(method);
      // Enrolled, cancelled or failed: the gate reads Cognito again, never trusts the child.
      children.pending(child).resolve({ status: 'enrolled' });
      await settle();
      expect(view().step).toBe('checking');
      await load(status());
      at(view(), 'choosing').selectMethod(method);
      children.pending(child).reject(new Error('the flow stopped'));
      await settle();
      expect(at(view(), 'checking').error?.code).toBe('UNKNOWN');
      await load(status());
      at(view(), 'choosing').selectMethod(method);
      expect(actor.getSnapshot().value).toEqual({ gate: state });
      children.pending(child).resolve({ status: 'cancelled' });
      await settle();
      await load(status({ enabled: [method] }));
      expect(actor.getSnapshot().output).toEqual({ status: 'satisfied', required: true });
      expect(fakes.calls.filter((c) => c.src === 'loadMfaStatus')).toHaveLength(4);
    });

    it(`${child} ending signed out ends the gate signed out`, async () => {
      const { children, load, view, actor } = gate();
      await load(status());
      at(view(), 'choosing').selectMethod(method);
      children.pending(child).resolve({ status: 'signedOut' });
      await settle();
      expect(actor.getSnapshot().output).toEqual({ status: 'signedOut', required: true });
      expect(at(view(), 'signedOut').error?.code).toBe('SIGNED_OUT');
    });
  }

  it('shows the running child flow as its own view, with ids under the gate', async () => {
    const { view, load, children } = gate({}, { realChildren: true });
    await load(status());
    at(view(), 'choosing').selectMethod('TOTP');
    children.pending('setUpTotp').resolve({ sharedSecret: 'JBSWY3DPEHPK3PXP', setupUri: 'otpauth://totp/App:x?secret=JBSWY3DPEHPK3PXP' });
    await settle();
    children.pending('createQrCode').resolve('data:image/png;base64,');
    await settle();
    const enrolling = at(view(), 'enrollingTotp');
    const child = at(enrolling.totpEnrollment, 'awaitingCode');
    expect(child.getCodeInputProps().id).toBe('mfaPolicy-totpEnrollment-code');
    expect(enrolling.signOut).toBeTypeOf('function');
    // The child's own cancel ends it as cancelled: the gate reads the methods again and offers them again.
    child.cancel();
    await settle();
    expect(view().step).toBe('checking');
  });

  it('shows the phone flow as its own view', async () => {
    const { view, load } = gate({}, { realChildren: true });
    await load(status());
    at(view(), 'choosing').selectMethod('SMS');
    const verifying = at(view(), 'verifyingPhone');
    expect(verifying.phoneVerification.step).toBe('enteringPhone');
  });
});

describe('mfaPolicy: failures keep the gate closed', () => {
  it('a failed read can be retried, never skipped', async () => {
    const { view, fakes, actor } = gate();
    fakes.pending('loadMfaStatus').reject(namedError({ name: 'NetworkError', message: 'A network error has occurred.' }));
    await settle();
    const failed = at(view(), 'checkFailed');
    expect(failed.error).toMatchObject({ code: 'NETWORK', retryable: true });
    actor.send({ type: 'METHOD.SELECT', method: 'TOTP' });
    expect(view().step).toBe('checkFailed');
    failed.retry();
    expect(at(view(), 'checking').error).toBeNull();
  });

  it('a read that does not answer in time ends in checkFailed (TIMEOUT)', async () => {
    const { view } = gate();
    await wait(80);
    expect(at(view(), 'checkFailed').error?.code).toBe('TIMEOUT');
  });

  it('busy states have no cancel: the only way out is signing out', async () => {
    const { view, actor } = gate();
    actor.send({ type: 'FLOW.CANCEL' } as never);
    const checking = at(view(), 'checking');
    expect(checking).not.toHaveProperty('cancel');
    checking.signOut();
    expect(view().step).toBe('signingOut');
  });
});

describe('mfaPolicy: signing out', () => {
  it('from any step of the closed gate signs out, globally when asked', async () => {
    const { view, fakes, load, actor } = gate();
    await load(status());
    at(view(), 'choosing').signOut({ global: true });
    expect(at(view(), 'signingOut').busy).toBe(true);
    expect(fakes.pending('signOut').input).toEqual({ global: true });
    fakes.pending('signOut').resolve(undefined);
    await settle();
    expect(actor.getSnapshot().output).toEqual({ status: 'signedOut', required: true });
    expect(actor.getSnapshot().context.status).toBeNull();
    expect(view().error).toBeNull();
  });

  it('a local sign-out by default; a failed or hanging sign-out closes the gate again and reads the methods', async () => {
    const { view, fakes } = gate();
    at(view(), 'checking').signOut();
    expect(fakes.pending('signOut').input).toEqual({ global: false });
    fakes.pending('signOut').reject(namedError({ name: 'NetworkError', message: 'offline' }));
    await settle();
    expect(at(view(), 'checking').error?.code).toBe('NETWORK');
    at(view(), 'checking').signOut();
    await wait(80);
    expect(view().error?.code).toBe('TIMEOUT');
    expect(['checking', 'checkFailed']).toContain(view().step);
  });

  it('a sign-out or a lost session elsewhere on the page ends the gate, whatever it was doing', async () => {
    for (const type of ['AUTH.SIGNED_OUT', 'AUTH.SESSION_LOST'] as const) {
      const { view, load, actor } = gate({}, { realChildren: true });
      await load(status());
      at(view(), 'choosing').selectMethod('TOTP');
      actor.send({ type });
      expect(actor.getSnapshot().output).toEqual({ status: 'signedOut', required: true });
      expect(at(view(), 'signedOut').error?.code).toBe('SIGNED_OUT');
      expect(actor.getSnapshot().children.totpEnrollment).toBeUndefined();
    }
  });

  it('a sign-in elsewhere on the page does not open the gate', async () => {
    const { view, actor } = gate();
    actor.send({ type: 'AUTH.SIGNED_IN' });
    expect(view().step).toBe('checking');
  });
});

describe('mfaPolicy: input', () => {
  // Each message names the machine and the field, at its start.
  const named = (field: string) => new RegExp(`^mfaPolicy: input\\.${field.replace(/[[\]]/g, '\\$&')} `);
  const groups = (n: number) => Array.from({ length: n }, (_, i) => `group-${i}`);
  const bad: [string, Partial<MfaPolicyInput> | Record<string, unknown>, RegExp][] = [
    ['no group list', { requireMfaForGroups: undefined }, named('requireMfaForGroups')],
    ['more than 100 groups', { requireMfaForGroups: groups(101) }, named('requireMfaForGroups')],
    ['an empty group name', { requireMfaForGroups: ['admins', ''] }, named('requireMfaForGroups[1]')],
    ['no user', { user: undefined }, named('user')],
    ['a user that is null', { user: null }, named('user')],
    ['a user id that is not a string', { user: { ...ADMIN, userId: 42 } }, named('user')],
    ['a user without a username', { user: { userId: 'u-1', groups: [] } }, named('user')],
    ['a function in place of the user', { user: Object.assign(() => undefined, { userId: 'u-1', username: 'u-1' }) }, named('user')],
    ['groups that are not strings', { user: { ...ADMIN, groups: [1] } }, named('user.groups')],
    ['one group that is not a string', { user: { ...ADMIN, groups: ['admins', 1] } }, named('user.groups')],
    ['no capabilities', { capabilities: undefined }, named('capabilities')],
    ['no issuer', { totpIssuer: '' }, named('totpIssuer')],
    ['an empty account name', { accountName: ' ' }, named('accountName')],
    ['a negative timeout', { callTimeoutMs: -1 }, named('callTimeoutMs')],
    ['a negative cooldown', { resendCooldownMs: -1 }, named('resendCooldownMs')],
  ];
  for (const [what, input, message] of bad) {
    it(`stops at once on ${what}`, () => {
      const actor = createActor(mfaPolicyMachine, { input: { ...INPUT, ...input } as MfaPolicyInput });
      const errors: unknown[] = [];
      actor.subscribe({ error: (e) => errors.push(e) });
      actor.start();
      expect(errors).toHaveLength(1);
      expect(String((errors[0] as Error).message)).toMatch(message);
      expect((errors[0] as Error).name).toBe('FlowInputError');
    });
  }

  it('stops at once on no input at all, naming the first field it reads', () => {
    const actor = createActor(mfaPolicyMachine, { input: undefined as unknown as MfaPolicyInput });
    const errors: unknown[] = [];
    actor.subscribe({ error: (e) => errors.push(e) });
    actor.start();
    expect((errors[0] as Error).name).toBe('FlowInputError');
    expect((errors[0] as Error).message).toMatch(named('requireMfaForGroups'));
  });

  it("takes 100 groups, and starts pending with nothing read; without a cooldown, the phone flow's own applies", () => {
    const { actor } = gate({ requireMfaForGroups: [...groups(99), 'admins'] });
    expect(actor.getSnapshot().context).toMatchObject({ requiredBy: ['admins'], status: null, error: null, outcome: 'pending' });
    expect(actor.getSnapshot().context.resendCooldownMs).toBeUndefined();
    expect(gate({ resendCooldownMs: 0 }).actor.getSnapshot().context.resendCooldownMs).toBe(0);
  });

  it('the account name is the input one, else the email, else the username', async () => {
    for (const [input, name] of [
      [{ accountName: 'Pat' }, 'Pat'],
      [{}, 'admin@example.com'],
      [{ user: { userId: 'u', username: 'pat', groups: ['admins'] } }, 'pat'],
    ] as const) {
      const { actor } = gate(input);
      expect(actor.getSnapshot().context.accountName).toBe(name);
    }
  });

  it('without providing them, the calls fail and the gate stays closed, each call named', async () => {
    const actor = createActor(mfaPolicyMachine, { input: INPUT }).start();
    await settle();
    const failed = connectMfaPolicy(actor.getSnapshot(), actor.send);
    expect(failed.step).toBe('checkFailed');
    expect((failed.error as { detail?: string } | null)?.detail).toBe('mfaPolicy actor "loadMfaStatus" was not provided');
    // The failed sign-out closes the gate again, which reads the methods again (and fails again).
    const details: unknown[] = [];
    actor.subscribe((snap) => details.push((snap.context.error as { detail?: string } | null)?.detail));
    actor.send({ type: 'SIGN_OUT' });
    await settle();
    expect(details).toContain('mfaPolicy actor "signOut" was not provided');
  });

  it('nothing secret is kept: the context holds the user, the status and the error, never a token or a secret', async () => {
    const { actor, load, view } = gate({}, { realChildren: true });
    await load(status());
    at(view(), 'choosing').selectMethod('TOTP');
    expect(Object.keys(actor.getSnapshot().context).sort()).toEqual(
      [
        'accountName',
        'callTimeoutMs',
        'capabilities',
        'error',
        'outcome',
        'requireMfaForGroups',
        'requiredBy',
        'resendCooldownMs',
        'status',
        'totpIssuer',
        'user',
      ].sort(),
    );
  });
});
