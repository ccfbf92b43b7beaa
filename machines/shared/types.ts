/** Types shared by every machine. */

export type MfaMethod = 'SMS' | 'TOTP' | 'EMAIL';

/** The pool's MFA configuration (amplify_outputs.json `mfa_configuration`, NONE read as OFF). */
export type MfaMode = 'OFF' | 'OPTIONAL' | 'REQUIRED';

/** What the user pool allows (from amplify_outputs.json: mfa_configuration, mfa_methods). */
export interface PoolCapabilities {
  readonly mfaMode: MfaMode;
  readonly mfaMethods: readonly MfaMethod[];
}

/** Where a code was sent, as Cognito reports it (the destination comes masked). */
export interface CodeDelivery {
  readonly deliveryMedium?: 'SMS' | 'EMAIL' | 'PHONE' | 'UNKNOWN';
  readonly destination?: string;
  readonly attributeName?: string;
}

/** An authenticator-app secret with its otpauth:// URI, ready to show as a QR code. */
export interface TotpSecret {
  readonly sharedSecret: string;
  readonly setupUri: string;
}

/** The shared secret in groups of four, for typing it into an app by hand. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

/** An authenticator-app setup as every view shows it: the QR code (PNG data URL, once drawn), the secret, and the URI. */
export interface TotpSetupView {
  readonly qrDataUrl: string | null;
  readonly secret: string;
  /** The secret in groups of four, for typing it in by hand. */
  readonly secretGroups: string;
  readonly uri: string;
}

export function totpSetupView(setup: TotpSecret & { readonly qrDataUrl: string | null }): TotpSetupView {
  return { qrDataUrl: setup.qrDataUrl, secret: setup.sharedSecret, secretGroups: groupSecret(setup.sharedSecret), uri: setup.setupUri };
}

/**
 * The ids of every state a state value is in, compound ones included
 * (`signIn.challenge`, `signIn.challenge.totpCode`, …), for diagrams and
 * debugging: a UI renders from the view model, not from these.
 */
export function activeStateIds(machineId: string, value: unknown, prefix: readonly string[] = []): string[] {
  if (typeof value === 'string') return [[machineId, ...prefix, value].join('.')];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => [
    [machineId, ...prefix, key].join('.'),
    ...activeStateIds(machineId, child, [...prefix, key]),
  ]);
}

/**
 * What happened to the session elsewhere on the page, from Amplify's Hub
 * `auth` channel (the `authEvents` actor every machine invokes; a no-op until
 * provided): a sign-in, a sign-out, or a session whose tokens cannot be refreshed.
 */
export type AuthHubEvent = { type: 'AUTH.SIGNED_IN' } | { type: 'AUTH.SIGNED_OUT' } | { type: 'AUTH.SESSION_LOST' };
