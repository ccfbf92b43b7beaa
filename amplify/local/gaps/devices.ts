/**
 * Remembered devices for the gap layer (cognito-local has none), written from
 * Cognito's "Working with user devices in your user pool" and its API reference
 * (DeviceConfigurationType, ConfirmDevice, UpdateDeviceStatus, ListDevices,
 * ForgetDevice, RespondToAuthChallenge's DEVICE_SRP_AUTH and
 * DEVICE_PASSWORD_VERIFIER). aws-amplify's client (handleDeviceSRPAuth,
 * getNewDeviceMetadata) is the other side.
 *
 * - A sign-in that ends with tokens and named no device of this user gets
 *   NewDeviceMetadata (a device key `<region>_<uuid>` and a device group key).
 * - ConfirmDevice stores the device's SRP verifier and salt (never a secret:
 *   the device's password stays in the client's token store); with
 *   DeviceOnlyRememberedOnUserPrompt the device stays not_remembered until
 *   UpdateDeviceStatus says remembered.
 * - With ChallengeRequiredOnNewDevice, a correct password from a remembered
 *   device that would otherwise be asked for an MFA code is asked for the
 *   device's SRP proof instead (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER),
 *   checked for real with ../srp.ts. MFA set-up (MFA_SETUP) is never skipped.
 * - A device key that is unknown, forgotten, unconfirmed or another user's is
 *   ResourceNotFoundException "Device does not exist." (aws-amplify then
 *   drops its stored keys and signs in again without one, so the user is asked
 *   for a code); a wrong device proof is NotAuthorizedException and a failure
 *   towards the lockout, like a wrong password.
 *
 * Devices live in memory for the life of the backend, like its sessions.
 * Loaded through ../gaps.ts, the one entry, which refuses other cognito-local versions.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CognitoError, InvalidParameterError, NotAuthorizedError } from 'cognito-local/lib/errors.js';
import type { UserPool } from 'cognito-local/lib/services/userPoolService.js';
import {
  N,
  claimMatches,
  claimSignature,
  isAcceptableClientPublic,
  padHex,
  parseClaimTimestamp,
  serverEphemeral,
  sessionKey,
} from '../srp.js';

const DEVICE_NOT_FOUND = 'Device does not exist.';
const INCORRECT = 'Incorrect username or password.';
/** As for a password claim (./passwordVerifier.ts): Cognito does not document its own skew. */
const MAX_TIMESTAMP_SKEW_MS = 5 * 60 * 1000;
/** ListDevices' largest page (Cognito's API reference). */
const MAX_LIST = 60;

type DeviceStatus = 'remembered' | 'not_remembered';

interface Device {
  readonly key: string;
  readonly groupKey: string;
  readonly poolId: string;
  readonly username: string;
  /** Null until ConfirmDevice: an issued key that was never confirmed cannot sign in. */
  readonly verifier: bigint | null;
  readonly salt: bigint | null;
  readonly name: string | undefined;
  readonly status: DeviceStatus;
  readonly createdAt: number;
  readonly modifiedAt: number;
  readonly authenticatedAt: number;
}

/** One device proof under way: the server's half of the exchange, in memory for one answer. */
export interface DeviceClaim {
  readonly deviceKey: string;
  readonly A: bigint;
  readonly B: bigint;
  readonly b: bigint;
  readonly secretBlock: string;
}

interface Clock {
  now(): number;
}

const deviceNotFound = () => new CognitoError('ResourceNotFoundException', DEVICE_NOT_FOUND);

function parseHex(text: string | undefined): bigint | null {
  return text && /^[0-9a-fA-F]{1,2048}$/.test(text) ? BigInt(`0x${text}`) : null;
}

