/**
 * The three custom-auth triggers behind recovery codes, as plain functions of
 * Cognito-shaped events. The Lambda handlers (`./*\/handler.ts`) give them ports
 * that talk to the user pool; the local backend (amplify/local/gaps/customAuth.ts)
 * runs the very same functions in-process with ports onto its own store.
 *
 * Two journeys, both CUSTOM_AUTH with SRP first (`CUSTOM_WITH_SRP`), so a code is
 * never a first factor:
 * - sign-in: SRP_A → PASSWORD_VERIFIER → CUSTOM_CHALLENGE `RECOVERY_CODE` (one
 *   unused code; a wrong one is counted toward the lockout and asked again).
 * - generate (`clientMetadata.recovery = 'generate'`): SRP_A → PASSWORD_VERIFIER →
 *   CUSTOM_CHALLENGE `PROVE_SESSION` (answered with the caller's current access
 *   token, which the pool itself checks) → CUSTOM_CHALLENGE `SAVE_CODES` (the ten
 *   codes travel in its public parameters, their hashes in its private ones; the
 *   answer `SAVED` stores the hashes, which voids the previous set).
 */
import {
  RECOVERY_ATTRIBUTE,
  type RecoveryRecord,
  generateRecoveryCodes,
  parseRecord,
  redeemRecoveryCode,
  serializeRecord,
} from './codes.js';

export interface ChallengeResult {
  readonly challengeName: string;
  readonly challengeResult: boolean;
  readonly challengeMetadata?: string;
}

/** The fields every Cognito trigger event has that these triggers read. */
export interface TriggerEventBase {
  readonly region: string;
  readonly userPoolId: string;
  readonly userName: string;
  readonly triggerSource: string;
  readonly callerContext?: { readonly clientId?: string };
}

interface DefineAuthChallengeEvent extends TriggerEventBase {
  readonly request: {
    readonly userAttributes: Record<string, string>;
    readonly session: readonly ChallengeResult[];
    readonly clientMetadata?: Record<string, string>;
    readonly userNotFound?: boolean;
  };
  response: { challengeName?: string; issueTokens?: boolean; failAuthentication?: boolean };
}

interface CreateAuthChallengeEvent extends TriggerEventBase {
  readonly request: {
    readonly userAttributes: Record<string, string>;
    readonly challengeName: string;
    readonly session: readonly ChallengeResult[];
    readonly clientMetadata?: Record<string, string>;
    readonly userNotFound?: boolean;
  };
  response: {
    publicChallengeParameters?: Record<string, string>;
    privateChallengeParameters?: Record<string, string>;
    challengeMetadata?: string;
  };
}

interface VerifyAuthChallengeResponseEvent extends TriggerEventBase {
  readonly request: {
    readonly userAttributes: Record<string, string>;
    readonly privateChallengeParameters: Record<string, string>;
    readonly challengeAnswer: string;
    readonly clientMetadata?: Record<string, string>;
    readonly userNotFound?: boolean;
  };
  response: { answerCorrect?: boolean };
}

/** Who the user is, for the ports: the pool and the pool's username. */
export interface RecoveryUser {
  readonly userPoolId: string;
  readonly region: string;
  readonly userName: string;
}

/** What the triggers need from the user pool. */
export interface RecoveryPorts {
  /** The pool username an access token belongs to (the pool checks it: GetUser), or null for a bad or revoked token. */
  tokenOwner(user: RecoveryUser, accessToken: string): Promise<string | null>;
  /** Replaces the stored set (null removes it). Only the triggers write it: the app client may neither read nor write it. */
  saveRecord(user: RecoveryUser, record: RecoveryRecord | null): Promise<void>;
  /** True while the user is locked out by wrong codes (recovery or MFA, where the ports can tell). */
  isLocked(user: RecoveryUser): Promise<boolean>;
  /** Counts a wrong recovery code toward the lockout: five wrong, then Cognito's doubling wait. */
  recordFailure(user: RecoveryUser): Promise<void>;
  clearFailures(user: RecoveryUser): Promise<void>;
}

/** What `clientMetadata.recovery` asks for at `signIn`. */
const GENERATE = 'generate';
/** The answer to SAVE_CODES that stores the new set. */
const SAVED = 'SAVED';

type RecoveryStep = 'RECOVERY_CODE' | 'PROVE_SESSION' | 'SAVE_CODES';

const userOf = (e: TriggerEventBase): RecoveryUser => ({ userPoolId: e.userPoolId, region: e.region, userName: e.userName });

function challenge(step: RecoveryStep, extra: Record<string, string> = {}, secret: Record<string, string> = {}) {
  return {
    publicChallengeParameters: { step, ...extra },
    privateChallengeParameters: { step, ...secret },
    challengeMetadata: step,
  };
}

