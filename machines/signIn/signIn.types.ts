import type { FlowError } from '../shared/errors.js';
import type { CodeDelivery, MfaMethod, TotpSecret } from '../shared/types.js';

export type AuthFlowType = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH';

/**
 * A first factor Cognito's `USER_AUTH` flow can offer (`availableChallenges`) and the answer that picks it.
 * The sign-in machine of `amplify-mfa-flow/machines` runs none of them; `amplify-mfa-flow/passwordless` does.
 */
export type FirstFactor = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

/**
 * The flows that start with the identifier and password: the two above, or `CUSTOM_WITH_SRP` (the password by SRP,
 * then the pool's custom-auth triggers ask their challenges), which only `amplify-mfa-flow/passwordless` runs.
 */
export type PasswordFlowType = AuthFlowType | 'CUSTOM_WITH_SRP';

/** The flows that start from the identifier alone: `USER_AUTH` (passwordless, passkeys) or a custom challenge without SRP. */
export type IdentifierFlowType = 'USER_AUTH' | 'CUSTOM_WITHOUT_SRP';

/** What a user types to sign in, as the pool allows (amplify_outputs.json `auth.username_attributes`). */
export type LoginIdentifier = 'email' | 'phone' | 'username';

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
  /** USER_AUTH: the first factors Cognito offers this user (only those). */
  | { readonly signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION'; readonly availableChallenges: readonly FirstFactor[] }
  /** USER_AUTH: the password, asked for as a step of its own once the password factor was picked. */
  | { readonly signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' }
  /** A custom challenge (a Lambda-defined auth challenge) with its public challenge parameters (`additionalInfo`). */
  | { readonly signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE'; readonly parameters: Readonly<Record<string, string>> }
  /**
   * A step this version does not know. The three steps above are run by `amplify-mfa-flow/passwordless`; the
   * sign-in machine of `amplify-mfa-flow/machines` sends them, like this one, to the credentials with UNSUPPORTED_STEP.
   */
  | { readonly signInStep: 'UNSUPPORTED'; readonly original: string };

export type SignInStepName = SignInStep['signInStep'];

export interface SignedInUser {
  readonly userId: string;
  readonly username: string;
  readonly email?: string;
  readonly phoneNumber?: string;
  /** When the user last proved who they are (the ID token's `auth_time`, ms since epoch). */
  readonly authTime?: number;
  /** The ID token's `cognito:groups`. */
  readonly groups?: readonly string[];
}

export interface SignInInput {
  /** USER_SRP_AUTH (the default, and the only password flow a Gen 2 app client allows); USER_PASSWORD_AUTH for migrations. */
  readonly authFlowType?: AuthFlowType;
  /** The issuer shown in authenticator apps when TOTP is set up during sign-in. */
  readonly totpIssuer?: string;
  /** How long a challenge lasts; Cognito's default is 3 minutes. */
  readonly challengeTimeoutMs?: number;
  /** Wrong codes allowed before the user is locked out; Cognito allows 5. */
  readonly maxAttempts?: number;
  /** How long before an SMS or email code can be sent again. */
  readonly resendCooldownMs?: number;
  /** How long any one call may take before it ends in a retryable TIMEOUT error; 30 s by default. */
  readonly callTimeoutMs?: number;
  /** What users sign in with: email (the Gen 2 default), phone number (E.164), a username, or a mix. */
  readonly loginWith?: readonly LoginIdentifier[];
  /** A username to start with (e.g. remembered from last time). */
  readonly username?: string;
  /** The clock for `expiresAt`; a test can pass a simulated one. */
  readonly now?: () => number;
}

/** What a sign-in flow was started with (its input, checked, with the defaults filled in); it never changes. */
export interface SignInConfig {
  readonly authFlowType: AuthFlowType;
  readonly totpIssuer: string;
  readonly challengeTimeoutMs: number;
  readonly maxAttempts: number;
  readonly resendCooldownMs: number;
  readonly callTimeoutMs: number;
  readonly loginWith: readonly LoginIdentifier[];
  readonly now: () => number;
  /** Names this flow to the actors, so two flows on one page cannot answer each other's challenge. */
  readonly flowId: string;
}

export interface SignInContext {
  /**
   * The settings, in one object: XState copies the context on every `assign`, and V8 copies an object of more
   * than about 20 keys into a slow dictionary, so the settings that never change do not sit beside the rest.
   */
  readonly config: SignInConfig;

  /** What the user typed, kept across errors so nothing is lost. */
  username: string;
  /**
   * Secret: kept only while signing in may need it again (an SMS or email code
   * is resent by signing in again; a confirmed sign-up or a new password signs
   * in); dropped on success, failure, cancel, expiry, lockout and on any
   * challenge that cannot resend.
   */
  password: string;
  /** Secret: the code being typed; cleared when its challenge ends. */
  code: string;
  /** The address typed on the email setup step, kept across errors. */
  email: string;

  /** The step Cognito asked for last, without its secrets (the TOTP setup lives in `totpSetup`). */
  step: SignInStepName | null;
  error: FlowError | null;
  /** Wrong codes left in this sign-in session (Cognito counts per session; a new sign-in starts again). */
  attemptsLeft: number;
  /** When the current challenge session expires (ms since epoch). */
  expiresAt: number | null;
  canResend: boolean;
  /** The method picked on the selection step, so a resend can pick it again by itself. */
  chosenMethod: MfaMethod | null;
  /** Whether the password reset was asked for by the user (it then signs in with the new password). */
  resetRequested: boolean;
  codeDelivery: CodeDelivery | null;
  allowedMethods: readonly MfaMethod[];
  missingAttributes: readonly string[];
  /** The name of a step this machine does not run, for the error it shows. */
  unsupportedStep: string | null;
  /** Secret: the TOTP setup during sign-in; cleared when that state ends. */
  totpSetup: (TotpSecret & { qrDataUrl: string | null }) | null;
  /** The last code answered in this sign-in came with "Remember this device" ticked. Not a secret: the device's keys stay in aws-amplify's token store. */
  rememberDevice: boolean;
  user: SignedInUser | null;
}

export type SignInEvent =
  | { type: 'CREDENTIALS.SUBMIT'; username: string; password: string }
  | { type: 'PASSWORD.FORGOT'; username?: string }
  | { type: 'USERNAME.SUBMIT'; username: string }
  /** `rememberDevice`: on an MFA code step, the user ticked "Remember this device" (README "Remembered devices"). */
  | { type: 'CODE.SUBMIT'; code: string; rememberDevice?: boolean }
  | { type: 'CODE.RESEND' }
  | { type: 'METHOD.SELECT'; method: MfaMethod }
  | { type: 'EMAIL.SUBMIT'; email: string }
  | { type: 'NEW_PASSWORD.SUBMIT'; password: string; attributes?: Readonly<Record<string, string>> }
  | { type: 'RESET.SUBMIT'; code: string; password: string }
  | { type: 'FLOW.CANCEL' }
  | { type: 'FLOW.RESTART' }
  | { type: 'SIGN_OUT'; global?: boolean }
  /** From Amplify's Hub `auth` channel (the `authEvents` actor): what happened elsewhere on the page. */
  | { type: 'AUTH.SIGNED_IN' }
  | { type: 'AUTH.SIGNED_OUT' }
  | { type: 'AUTH.SESSION_LOST' };

export type SignInEventType = SignInEvent['type'];

/** Inputs of the invoked actors; their implementations live outside `machines/`. */
export interface SignInActorInput {
  readonly flowId: string;
  readonly username: string;
  /** Empty when the flow starts from the identifier alone (`USER_AUTH`, `CUSTOM_WITHOUT_SRP`) without a password factor. */
  readonly password: string;
  readonly authFlowType: PasswordFlowType | IdentifierFlowType;
  readonly totpIssuer: string;
  /** USER_AUTH only: the first factor to go straight to (no selection step); a password factor sends `password` with it. */
  readonly preferredChallenge?: FirstFactor;
}

export interface ConfirmSignInActorInput {
  readonly flowId: string;
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