function fromBase64(text: unknown): bigint | null {
  if (typeof text !== 'string' || text.length > 2048 || !/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === 0 ? null : BigInt(`0x${bytes.toString('hex')}`);
}

const seconds = (ms: number) => Math.floor(ms / 1000);

export interface DeviceTracking {
  /** The pool tracks devices (it has a DeviceConfiguration). */
  tracks(pool: UserPool): boolean;
  /** A confirmed device of this user by key, or ResourceNotFoundException. */
  known(poolId: string, username: string, deviceKey: string): Device;
  /** Whether a correct password from this device skips the MFA code for its proof. */
  replacesMfa(pool: UserPool, device: Device): boolean;
  /** NewDeviceMetadata for tokens issued to a sign-in that named no device of its user. */
  issue(pool: UserPool, username: string): { DeviceKey: string; DeviceGroupKey: string };
  /** DEVICE_SRP_AUTH answered: the server's half, for DEVICE_PASSWORD_VERIFIER. */
  startProof(device: Device, srpA: string | undefined): { claim: DeviceClaim; parameters: Record<string, string> };
  /** DEVICE_PASSWORD_VERIFIER answered: true when the device proved its password. */
  checkProof(device: Device, claim: DeviceClaim, answer: Record<string, string>): boolean;
  /** The device signed in. */
  authenticated(device: Device): void;
  confirm(
    pool: UserPool,
    username: string,
    deviceKey: string | undefined,
    config: unknown,
    name: string | undefined,
  ): { UserConfirmationNecessary: boolean };
  setStatus(poolId: string, username: string, deviceKey: string | undefined, status: unknown): void;
  list(poolId: string, username: string, limit: unknown): Record<string, unknown>[];
  forget(poolId: string, username: string, deviceKey: string | undefined): void;
  reset(): void;
}

export function deviceTracking(deps: { clock: Clock; wallClock: Clock }): DeviceTracking {
  const devices = new Map<string, Device>();

  const own = (poolId: string, username: string, deviceKey: string | undefined, confirmed = true): Device => {
    const device = deviceKey ? devices.get(deviceKey) : undefined;
    if (!device || device.poolId !== poolId || device.username !== username || (confirmed && device.verifier === null)) {
      throw deviceNotFound();
    }
    return device;
  };
  const update = (device: Device, change: Partial<Device>) => {
    devices.set(device.key, { ...device, ...change });
  };

  return {
    tracks: (pool) => Boolean(pool.DeviceConfiguration),

    known: (poolId, username, deviceKey) => own(poolId, username, deviceKey),

    replacesMfa: (pool, device) =>
      pool.DeviceConfiguration?.ChallengeRequiredOnNewDevice === true && device.status === 'remembered' && device.verifier !== null,

    issue(pool, username) {
      const region = pool.Id.split('_')[0] ?? 'local';
      const now = deps.clock.now();
      const device: Device = {
        key: `${region}_${randomUUID()}`,
        groupKey: `-${randomBytes(6).toString('base64url')}`,
        poolId: pool.Id,
        username,
        verifier: null,
        salt: null,
        name: undefined,
        status: 'not_remembered',
        createdAt: now,
        modifiedAt: now,
        authenticatedAt: now,
      };
      devices.set(device.key, device);
      return { DeviceKey: device.key, DeviceGroupKey: device.groupKey };
    },

    startProof(device, srpA) {
      const A = parseHex(srpA);
      if (A === null) throw new InvalidParameterError('Missing or malformed parameter SRP_A');
      if (!isAcceptableClientPublic(A)) throw new InvalidParameterError('SRP_A mod N cannot be 0');
      if (device.verifier === null || device.salt === null) throw deviceNotFound();
      const { b, B } = serverEphemeral(device.verifier);
      const secretBlock = randomBytes(48).toString('base64');
      return {
        claim: { deviceKey: device.key, A, B, b, secretBlock },
        parameters: {
          SRP_B: B.toString(16),
          SALT: padHex(device.salt),
          SECRET_BLOCK: secretBlock,
          USERNAME: device.username,
          DEVICE_KEY: device.key,
        },
      };
    },

    checkProof(device, claim, answer) {
      if (device.verifier === null || answer.DEVICE_KEY !== claim.deviceKey) return false;
      if (answer.PASSWORD_CLAIM_SECRET_BLOCK !== claim.secretBlock) return false;
      const signedAt = parseClaimTimestamp(answer.TIMESTAMP);
      if (signedAt === null) throw new InvalidParameterError('TIMESTAMP must look like "Tue Nov 3 09:05:07 UTC 2026"');
      if (Math.abs(deps.wallClock.now() - signedAt) > MAX_TIMESTAMP_SKEW_MS) return false;
      const expected = claimSignature({
        key: sessionKey({ A: claim.A, B: claim.B, b: claim.b, verifier: device.verifier }),
        realm: device.groupKey,
        identity: device.key,
        secretBlock: Buffer.from(claim.secretBlock, 'base64'),
        timestamp: answer.TIMESTAMP ?? '',
      });
      return claimMatches(expected, answer.PASSWORD_CLAIM_SIGNATURE);
    },

    authenticated(device) {
      update(device, { authenticatedAt: deps.clock.now() });
    },

    confirm(pool, username, deviceKey, config, name) {
      // Only a key issued to this user and not yet confirmed: a confirmed device's verifier is never replaced.
      const device = own(pool.Id, username, deviceKey, false);
      if (device.verifier !== null) throw deviceNotFound();
      const { PasswordVerifier, Salt } = (config ?? {}) as { PasswordVerifier?: unknown; Salt?: unknown };
      const verifier = fromBase64(PasswordVerifier);
      const salt = fromBase64(Salt);
      if (verifier === null || salt === null || verifier <= 1n || verifier >= N) {
        throw new InvalidParameterError('DeviceSecretVerifierConfig needs a PasswordVerifier and a Salt');
      }
      if (name !== undefined && (typeof name !== 'string' || name.length > 1024)) {
        throw new InvalidParameterError('DeviceName must be at most 1024 characters');
      }
      const onPrompt = pool.DeviceConfiguration?.DeviceOnlyRememberedOnUserPrompt === true;
      update(device, {
        verifier,
        salt,
        name,
        status: onPrompt ? 'not_remembered' : 'remembered',
        modifiedAt: deps.clock.now(),
      });
      return { UserConfirmationNecessary: onPrompt };
    },

    setStatus(poolId, username, deviceKey, status) {
      if (status !== 'remembered' && status !== 'not_remembered') {
        throw new InvalidParameterError('DeviceRememberedStatus must be remembered or not_remembered');
      }
      update(own(poolId, username, deviceKey), { status, modifiedAt: deps.clock.now() });
    },

    list(poolId, username, limit) {
      const n = limit === undefined ? MAX_LIST : Number(limit);
      if (!Number.isInteger(n) || n < 0 || n > MAX_LIST) throw new InvalidParameterError(`Limit must be 0 to ${MAX_LIST}`);
      return [...devices.values()]
        .filter((d) => d.poolId === poolId && d.username === username && d.verifier !== null)
        .slice(0, n)
        .map((d) => ({
          DeviceKey: d.key,
          DeviceAttributes: [
            { Name: 'device_status', Value: 'valid' },
            ...(d.name ? [{ Name: 'device_name', Value: d.name }] : []),
            { Name: 'dev:device_remembered_status', Value: d.status },
          ],
          DeviceCreateDate: seconds(d.createdAt),
          DeviceLastModifiedDate: seconds(d.modifiedAt),
          DeviceLastAuthenticatedDate: seconds(d.authenticatedAt),
        }));
    },

    forget(poolId, username, deviceKey) {
      devices.delete(own(poolId, username, deviceKey).key);
    },

    reset: () => devices.clear(),
  };
}

/** A device proof that fails is told what a wrong password is told. */
export const wrongDeviceProof = () => new NotAuthorizedError(INCORRECT);
