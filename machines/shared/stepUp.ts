/**
 * Step-up before a sensitive change, shared by the flows that make one (the MFA settings, the passkeys): how old the last
 * sign-in may be, whether it is recent, and whether the re-authentication (the sign-in flow run again as a child) ended
 * signed in as the same user just now. The states that use these are each flow's own.
 */
import { FlowInputError, clockInput, durationInput } from './input.js';

/** Who is signed in and when they last proved it (read from the ID token: `sub`, `auth_time`, and the identifier they signed in with). */
export interface SignInTime {
  readonly userId: string;
  /** The ID token's `auth_time`, ms since epoch; absent when it cannot be read (a change then needs a new sign-in). */
  readonly authTime?: number;
  /** What the user signs in with (their email, phone or username): the re-authentication flow asks for this account only. */
  readonly loginId?: string;
}

/** The step-up's part of a flow's input. */
export interface StepUpInput {
  /**
   * How old the last sign-in (the ID token's `auth_time`) may be for a sensitive change; 5 minutes by default, at least
   * 1 minute (`auth_time` has whole seconds, and a sign-in just made must count). Older, the user signs in again first.
   */
  readonly maxAuthAgeMs?: number;
  /** The clock the sign-in age is measured with; a test can pass a simulated one. */
  readonly now?: () => number;
  /** The rest of the re-authentication flow's input (e.g. `{ authFlowType }`); its username is always the signed-in user's. */
  readonly reauthentication?: Readonly<Record<string, unknown>>;
}

/** The step-up's part of a flow's context. */
export interface StepUpContext {
  readonly maxAuthAgeMs: number;
  readonly now: () => number;
  readonly reauthentication: Readonly<Record<string, unknown>>;
  /** The signed-in user and their last sign-in, read when a sensitive change is asked for. */
  signIn: SignInTime | null;
}

/** How old a sign-in may be for a sensitive change, unless the input says otherwise: 5 minutes. */
const MAX_AUTH_AGE_MS = 5 * 60 * 1000;

/** The step-up's context from a flow's input, checked (a bad value is a FlowInputError naming the flow). */
export function stepUpContext(flow: string, input: StepUpInput | undefined): StepUpContext {
  const reauthentication = input?.reauthentication;
  if (
    reauthentication !== undefined &&
    (typeof reauthentication !== 'object' || reauthentication === null || Array.isArray(reauthentication))
  )
    throw new FlowInputError(`${flow}: input.reauthentication must be an object (the sign-in flow's input)`);
  return {
    maxAuthAgeMs: durationInput(flow, 'maxAuthAgeMs', input?.maxAuthAgeMs, MAX_AUTH_AGE_MS, 60_000),
    now: clockInput(flow, input?.now),
    reauthentication: reauthentication ?? {},
    signIn: null,
  };
}

/** A sign-in no older than `maxAuthAgeMs` by the flow's clock; an unknown time is never recent. */
const recent = (context: StepUpContext, authTime: unknown) =>
  typeof authTime === 'number' && context.now() - authTime <= context.maxAuthAgeMs;

/** What the re-authentication flow shows now: its state and, once signed in, who (a sign-in machine's `value` and `context.user`). */
const reauthSnapshot = (event: unknown) => (event as { snapshot: { value?: unknown; context?: { user?: SignInTime | null } } }).snapshot;

interface GuardArgs {
  readonly context: StepUpContext;
  readonly event: unknown;
}

export const stepUpGuards = {
  /** The sign-in just read (readSignIn's output) is recent enough. */
  signInRecent: ({ context, event }: GuardArgs) => recent(context, (event as { output?: SignInTime }).output?.authTime),
  /** The user signed in again: the same user, just now. */
  reauthenticated: ({ context, event }: GuardArgs) => {
    const { value, context: child } = reauthSnapshot(event);
    return value === 'signedIn' && child?.user?.userId === context.signIn?.userId && recent(context, child?.user?.authTime);
  },
  /**
   * Signed in, but not as this user or not just now (a session found instead of a new sign-in), or a session of
   * someone else's found: refused (the flow is never left offering to sign anyone out).
   */
  reauthenticatedWrongly: ({ event }: GuardArgs) => {
    const { value } = reauthSnapshot(event);
    return value === 'signedIn' || (typeof value === 'object' && value !== null && 'otherUserSignedIn' in value);
  },
};

/** readSignIn's output, for the flow's `storeSignIn` action. */
export const signInOf = (event: unknown) => (event as { output: SignInTime }).output;
