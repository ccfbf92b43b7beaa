/**
 * Cognito's ID token carries the user's standard attributes (phone_number,
 * phone_number_verified, name, …); cognito-local's carries only email. This
 * adds the missing ones and signs the token again with cognito-local's own
 * key, so a client that reads the phone from the ID token sees what Cognito
 * would give it.
 */
import { createRequire } from 'node:module';
import type { User } from 'cognito-local/lib/services/userPoolService.js';

const cognitoRequire = createRequire(createRequire(import.meta.url).resolve('cognito-local/package.json'));
// cognito-local signs with jsonwebtoken and this key pair; reuse both rather than pin second copies.
const jwt = cognitoRequire('jsonwebtoken') as {
  decode(token: string): Record<string, unknown> | null;
  sign(payload: object, key: string, options: { algorithm: 'RS256'; keyid: string }): string;
};
const { pem } = cognitoRequire('./lib/keys/cognitoLocal.private.json') as { pem: string };

/** The standard attributes Cognito puts in an ID token (besides email, which cognito-local has). */
const STANDARD = ['phone_number', 'name', 'given_name', 'family_name', 'preferred_username', 'locale', 'zoneinfo'] as const;

export function withStandardClaims(idToken: string, user: User): string {
  const claims = jwt.decode(idToken);
  if (!claims) return idToken;
  const extra: Record<string, unknown> = {};
  for (const name of STANDARD) {
    const value = user.Attributes.find((a) => a.Name === name)?.Value;
    if (value !== undefined) extra[name] = value;
  }
  if (extra.phone_number !== undefined) {
    extra.phone_number_verified = user.Attributes.find((a) => a.Name === 'phone_number_verified')?.Value === 'true';
  }
  if (Object.keys(extra).length === 0) return idToken;
  // iat, exp, aud and iss are already in the payload; sign it again as it is, with the extra claims.
  return jwt.sign({ ...claims, ...extra }, pem, { algorithm: 'RS256', keyid: 'CognitoLocal' });
}

/** A token's `auth_time`, if it has one (seconds since epoch). */
export function authTimeOf(token: string): number | undefined {
  const value = jwt.decode(token)?.auth_time;
  return typeof value === 'number' ? value : undefined;
}

/**
 * The token with `auth_time` set to when the user authenticated. cognito-local
 * stamps every token it issues with the time of issue, refreshes included;
 * Cognito keeps the time of the sign-in the refresh token came from, so a
 * refreshed session does not look freshly signed in.
 */
export function withAuthTime(token: string, authTime: number): string {
  const claims = jwt.decode(token);
  if (!claims || claims.auth_time === authTime) return token;
  return jwt.sign({ ...claims, auth_time: authTime }, pem, { algorithm: 'RS256', keyid: 'CognitoLocal' });
}