export interface RecoveryTriggers {
  defineAuthChallenge(event: DefineAuthChallengeEvent): Promise<DefineAuthChallengeEvent>;
  createAuthChallenge(event: CreateAuthChallengeEvent): Promise<CreateAuthChallengeEvent>;
  verifyAuthChallengeResponse(event: VerifyAuthChallengeResponseEvent): Promise<VerifyAuthChallengeResponseEvent>;
}

export function createRecoveryTriggers(ports: RecoveryPorts): RecoveryTriggers {
  const next = async (event: DefineAuthChallengeEvent): Promise<DefineAuthChallengeEvent['response']> => {
    const { session } = event.request;
    const fail = { issueTokens: false, failAuthentication: true };
    const ask = (name: string) => ({ issueTokens: false, failAuthentication: false, challengeName: name });
    // CUSTOM_WITHOUT_SRP is refused: a recovery code replaces the second factor, never the password.
    if (session[0]?.challengeName !== 'SRP_A') return fail;
    if (session.length === 1) return ask('PASSWORD_VERIFIER');
    const last = session[session.length - 1];
    if (!last) return fail;
    if (last.challengeName === 'PASSWORD_VERIFIER') return last.challengeResult ? ask('CUSTOM_CHALLENGE') : fail;
    if (last.challengeName !== 'CUSTOM_CHALLENGE') return fail;
    switch (last.challengeMetadata as RecoveryStep | undefined) {
      case 'RECOVERY_CODE':
        if (last.challengeResult) return { issueTokens: true, failAuthentication: false };
        // A wrong code keeps the sign-in (as a wrong MFA code does) until the lockout begins.
        return (await ports.isLocked(userOf(event))) ? fail : ask('CUSTOM_CHALLENGE');
      case 'PROVE_SESSION':
        return last.challengeResult ? ask('CUSTOM_CHALLENGE') : fail;
      case 'SAVE_CODES':
        return last.challengeResult ? { issueTokens: true, failAuthentication: false } : fail;
      default:
        return fail;
    }
  };

  return {
    async defineAuthChallenge(event) {
      event.response = await next(event);
      return event;
    },

    async createAuthChallenge(event) {
      const { session, clientMetadata } = event.request;
      const last = session[session.length - 1];
      if (event.request.challengeName !== 'CUSTOM_CHALLENGE' || !last) return event;
      if (last.challengeName === 'PASSWORD_VERIFIER') {
        event.response = challenge(clientMetadata?.recovery === GENERATE ? 'PROVE_SESSION' : 'RECOVERY_CODE');
      } else if (last.challengeMetadata === 'RECOVERY_CODE') {
        // Asked again: say whether the refused code was one already used (the verify trigger noted it on the record).
        const used = parseRecord(event.request.userAttributes[RECOVERY_ATTRIBUTE])?.r === 'used';
        event.response = challenge('RECOVERY_CODE', { previous: used ? 'USED_CODE' : 'WRONG_CODE' });
      } else if (last.challengeMetadata === 'PROVE_SESSION' && last.challengeResult) {
        // Made here, on the server, after the password and a live session were both proven.
        const { codes, record } = await generateRecoveryCodes();
        event.response = challenge('SAVE_CODES', { codes: codes.join(' ') }, { record: serializeRecord(record) });
      }
      return event;
    },

    async verifyAuthChallengeResponse(event) {
      const { privateChallengeParameters: secret, challengeAnswer, userAttributes, userNotFound } = event.request;
      const user = userOf(event);
      event.response = { answerCorrect: false };
      if (userNotFound) return event;
      switch (secret.step as RecoveryStep | undefined) {
        case 'RECOVERY_CODE': {
          if (await ports.isLocked(user)) return event;
          const record = parseRecord(userAttributes[RECOVERY_ATTRIBUTE]);
          const checked = record ? await redeemRecoveryCode(record, challengeAnswer) : ({ outcome: 'wrong' } as const);
          if (checked.outcome !== 'redeemed') {
            // A used code counts toward the lockout as a wrong one does; the record notes which it was.
            await ports.recordFailure(user);
            const usedNow = checked.outcome === 'used';
            if (record && usedNow !== (record.r === 'used')) {
              const { r: _lastRefusal, ...rest } = record;
              await ports.saveRecord(user, usedNow ? { ...record, r: 'used' } : rest);
            }
            return event;
          }
          // Used once: its hash moves to the used ones before the tokens are issued.
          await ports.saveRecord(user, checked.record);
          await ports.clearFailures(user);
          event.response = { answerCorrect: true };
          return event;
        }
        case 'PROVE_SESSION': {
          const owner = await ports.tokenOwner(user, challengeAnswer);
          event.response = { answerCorrect: owner !== null && owner === event.userName };
          return event;
        }
        case 'SAVE_CODES': {
          const record = parseRecord(secret.record);
          if (challengeAnswer !== SAVED || !record) return event;
          // The whole set is replaced: the previous codes stop working now.
          await ports.saveRecord(user, record);
          event.response = { answerCorrect: true };
          return event;
        }
        default:
          return event;
      }
    },
  };
}
