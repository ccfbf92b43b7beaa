import type { FlowError } from '../shared/errors.js';
import type { CodeDelivery, MfaMethod, TotpSecret } from '../shared/types.js';

export type AuthFlowType = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

/**
 * What `signIn` / `confirmSignIn` answered, as plain data: aws-amplify's
 * `nextStep` with its functions already applied (the TOTP setup URI is built
 * with an explicit account name), so it can live in context and in tests.
 */
export type SignInStep =
  | { readonly signInStep: 'DONE' }
  | { readonly signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' }
  | { readonly signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE'; readonly codeDelivery: CodeDelivery }
  | { readonly signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE'; readonly codeDelivery: CodeDelivery }
  | { readonly signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION'; readonly allowedMethods: readonly MfaMethod[] }
  | { readonly signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION'; readonly allowedMethods: readonly MfaMethod[] }
  | { readonly signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP'; readonly totpSetup: TotpSecret }
  | { readonly signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' }
  | { readonly signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED'; readonly missingAttributes: readonly string[] }
  | { readonly signInStep: 'CONFIRM_SIGN_UP' }
  | { readonly signInStep: 'RESET_PASSWORD' }
  /** Custom challenges, passwordless first-factor steps: not flows this machine runs. */
  | { readonly signInStep: 'UNSUPPORTED'; readonly original: string };

export type SignInStepName = SignInStep['signInStep'];

export interface SignedInUser {
  readonly userId: string;
  readonly username: string;
  readonly email?: string;
}

export interface SignInInput {
  /** SRP for deployed pools (the default); USER_PASSWORD_AUTH for the local backend. */
  readonly authFlowType?: AuthFlowType;
  /** The issuer shown in authenticator apps when TOTP is set up during sign-in. */
  readonly totpIssuer?: string;
  /** How long a challenge lasts; Cognito's default is 3 minutes. */
  readonly challengeTimeoutMs?: number;
  /** Wrong codes allowed before the user is locked out; Cognito allows 5. */
  readonly maxAttempts?: number;
  /** How long a locked-out user waits before the machine offers to sign in again. */
  readonly lockoutMs?: number;
  /** How long before an SMS or email code can be sent again. */
  readonly resendCooldownMs?: number;
  /** A username to start with (e.g. remembered from last time). */
  readonly username?: string;
  /** The clock for `expiresAt` and `retryAt`; a test can pass a simulated one. */
  readonly now?: () => number;
}

export interface SignInContext {
  readonly authFlowType: AuthFlowType;
  readonly totpIssuer: string;
  readonly challengeTimeoutMs: number;
  readonly maxAttempts: number;
  readonly lockoutMs: number;
  readonly resendCooldownMs: number;
  readonly now: () => number;

  /** What the user typed, kept across errors so nothing is lost. */
  username: string;
  /** Secret: kept only until sign-in succeeds, is cancelled, expires or locks. */
  password: string;
  /** Secret: the code being typed; cleared when its challenge ends. */
  code: string;

  step: SignInStep | null;
  error: FlowError | null;
  attemptsLeft: number;
  /** When the current challenge session expires (ms since epoch). */
  expiresAt: number | null;
  /** When a locked-out user may try again (ms since epoch). */
  retryAt: number | null;
  canResend: boolean;
  codeDelivery: CodeDelivery | null;
  allowedMethods: readonly MfaMethod[];
  missingAttributes: readonly string[];
  /** Secret: the TOTP setup during sign-in; cleared when that state ends. */
  totpSetup: (TotpSecret & { qrDataUrl: string | null }) | null;
  user: SignedInUser | null;
}

export type SignInEvent =
  | { type: 'CREDENTIALS.SUBMIT'; username: string; password: string }
  | { type: 'CODE.SUBMIT'; code: string }
  | { type: 'CODE.RESEND' }
  | { type: 'METHOD.SELECT'; method: MfaMethod }
  | { type: 'EMAIL.SUBMIT'; email: string }
  | { type: 'NEW_PASSWORD.SUBMIT'; password: string; attributes?: Readonly<Record<string, string>> }
  | { type: 'RESET.SUBMIT'; code: string; password: string }
  | { type: 'FLOW.CANCEL' }
  | { type: 'FLOW.RESTART' }
  | { type: 'SIGN_OUT'; global?: boolean };

export type SignInEventType = SignInEvent['type'];

/** Inputs of the invoked actors; their implementations live outside `machines/`. */
export interface SignInActorInput {
  readonly username: string;
  readonly password: string;
  readonly authFlowType: AuthFlowType;
  readonly totpIssuer: string;
}

export interface ConfirmSignInActorInput {
  readonly challengeResponse: string;
  /** Attributes Cognito asked for with a new password. */
  readonly userAttributes?: Readonly<Record<string, string>>;
  /** For building the TOTP setup URI when the answer leads to TOTP setup. */
  readonly username: string;
  readonly totpIssuer: string;
}

export interface ConfirmSignUpActorInput {
  readonly username: string;
  readonly code: string;
}

export interface ConfirmResetPasswordActorInput {
  readonly username: string;
  readonly code: string;
  readonly newPassword: string;
}
