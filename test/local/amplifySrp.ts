/**
 * aws-amplify's own SRP client (what `signIn` runs for USER_SRP_AUTH), as the
 * counterpart the local backend's SRP is checked against. @aws-amplify/auth's
 * exports map hides these helpers, so they are loaded from the installed
 * package by file; only the part the tests use is typed.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface AmplifyBigInteger {
  toString(radix: number): string;
}

export interface AmplifyAuthenticationHelper {
  readonly A: AmplifyBigInteger;
  readonly k: AmplifyBigInteger;
  readonly N: AmplifyBigInteger;
  getPasswordAuthenticationKey(input: {
    username: string;
    password: string;
    serverBValue: AmplifyBigInteger;
    salt: AmplifyBigInteger;
  }): Promise<Uint8Array>;
}

export interface AmplifySrpClient {
  getAuthenticationHelper(userPoolName: string): Promise<AmplifyAuthenticationHelper>;
  getNowString(): string;
  getSignatureString(input: {
    userPoolName: string;
    username: string;
    challengeParameters: Record<string, string>;
    dateNow: string;
    hkdf: Uint8Array;
  }): string;
  getPaddedHex(n: AmplifyBigInteger): string;
  bigInteger(hex: string): AmplifyBigInteger;
}

const srpDir = join(
  dirname(createRequire(import.meta.url).resolve('@aws-amplify/auth/package.json')),
  'dist/esm/providers/cognito/utils/srp',
);
const load = (file: string) => import(pathToFileURL(join(srpDir, file)).href) as Promise<Record<string, unknown>>;

export async function loadAmplifySrp(): Promise<AmplifySrpClient> {
  const [index, padded, big] = await Promise.all([load('index.mjs'), load('getPaddedHex.mjs'), load('BigInteger/BigInteger.mjs')]);
  const BigInteger = big.default as new (hex: string, radix: number) => AmplifyBigInteger;
  return {
    getAuthenticationHelper: index.getAuthenticationHelper as AmplifySrpClient['getAuthenticationHelper'],
    getNowString: index.getNowString as AmplifySrpClient['getNowString'],
    getSignatureString: index.getSignatureString as AmplifySrpClient['getSignatureString'],
    getPaddedHex: padded.getPaddedHex as AmplifySrpClient['getPaddedHex'],
    bigInteger: (hex) => new BigInteger(hex, 16),
  };
}

/**
 * The PASSWORD_VERIFIER answer aws-amplify would send (handlePasswordVerifierChallenge),
 * for a password and a TIMESTAMP of the test's choosing.
 */
export async function passwordClaim(
  srp: AmplifySrpClient,
  input: {
    helper: AmplifyAuthenticationHelper;
    userPoolId: string;
    challengeParameters: Record<string, string>;
    password: string;
    timestamp?: string;
  },
): Promise<Record<string, string>> {
  const userPoolName = input.userPoolId.split('_')[1] ?? '';
  const username = input.challengeParameters.USER_ID_FOR_SRP ?? '';
  const hkdf = await input.helper.getPasswordAuthenticationKey({
    username,
    password: input.password,
    serverBValue: srp.bigInteger(input.challengeParameters.SRP_B ?? ''),
    salt: srp.bigInteger(input.challengeParameters.SALT ?? ''),
  });
  const dateNow = input.timestamp ?? srp.getNowString();
  return {
    USERNAME: username,
    PASSWORD_CLAIM_SECRET_BLOCK: input.challengeParameters.SECRET_BLOCK ?? '',
    TIMESTAMP: dateNow,
    PASSWORD_CLAIM_SIGNATURE: srp.getSignatureString({
      userPoolName,
      username,
      challengeParameters: input.challengeParameters,
      dateNow,
      hkdf,
    }),
  };
}

/** One Cognito API call straight to an endpoint: the HTTP status and the JSON body. */
export async function cognitoCall(
  endpoint: string,
  target: string,
  body: object,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
