import { assign, fromCallback, setup } from 'xstate';
import type { EventObject } from 'xstate';
import { notProvided } from '../shared/actors.js';
import { DEFAULTS } from '../shared/delays.js';
import { childSignedOut, phoneVerificationInput, totpEnrollmentInput } from '../shared/children.js';
import { errorOfEvent, flowError } from '../shared/errors.js';
import { durationInput, FlowInputError, poolCapabilitiesInput, textInput } from '../shared/input.js';
import type { MfaStatus } from '../mfaSettings/mfaSettings.types.js';
import { phoneVerificationMachine } from '../phoneVerification/phoneVerification.machine.js';
import { totpEnrollmentMachine } from '../totpEnrollment/totpEnrollment.machine.js';
import type {
  EnrollableMethod,
  MfaPolicyContext,
  MfaPolicyEvent,
  MfaPolicyInput,
  MfaPolicyOutput,
  SignedInUser,
} from './mfaPolicy.types.js';

const ENROLLABLE: readonly EnrollableMethod[] = ['TOTP', 'SMS'];

/** The methods this gate can set up in this pool, in the order it offers them. */
export function offeredMethods(context: Pick<MfaPolicyContext, 'capabilities'>): EnrollableMethod[] {
  if (context.capabilities.mfaMode === 'OFF') return [];
  return ENROLLABLE.filter((m) => context.capabilities.mfaMethods.includes(m));
}

/** Any method on counts, EMAIL included: the policy asks for MFA, not for one kind of it. */
const hasMfa = (status: MfaStatus | null) => (status?.enabled.length ?? 0) > 0;

function groupsInput(value: unknown): string[] {
  if (!Array.isArray(value) || value.length > 100) {
    throw new FlowInputError('mfaPolicy: input.requireMfaForGroups must be an array of at most 100 group names');
  }
  return value.map((g, i) => textInput('mfaPolicy', `requireMfaForGroups[${i}]`, g, undefined, 128));
}

function userInput(value: unknown): SignedInUser {
  const u = value as Partial<SignedInUser> | undefined;
  if (!u || typeof u !== 'object' || typeof u.userId !== 'string' || typeof u.username !== 'string') {
    throw new FlowInputError(
      'mfaPolicy: input.user must be the signed-in user ({ userId, username, groups? }, as readSignedInUser gives it)',
    );
  }
  if (u.groups !== undefined && !(Array.isArray(u.groups) && u.groups.every((g) => typeof g === 'string'))) {
    throw new FlowInputError("mfaPolicy: input.user.groups must be the ID token's cognito:groups (an array of strings)");
  }
  return u as SignedInUser;
}

const outputOf = <T>(event: unknown) => (event as { output: T }).output;

/**
 * MFA required per group: runs after sign-in, before the app shows the user as
 * signed in. A member of a listed group without any MFA method sets one up
 * (TOTP or SMS, as the pool offers) and only then is let through; the one way
 * out before that is signing out. A client-side gate: the server must check
 * too (see the README, "MFA required per group").
 */
/**
 * The user's groups that require MFA of their members (`cognito:groups` against the policy's `requireMfaForGroups`):
 * empty when none does. A settings page passes `requireMfa: mfaRequiredBy(user.groups, groups).length > 0`, so that a
 * member cannot turn their last method off there either.
 */
export function mfaRequiredBy(groups: readonly string[] | undefined, requireMfaForGroups: readonly string[]): string[] {
  return (groups ?? []).filter((g) => requireMfaForGroups.includes(g));
}

