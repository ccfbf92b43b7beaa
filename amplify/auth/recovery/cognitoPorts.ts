/**
 * The ports for a deployed pool: GetUser (the pool checks the access token
 * itself), AdminGetUser and AdminUpdateUserAttributes (the trigger's role is
 * granted them in ../resource.ts). The SDK is the one the Lambda Node.js runtime
 * ships, loaded by name so the bundle does not carry it and this repository does
 * not install it. Not run here: there is no AWS account (README "Recovery codes").
 */
import type { RecoveryRecord } from './codes.js';
import { RECOVERY_ATTRIBUTE, serializeRecord } from './codes.js';
import type { RecoveryPorts, RecoveryUser } from './triggers.js';

const LOCKOUT_ATTRIBUTE = 'custom:recovery_lockout';
const MAX_FAILURES = 5;
const MAX_LOCK_SECONDS = 15 * 60;

interface Attribute {
  Name?: string;
  Value?: string;
}
interface CognitoSdk {
  CognitoIdentityProviderClient: new (config: { region: string }) => { send(command: unknown): Promise<unknown> };
  AdminGetUserCommand: new (input: { UserPoolId: string; Username: string }) => unknown;
  AdminUpdateUserAttributesCommand: new (input: { UserPoolId: string; Username: string; UserAttributes: Attribute[] }) => unknown;
}

const SDK = '@aws-sdk/client-cognito-identity-provider';
let sdk: Promise<CognitoSdk> | undefined;
const loadSdk = () => {
  sdk ??= import(SDK) as Promise<CognitoSdk>;
  return sdk;
};

async function send(user: RecoveryUser, command: (s: CognitoSdk) => unknown): Promise<unknown> {
  const s = await loadSdk();
  return new s.CognitoIdentityProviderClient({ region: user.region }).send(command(s));
}

function lockoutOf(attributes: Attribute[] | undefined): { count: number; until: number } {
  const [count, until] = (attributes?.find((a) => a.Name === LOCKOUT_ATTRIBUTE)?.Value ?? '0:0').split(':').map(Number);
  return { count: count || 0, until: until || 0 };
}

async function readLockout(user: RecoveryUser) {
  const res = (await send(user, (s) => new s.AdminGetUserCommand({ UserPoolId: user.userPoolId, Username: user.userName }))) as {
    UserAttributes?: Attribute[];
  };
  return lockoutOf(res.UserAttributes);
}

async function writeAttribute(user: RecoveryUser, name: string, value: string): Promise<void> {
  await send(
    user,
    (s) =>
      new s.AdminUpdateUserAttributesCommand({
        UserPoolId: user.userPoolId,
        Username: user.userName,
        UserAttributes: [{ Name: name, Value: value }],
      }),
  );
}

export function cognitoPorts(now: () => number = Date.now): RecoveryPorts {
  return {
    async tokenOwner(user, accessToken) {
      const res = await fetch(`https://cognito-idp.${user.region}.amazonaws.com/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.GetUser' },
        body: JSON.stringify({ AccessToken: accessToken }),
      });
      if (!res.ok) return null;
      return ((await res.json()) as { Username?: string }).Username ?? null;
    },
    async saveRecord(user, record: RecoveryRecord | null) {
      await writeAttribute(user, RECOVERY_ATTRIBUTE, record ? serializeRecord(record) : '');
    },
    async isLocked(user) {
      return now() < (await readLockout(user)).until;
    },
    async recordFailure(user) {
      const count = (await readLockout(user)).count + 1;
      const lockSeconds = count >= MAX_FAILURES ? Math.min(2 ** (count - MAX_FAILURES), MAX_LOCK_SECONDS) : 0;
      await writeAttribute(user, LOCKOUT_ATTRIBUTE, `${count}:${now() + lockSeconds * 1000}`);
    },
    async clearFailures(user) {
      await writeAttribute(user, LOCKOUT_ATTRIBUTE, '0:0');
    },
  };
}
