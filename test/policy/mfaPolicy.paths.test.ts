import type { AnyEventObject, AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { connectMfaPolicy, mfaPolicyMachine } from 'amplify-mfa-flow/policy';
import type { MfaPolicyContext, MfaPolicyInput, MfaPolicyView } from 'amplify-mfa-flow/policy';
import { phoneVerificationMachine, totpEnrollmentMachine } from 'amplify-mfa-flow/mfa';
import { mfaPolicy, POLICY_INPUT } from '../../src/diagram/policy.model.js';
import { CoverageRecorder } from '../../src/diagram/paths.js';
import { cataloguePaths } from '../support/catalogue.js';
import { inertChild, walk } from '../support/walk.js';
import type { WalkStep } from '../support/walk.js';

// Pure level for the MFA policy gate: the catalogue's paths walked on a live actor with fake calls,
// each step checked against the policy as the issue states it (written here, not read from the machine).

const CALL_TIMEOUT = 1_000;
const GATE_STEPS = ['checking', 'checkFailed', 'choosing', 'enrollingTotp', 'verifyingPhone', 'blocked'];

/** What the pool offers that the gate can set up after sign-in, in the order offered. */
const offered = (input: MfaPolicyInput) =>
  input.capabilities.mfaMode === 'OFF' ? [] : (['TOTP', 'SMS'] as const).filter((m) => input.capabilities.mfaMethods.includes(m));

function outcome(event: AnyEventObject) {
  const m = /^xstate\.(done|error)\.actor\.(.+)$/.exec(event.type);
  return m ? { kind: m[1], actor: m[2], output: (event as { output?: unknown }).output } : null;
}

function checkPolicyStep(s: WalkStep<MfaPolicyView, MfaPolicyContext>, input: MfaPolicyInput): void {
  const { before, after, event, calls } = s;
  const srcs = calls.map((c) => c.src);
  // Invariants on every step.
  expect(after.busy).toBe(after.step === 'checking' || after.step === 'signingOut');
  expect('signOut' in after).toBe(GATE_STEPS.includes(after.step));
  if (s.status === 'done') expect(s.output).toEqual({ status: after.step === 'satisfied' ? 'satisfied' : 'signedOut', required: true });
  const o = outcome(event);
  // Only Cognito reporting a method on lets the user through.
  if (after.step === 'satisfied') {
    expect(o?.actor).toBe('loadMfaStatus');
    expect((o?.output as { enabled: string[] } | undefined)?.enabled.length ?? 0).toBeGreaterThan(0);
  }

  if (event.type === 'AUTH.SIGNED_OUT' || event.type === 'AUTH.SESSION_LOST') {
    expect(after.step).toBe('signedOut');
    expect(after.error?.code).toBe('SIGNED_OUT');
    return void expect(calls).toEqual([]);
  }
  if (event.type === 'SIGN_OUT') {
    expect(after.step).toBe('signingOut');
    expect(after.error).toBeNull();
    return void expect(calls.map((c) => [c.src, c.input])).toEqual([['signOut', { global: false }]]);
  }
  if (event.type === 'FLOW.RETRY') {
    expect(before.step).toBe('checkFailed');
    expect(after.step).toBe('checking');
    expect(after.error).toBeNull();
    return void expect(srcs).toEqual(['loadMfaStatus']);
  }
  if (event.type === 'METHOD.SELECT') {
    const method = (event as { method?: string }).method;
    if (method === 'TOTP' || method === 'SMS') {
      expect(after.step).toBe(method === 'TOTP' ? 'enrollingTotp' : 'verifyingPhone');
      return void expect(after.error).toBeNull();
    }
    expect(after.step).toBe('choosing');
    return void expect(after.error?.code).toBe('METHOD_NOT_ALLOWED');
  }
  if (event.type.startsWith('xstate.after.callTimeout')) {
    expect(after.error?.code).toBe('TIMEOUT');
    // An unanswered sign-out closes the gate again and reads the methods; an unanswered read can be retried.
    if (before.step === 'signingOut') {
      expect(after.step).toBe('checking');
      return void expect(srcs).toEqual(['loadMfaStatus']);
    }
    return void expect(after.step).toBe('checkFailed');
  }
  if (o?.actor === 'loadMfaStatus') {
    if (o.kind === 'error') return void expect([after.step, after.error?.code]).toEqual(['checkFailed', 'NETWORK']);
    const enabled = (o.output as { enabled: string[] }).enabled;
    const methods = offered(input);
    const expected =
      enabled.length > 0
        ? 'satisfied'
        : methods.length === 0
          ? 'blocked'
          : methods.length === 2
            ? 'choosing'
            : methods[0] === 'TOTP'
              ? 'enrollingTotp'
              : 'verifyingPhone';
    expect(after.step).toBe(expected);
    if (expected === 'blocked') expect(after.error?.code).toBe('METHOD_NOT_ALLOWED');
    if (after.step === 'choosing') expect(after.methods).toEqual(methods);
    return;
  }
  if (o?.actor === 'signOut') {
    if (o.kind === 'done') return void expect([after.step, after.error]).toEqual(['signedOut', null]);
    expect([after.step, after.error?.code]).toEqual(['checking', 'NETWORK']);
    return void expect(srcs).toEqual(['loadMfaStatus']);
  }
  if (o?.actor === 'totpEnrollment' || o?.actor === 'phoneVerification') {
    if (o.kind === 'done' && (o.output as { status: string }).status === 'signedOut') {
      return void expect([after.step, after.error?.code]).toEqual(['signedOut', 'SIGNED_OUT']);
    }
    // Whatever the child flow says, Cognito is asked again.
    expect(after.step).toBe('checking');
    expect(after.error?.code ?? null).toBe(o.kind === 'error' ? 'UNKNOWN' : null);
    return;
  }
  throw new Error(`no spec for ${event.type}`);
}

describe('mfaPolicy: generated paths on fakes', () => {
  const paths = cataloguePaths('mfaPolicy');
  const recorder = new CoverageRecorder();
  for (const path of paths) {
    it(`mfaPolicy ${path.id}: ${path.title}${path.variant ? ` [${path.variant}]` : ''}`, async () => {
      const input = (path.input ?? POLICY_INPUT) as MfaPolicyInput;
      await walk(path, {
        machine: mfaPolicyMachine,
        input: () => ({ ...input, callTimeoutMs: CALL_TIMEOUT }),
        delays: { callTimeout: CALL_TIMEOUT },
        view: connectMfaPolicy as never,
        check: (s) => checkPolicyStep(s as never, input),
        label: mfaPolicy.label,
        recorder,
        keep: { totpEnrollment: inertChild(totpEnrollmentMachine), phoneVerification: inertChild(phoneVerificationMachine) },
      });
      if (path.steps.length === 0) {
        // A user in no listed group: let through as the gate starts.
        expect(input.user.groups ?? []).not.toContain('admins');
      }
    });
  }
  it('the walks took every transition and entered every state', () => {
    const coverage = recorder.report(mfaPolicy.model.machine as AnyStateMachine);
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.transitions.missing).toEqual([]);
  });
});
