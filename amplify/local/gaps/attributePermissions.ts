/**
 * An app client's attribute permissions (ReadAttributes / WriteAttributes),
 * which cognito-local stores but never applies. Cognito leaves an unreadable
 * attribute out of GetUser and the ID token, and refuses to write one the
 * client may not write. Recovery codes rely on it: their hashes sit in custom
 * attributes only the custom-auth triggers may touch. An absent list means
 * every attribute, as in Cognito. Loaded through ../gaps.ts, the one entry.
 */
import { createRequire } from 'node:module';
import { NotAuthorizedError } from 'cognito-local/lib/errors.js';
import type { AppClient } from 'cognito-local/lib/services/appClient.js';

const cognitoRequire = createRequire(createRequire(import.meta.url).resolve('cognito-local/package.json'));
const jwt = cognitoRequire('jsonwebtoken') as {
  decode(token: string): Record<string, unknown> | null;
  sign(payload: object, key: string, options: { algorithm: 'RS256'; keyid: string }): string;
};
const { pem } = cognitoRequire('./lib/keys/cognitoLocal.private.json') as { pem: string };

type Permissions = Pick<AppClient, 'ReadAttributes' | 'WriteAttributes'>;

/** Cognito's message when a client writes an attribute it has no permission for. */
const UNAUTHORIZED_WRITE = 'A client attempted to write unauthorized attribute';

export function canRead(client: Permissions | null | undefined, name: string): boolean {
  return !client?.ReadAttributes || client.ReadAttributes.includes(name);
}

export function assertCanWrite(client: Permissions | null | undefined, names: readonly string[]): void {
  if (client?.WriteAttributes && names.some((n) => !client.WriteAttributes?.includes(n))) {
    throw new NotAuthorizedError(UNAUTHORIZED_WRITE);
  }
}

/** The ID token without custom attributes the client may not read (cognito-local puts every custom attribute in it). */
export function readableIdToken(idToken: string, client: Permissions | null | undefined): string {
  const claims = jwt.decode(idToken);
  if (!claims) return idToken;
  const hidden = Object.keys(claims).filter((k) => k.startsWith('custom:') && !canRead(client, k));
  if (hidden.length === 0) return idToken;
  const kept = Object.fromEntries(Object.entries(claims).filter(([k]) => !hidden.includes(k)));
  return jwt.sign(kept, pem, { algorithm: 'RS256', keyid: 'CognitoLocal' });
}
