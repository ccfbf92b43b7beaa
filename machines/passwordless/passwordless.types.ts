import type {
  ConfirmSignInActorInput,
  FirstFactor,
  IdentifierFlowType,
  PasswordFlowType,
  SignInConfig,
  SignInContext,
  SignInEvent,
  SignInInput,
} from '../signIn/signIn.types.js';

/** The first factors a user may ask for up front, before Cognito offers any: the ones that need nothing typed first. */
export type PreferredFirstFactor = 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';

export interface PasswordlessSignInInput extends Omit<SignInInput, 'authFlowType'> {
  /**
   * How a sign-in with the password starts: `USER_SRP_AUTH` (the default), `USER_PASSWORD_AUTH`, or `CUSTOM_WITH_SRP`
   * when the pool's own custom-auth triggers (define/create/verify auth challenge) follow the password with
   * challenges of their own: the `customChallenge` step shows each one's public parameters and sends the answer.
   */
  readonly authFlowType?: PasswordFlowType;
  /** How a sign-in from the identifier alone starts: `USER_AUTH` (the default) or a custom challenge without SRP. */
  readonly identifierFlow?: IdentifierFlowType;
  /** How long the passkey dialog may stay open before the flow gives up with PASSKEY_TIMEOUT; 2 minutes by default. */
  readonly passkeyTimeoutMs?: number;
}

export interface PasswordlessSignInConfig extends Omit<SignInConfig, 'authFlowType'> {
  readonly authFlowType: PasswordFlowType;
  readonly identifierFlow: IdentifierFlowType;
  readonly passkeyTimeoutMs: number;
}

export interface PasswordlessSignInContext extends Omit<SignInContext, 'config'> {
  readonly config: PasswordlessSignInConfig;
  /** This sign-in started from the identifier alone (`IDENTIFIER.SUBMIT`); a password sign-in (`CREDENTIALS.SUBMIT`) did not. */
  userAuth: boolean;
  /** The first factors Cognito offered on the selection step: the only ones a view shows. */
  factors: readonly FirstFactor[];
  /** The first factor asked for up front or picked; a new code is asked for with it (null: none yet). */
  factor: FirstFactor | null;
  /** A custom challenge's public parameters, as Cognito sent them. */
  customParameters: Readonly<Record<string, string>>;
  /** Secret: the answer to a custom challenge while it is sent; cleared when it has been. */
  answer: string;
}

export type PasswordlessSignInEvent =
  | SignInEvent
  /** Start from the identifier alone; with a first factor to go straight to it. */
  | { type: 'IDENTIFIER.SUBMIT'; username: string; preferredChallenge?: PreferredFirstFactor }
  | { type: 'FACTOR.SELECT'; factor: FirstFactor }
  /** Back to another way to sign in: a new sign-in from the identifier, which offers the first factors again. */
  | { type: 'FACTOR.CHANGE' }
  | { type: 'PASSWORD.SUBMIT'; password: string }
  | { type: 'PASSKEY.RETRY' }
  | { type: 'ANSWER.SUBMIT'; answer: string };

export type PasswordlessSignInEventType = PasswordlessSignInEvent['type'];

/**
 * The passkey ceremony's actor: gets the challenge's options from the backend, asks the browser
 * (`navigator.credentials.get`), sends the signed answer, and resolves with the step that follows (DONE, usually).
 * With aws-amplify the whole ceremony happens inside `confirmSignIn('WEB_AUTHN')` (or `signIn` with
 * `preferredChallenge: 'WEB_AUTHN'`), which `amplifyPasswordlessSignInActors.passkeySignIn` calls.
 */
export interface PasskeySignInActorInput extends Omit<ConfirmSignInActorInput, 'challengeResponse' | 'userAttributes'> {
  /**
   * True when Cognito's selection step is open (the user picked the passkey there): answer it with WEB_AUTHN.
   * False: start a new sign-in that prefers WEB_AUTHN (a passkey asked for up front, or tried again).
   */
  readonly selected: boolean;
}
