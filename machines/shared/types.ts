/** Types shared by every machine. */

export type MfaMethod = 'SMS' | 'TOTP' | 'EMAIL';

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