export const mfaPolicyMachine = setup({
  types: {
    context: {} as MfaPolicyContext,
    events: {} as MfaPolicyEvent,
    input: {} as MfaPolicyInput,
    output: {} as MfaPolicyOutput,
  },
  actors: {
    loadMfaStatus: notProvided<MfaStatus, void>('mfaPolicy', 'loadMfaStatus'),
    signOut: notProvided<void, { global: boolean }>('mfaPolicy', 'signOut'),
    totpEnrollment: totpEnrollmentMachine,
    phoneVerification: phoneVerificationMachine,
    /** Amplify's Hub auth channel; nothing until provided (src/amplify does). */
    authEvents: fromCallback<EventObject>(() => undefined),
  },
  delays: {
    callTimeout: ({ context }) => context.callTimeoutMs,
  },
  guards: {
    inRequiredGroup: ({ context }) => context.requiredBy.length > 0,
    mfaOn: ({ event }) => hasMfa(outputOf<MfaStatus>(event)),
    noMethodOffered: ({ context }) => offeredMethods(context).length === 0,
    onlyTotp: ({ context }) => offeredMethods(context).join() === 'TOTP',
    onlySms: ({ context }) => offeredMethods(context).join() === 'SMS',
    totpChosen: ({ context, event }) =>
      event.type === 'METHOD.SELECT' && event.method === 'TOTP' && offeredMethods(context).includes('TOTP'),
    smsChosen: ({ context, event }) => event.type === 'METHOD.SELECT' && event.method === 'SMS' && offeredMethods(context).includes('SMS'),
    childSignedOut,
  },
  actions: {
    // The error of what led here (a failed enrollment flow, sign-out) stays shown on the step the status leads to.
    storeStatus: assign({ status: ({ event }) => outputOf<MfaStatus>(event) }),
    storeError: assign({ error: ({ event }) => errorOfEvent(event) }),
    clearError: assign({ error: null }),
    refuseMethod: assign({ error: () => flowError('METHOD_NOT_ALLOWED') }),
    noMethod: assign({
      error: () =>
        flowError('METHOD_NOT_ALLOWED', {
          message: 'Your account must use two-step verification, but this app offers no method to set it up. Contact your administrator.',
        }),
    }),
    timedOut: assign({ error: () => flowError('TIMEOUT') }),
    sessionLost: assign({ error: () => flowError('SIGNED_OUT') }),
    markSatisfied: assign({ outcome: 'satisfied' as const }),
    markSignedOut: assign({ outcome: 'signedOut' as const, status: null }),
  },
}).createMachine({
  id: 'mfaPolicy',
  description: 'Lets a signed-in member of a group that requires MFA through only once an MFA method is on.',
  context: ({ input }) => {
    const requireMfaForGroups = groupsInput(input?.requireMfaForGroups);
    const user = userInput(input?.user);
    return {
      requireMfaForGroups,
      user,
      capabilities: poolCapabilitiesInput('mfaPolicy', input?.capabilities),
      totpIssuer: textInput('mfaPolicy', 'totpIssuer', input?.totpIssuer),
      accountName: textInput('mfaPolicy', 'accountName', input?.accountName ?? user.email ?? user.username),
      resendCooldownMs:
        input?.resendCooldownMs === undefined ? undefined : durationInput('mfaPolicy', 'resendCooldownMs', input.resendCooldownMs, 0),
      callTimeoutMs: durationInput('mfaPolicy', 'callTimeoutMs', input?.callTimeoutMs, DEFAULTS.callTimeoutMs, 1),
      requiredBy: mfaRequiredBy(user.groups, requireMfaForGroups),
      status: null,
      error: null,
      outcome: 'pending',
    };
  },
  output: ({ context }) => ({
    status: context.outcome === 'satisfied' ? 'satisfied' : 'signedOut',
    required: context.requiredBy.length > 0,
  }),
  initial: 'gate',
  // A sign-out or a lost session anywhere on the page ends the gate (and any enrollment running in it).
  invoke: { src: 'authEvents' },
  on: {
    'AUTH.SIGNED_OUT': { target: '.signedOut', actions: 'sessionLost' },
    'AUTH.SESSION_LOST': { target: '.signedOut', actions: 'sessionLost' },
  },
  states: {
    gate: {
      description: 'The user is signed in to Cognito but not yet let into the app: nothing here leads past it but MFA, and signing out.',
      initial: 'evaluating',
      on: { SIGN_OUT: { target: 'signingOut', actions: 'clearError' } },
      states: {
        evaluating: {
          description: "Compares the ID token's groups with the groups that require MFA.",
          always: [{ guard: 'inRequiredGroup', target: 'checking' }, { target: '#mfaPolicy.satisfied' }],
        },
        checking: {
          description: "Reads the user's MFA methods from Cognito; only an enabled method lets the user through.",
          tags: ['busy'],
          invoke: {
            id: 'loadMfaStatus',
            src: 'loadMfaStatus',
            onDone: [
              { guard: 'mfaOn', target: '#mfaPolicy.satisfied', actions: 'storeStatus' },
              { guard: 'noMethodOffered', target: 'blocked', actions: ['storeStatus', 'noMethod'] },
              { guard: 'onlyTotp', target: 'enrollingTotp', actions: 'storeStatus' },
              { guard: 'onlySms', target: 'verifyingPhone', actions: 'storeStatus' },
              { target: 'choosing', actions: 'storeStatus' },
            ],
            onError: { target: 'checkFailed', actions: 'storeError' },
          },
          after: { callTimeout: { target: 'checkFailed', actions: 'timedOut' } },
        },
        checkFailed: {
          description: 'The MFA methods could not be read: the gate stays closed until they are (try again, or sign out).',
          tags: ['error'],
          on: { 'FLOW.RETRY': { target: 'checking', actions: 'clearError' } },
        },
        choosing: {
          description: "Says the user's group requires two-step verification and offers the methods the pool allows.",
          tags: ['input'],
          on: {
            'METHOD.SELECT': [
              { guard: 'totpChosen', target: 'enrollingTotp', actions: 'clearError' },
              { guard: 'smsChosen', target: 'verifyingPhone', actions: 'clearError' },
              { actions: 'refuseMethod' },
            ],
          },
        },
        enrollingTotp: {
          description: 'Runs the TOTP enrollment flow; however it ends, the MFA methods are read again before anything is let through.',
          invoke: {
            id: 'totpEnrollment',
            src: 'totpEnrollment',
            input: ({ context }) => totpEnrollmentInput(context),
            onDone: [{ guard: 'childSignedOut', target: '#mfaPolicy.signedOut', actions: 'sessionLost' }, { target: 'checking' }],
            onError: { target: 'checking', actions: 'storeError' },
          },
        },
        verifyingPhone: {
          description: 'Runs the phone verification flow, which turns SMS MFA on; the MFA methods are then read again.',
          invoke: {
            id: 'phoneVerification',
            src: 'phoneVerification',
            input: ({ context }) => phoneVerificationInput(context, 'PREFERRED'),
            onDone: [{ guard: 'childSignedOut', target: '#mfaPolicy.signedOut', actions: 'sessionLost' }, { target: 'checking' }],
            onError: { target: 'checking', actions: 'storeError' },
          },
        },
        blocked: {
          description: 'MFA is required but the pool offers no method this app can set up: only signing out is left.',
          tags: ['error'],
        },
      },
    },
    signingOut: {
      description: 'Signs out of this device (or every device); if that fails the gate closes again.',
      tags: ['busy'],
      invoke: {
        id: 'signOut',
        src: 'signOut',
        input: ({ event }) => ({ global: event.type === 'SIGN_OUT' && event.global === true }),
        onDone: { target: 'signedOut' },
        onError: { target: 'gate.checking', actions: 'storeError' },
      },
      after: { callTimeout: { target: 'gate.checking', actions: 'timedOut' } },
    },
    satisfied: {
      description: 'The policy does not apply to this user, or an MFA method is on: the app may show the user as signed in.',
      type: 'final',
      entry: 'markSatisfied',
    },
    signedOut: {
      description: 'The user signed out (here or elsewhere on the page) before the policy was met.',
      type: 'final',
      entry: 'markSignedOut',
    },
  },
});

export type MfaPolicyMachine = typeof mfaPolicyMachine;
