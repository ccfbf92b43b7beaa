/**
 * The fault matrix: every invoked call of every machine (each state that
 * invokes one) × every way a call goes wrong. Each cell reaches the state by
 * the shortest generated path, with fake calls on a simulated clock, makes
 * the call fail, lets any call that follows (a reload) answer, and then
 * checks that the user is not stranded: the actor is still running, the view
 * carries a typed error, and the user can do something (retry, cancel, start
 * over, resend, submit again), as `snapshot.can` says.
 */
import type { AnyEventObject, AnyStateMachine, AnyStateNode } from 'xstate';
import { DEFAULTS } from '../../machines/shared/delays.js';
import { PASSWORDLESS_ERROR_MESSAGES } from '../../machines/passwordless/passwordless.errors.js';
import { RECOVERY_ERROR_MESSAGES } from '../../machines/recovery/recovery.errors.js';
import { ERROR_MESSAGES, isFlowError } from '../../machines/shared/errors.js';
import { connectDevices } from '../../machines/devices/devices.view.js';
import { connectMfaPolicy } from '../../machines/mfaPolicy/mfaPolicy.view.js';
import { connectRecoveryCodes, connectRecoverySignIn } from '../../machines/recovery/recovery.view.js';
import { MODELS } from '../../src/diagram/models.js';
import type { CatalogueModel } from '../../src/diagram/models.js';
import type { AnyMachineSnapshot } from '../../src/diagram/paths.js';
import { namedError } from '../support/fakeActors.js';
import { activeNodeIds, advanceClock, flush, playStep, shortestPathTo, startLive } from '../support/replay.js';
import type { Live } from '../support/replay.js';
import type { AnyView } from '../property/harness.js';
import { passkeysSpec, passwordlessSpec, settingsSpec, phoneSpec, signInSpec, totpSpec } from '../property/specs.js';

export interface Fault {
  readonly id: string;
  readonly title: string;
  /** The error thrown; null for a call that never answers. */
  error(machine: string): Error | null;
}

const named = (name: string, message: string) => namedError({ name, message });

export const FAULTS: readonly Fault[] = [
  { id: 'network', title: 'network failure', error: () => named('NetworkError', 'A network error has occurred.') },
  { id: 'throttled', title: '`TooManyRequestsException`', error: () => named('TooManyRequestsException', 'Too many requests') },
  {
    id: 'limit',
    title: '`LimitExceededException`',
    error: () => named('LimitExceededException', 'Attempt limit exceeded, please try after some time.'),
  },
  {
    id: 'session',
    title: 'session expired',
    // During sign-in the challenge session runs out; after it, the tokens do.
    error: (machine) =>
      machine === 'signIn' || machine === 'passwordlessSignIn'
        ? named('NotAuthorizedException', 'Invalid session for the user, session is expired.')
        : named('NotAuthorizedException', 'Access Token has expired'),
  },
  { id: 'mismatch', title: '`CodeMismatchException`', error: () => named('CodeMismatchException', 'Invalid code received for user') },
  {
    id: 'expiredCode',
    title: '`ExpiredCodeException`',
    error: () => named('ExpiredCodeException', 'Invalid code provided, please request a code again.'),
  },
  { id: 'lockout', title: 'lockout', error: () => named('NotAuthorizedException', 'Password attempts exceeded') },
  { id: 'unknown', title: 'an unknown error', error: () => named('InternalErrorException', 'Something unexpected happened') },
  { id: 'hang', title: 'no answer (hangs)', error: () => null },
];

export interface Row {
  readonly machine: string;
  /** The state that invokes the call, without the machine id. */
  readonly state: string;
  readonly invokeId: string;
  readonly src: string;
  /** A child flow (mfaSettings): it fails as a whole, and a flow the user is in never "hangs". */
  readonly childFlow: boolean;
}

interface Cell {
  readonly row: Row;
  readonly fault: Fault;
  /** null when the cell does not apply. */
  readonly pass: boolean | null;
  /** The error code shown, the actions offered, or what went wrong. */
  readonly note: string;
}

/** The passwordless sign-in's passkey ceremony, the one call with a wait of its own. */
const PASSKEY = 'passkeySignIn';

/** Events a user could send to get going again, with well-formed data. */
const RECOVERY: readonly AnyEventObject[] = [
  { type: 'FLOW.RETRY' },
  { type: 'FLOW.CANCEL' },
  { type: 'FLOW.RESTART' },
  { type: 'SETTINGS.RELOAD' },
  { type: 'DEVICES.RELOAD' },
  { type: 'CODE.RESEND' },
  { type: 'CODE.SUBMIT', code: '123456' },
  { type: 'CREDENTIALS.SUBMIT', username: 'pat@example.com', password: 'Correct-h0rse!' },
  { type: 'USERNAME.SUBMIT', username: 'pat@example.com' },
  { type: 'RESET.SUBMIT', code: '123456', password: 'New-passw0rd!' },
  { type: 'EMAIL.SUBMIT', email: 'pat@example.com' },
  { type: 'NEW_PASSWORD.SUBMIT', password: 'New-passw0rd!' },
  { type: 'METHOD.SELECT', method: 'TOTP' },
  { type: 'METHOD.SELECT', method: 'SMS' },
  { type: 'METHOD.SELECT', method: 'EMAIL' },
  { type: 'PHONE.SUBMIT', phone: '+15550100101' },
  { type: 'PHONE.CHANGE' },
  { type: 'SIGN_OUT' },
  { type: 'ENROLL.TOTP' },
  { type: 'ENROLL.SMS' },
  { type: 'CODES.START' },
  { type: 'CODES.SAVED' },
  { type: 'PASSWORD.SUBMIT', password: 'Correct-h0rse!' },
  { type: 'IDENTIFIER.SUBMIT', username: 'pat@example.com' },
  { type: 'FACTOR.CHANGE' },
  { type: 'PASSKEY.RETRY' },
  { type: 'ANSWER.SUBMIT', answer: '4' },
  { type: 'PASSKEYS.RELOAD' },
  { type: 'PASSKEY.ADD' },
];

const CONNECT: Readonly<Record<string, (snapshot: AnyMachineSnapshot) => AnyView>> = {
  signIn: (s) => signInSpec.connect(s, () => undefined),
  totpEnrollment: (s) => totpSpec.connect(s, () => undefined),
  phoneVerification: (s) => phoneSpec.connect(s, () => undefined),
  mfaSettings: (s) => settingsSpec.connect(s, () => undefined),
  mfaPolicy: (s) => connectMfaPolicy(s as never, () => undefined) as unknown as AnyView,
  recoveryCodes: (s) => connectRecoveryCodes(s as never, () => undefined) as unknown as AnyView,
  recoverySignIn: (s) => connectRecoverySignIn(s as never, () => undefined) as unknown as AnyView,
  passwordlessSignIn: (s) => passwordlessSpec.connect(s, () => undefined),
  devices: (s) => connectDevices(s as never, () => undefined) as unknown as AnyView,
  passkeys: (s) => passkeysSpec.connect(s, () => undefined),
};

function nodes(node: AnyStateNode): AnyStateNode[] {
  return [node, ...Object.values(node.states).flatMap((child) => nodes(child as AnyStateNode))];
}

/**
 * Every (state, invoked call) of a machine, read from the machine itself. The page's Hub listener is no call, nor is
 * the session a re-authentication runs on (it lives as long as its state); the re-authentication itself is a flow
 * (the sign-in machine, given by ./amplify: the settings machine names only its slot), which the user ends.
 */
export function rowsOf(machine: AnyStateMachine): Row[] {
  const children = new Set([
    'reauthenticate',
    ...Object.entries(machine.implementations.actors)
      .filter(([, logic]) => typeof (logic as { getStateNodeById?: unknown }).getStateNodeById === 'function')
      .map(([name]) => name),
  ]);
  return nodes(machine.root).flatMap((node) =>
    node.invoke
      .filter((inv) => inv.src !== 'authEvents' && inv.src !== 'reauthenticationSession')
      .map((inv) => {
        const src = typeof inv.src === 'string' ? inv.src : inv.id;
        return { machine: machine.id, state: node.id.slice(machine.id.length + 1), invokeId: inv.id, src, childFlow: children.has(src) };
      }),
  );
}

const CODES = new Set([
  ...Object.keys(ERROR_MESSAGES),
  ...Object.keys(PASSWORDLESS_ERROR_MESSAGES),
  ...Object.keys(RECOVERY_ERROR_MESSAGES),
]);

/** Reaches the row's state, then plays the fault; the follow-up calls answer as the model's first answer says. */
async function playCell(entry: CatalogueModel, row: Row, fault: Fault): Promise<{ pass: boolean; note: string }> {
  const model = entry.model;
  const stateId = `${row.machine}.${row.state}`;
  const inputs = [model.input, ...(model.variants ?? []).map((v) => v.input)];
  let path: AnyEventObject[] | null = null;
  let input: unknown;
  for (const candidate of inputs) {
    path = shortestPathTo(model, candidate, (s) => activeNodeIds(s).includes(stateId));
    input = candidate;
    if (path) break;
  }
  if (!path) return { pass: false, note: 'unreachable in the model' };
  const live = await startLive(model.machine, input);
  try {
    for (const event of path) {
      if (!(await playStep(live, event))) return { pass: false, note: `path broke at ${event.type}` };
    }
    const snapshot = () => live.actor.getSnapshot() as AnyMachineSnapshot;
    if (!activeNodeIds(snapshot()).includes(stateId)) return { pass: false, note: 'the path did not reach the state' };
    const call = [...live.fakes.calls].reverse().find((c) => c.src === row.src && !c.settled);
    if (!call) return { pass: false, note: 'no pending call' };
    const before = live.fakes.calls.length;
    const error = fault.error(row.machine);
    if (error) {
      call.reject(error);
      await flush();
    } else {
      const timeout = (snapshot().context as { callTimeoutMs?: number }).callTimeoutMs ?? DEFAULTS.callTimeoutMs;
      // The passkey ceremony waits for the user at the browser's dialog, longer than a call: its own passkeyTimeout.
      const wait = row.src === PASSKEY ? (snapshot().context as { config: { passkeyTimeoutMs: number } }).config.passkeyTimeoutMs : timeout;
      advanceClock(live.clock, wait + 1);
      await flush();
    }
    await answerFollowUps(live, entry, before);
    return judge(live, row, fault);
  } finally {
    live.actor.stop();
  }
}

/** A call made after the fault (settings read again) answers with the model's first answer for it. */
async function answerFollowUps(live: Live, entry: CatalogueModel, after: number): Promise<void> {
  for (let i = 0; i < 3; i++) {
    const s = live.actor.getSnapshot() as AnyMachineSnapshot;
    if (s.status !== 'active' || !s.hasTag('busy')) return;
    const pending = live.fakes.calls.slice(after).filter((c) => !c.settled && c.src !== 'authEvents');
    const done = entry.model.events(s).find((e) => pending.some((c) => e.type === `xstate.done.actor.${c.src}`));
    if (!done) return;
    await playStep(live, done);
  }
}

function judge(live: Live, row: Row, fault: Fault): { pass: boolean; note: string } {
  const s = live.actor.getSnapshot() as AnyMachineSnapshot;
  const where = JSON.stringify(s.value);
  if (s.status !== 'active') return { pass: false, note: `actor ${s.status} in ${where}` };
  let view: AnyView;
  try {
    view = CONNECT[row.machine]!(s);
  } catch (e) {
    return { pass: false, note: `view threw ${(e as Error).message}` };
  }
  const error = view.error;
  if (fault.id === 'hang' && s.hasTag('busy') && !isFlowError(error))
    return { pass: false, note: `still waiting in ${where} a call timeout later, with no error` };
  if (!isFlowError(error) || !CODES.has(error.code)) return { pass: false, note: `no typed error in ${where}` };
  const timedOut = row.src === PASSKEY ? 'PASSKEY_TIMEOUT' : 'TIMEOUT';
  if (fault.id === 'hang' && error.code !== timedOut) return { pass: false, note: `${error.code}, not ${timedOut}, in ${where}` };
  const actions = RECOVERY.filter((e) => s.can(e)).map((e) => e.type);
  if (actions.length === 0) return { pass: false, note: `${error.code} in ${where}, but nothing to do` };
  return { pass: true, note: error.code };
}

export interface Matrix {
  readonly cells: readonly Cell[];
  readonly rows: readonly Row[];
}

export async function faultMatrix(): Promise<Matrix> {
  const cells: Cell[] = [];
  const rows: Row[] = [];
  for (const entry of MODELS) {
    for (const row of rowsOf(entry.model.machine)) {
      rows.push(row);
      for (const fault of FAULTS) {
        if (fault.id === 'hang' && row.childFlow) {
          cells.push({ row, fault, pass: null, note: 'n/a' });
          continue;
        }
        const { pass, note } = await playCell(entry, row, fault);
        cells.push({ row, fault, pass, note });
      }
    }
  }
  return { cells, rows };
}

const tally = (cells: readonly Cell[]) => {
  const applicable = cells.filter((c) => c.pass !== null);
  return `${applicable.filter((c) => c.pass).length}/${applicable.length}`;
};

export function renderMatrix(m: Matrix): string {
  const out: string[] = [];
  out.push('# Fault matrix');
  out.push('');
  out.push(
    'Generated by `test/faults/fault-matrix.test.ts` (`UPDATE_FAULT_MATRIX=1 npx vitest run test/faults` rewrites it); a test fails when this file drifts. Do not edit.',
  );
  out.push('');
  out.push(
    'Every state that invokes a call, in every machine, × every way the call can go wrong. Each cell reaches the state by the shortest generated path (fake calls, simulated clock), makes the call fail, lets a call that follows (a reload) answer, and passes when the actor is still running, the view carries a typed error (`FlowError`, a known code; `TIMEOUT` for a call that never answers) and the user can act again (retry, cancel, start over, resend or submit, by `snapshot.can`). A pass shows the error code the user sees.',
  );
  out.push('');
  out.push(
    '"Session expired" is the challenge session during sign-in (`NotAuthorizedException: Invalid session for the user, session is expired.`) and the tokens after it (`Access Token has expired`); "lockout" is `NotAuthorizedException: Password attempts exceeded`; "an unknown error" is `InternalErrorException`. "No answer" waits one call timeout (30 s by default). A child flow run by `mfaSettings` fails as a whole; its own calls have their own rows, and a flow the user is in does not time out (n/a).',
  );
  out.push('');
  out.push(`**${tally(m.cells)} cells pass.**`);
  out.push('');
  for (const machine of [...new Set(m.rows.map((r) => r.machine))]) {
    const cells = m.cells.filter((c) => c.row.machine === machine);
    out.push(`## ${machine}: ${tally(cells)}`);
    out.push('');
    out.push(`| state | call | ${FAULTS.map((f) => f.title).join(' | ')} |`);
    out.push(`|---|---|${FAULTS.map(() => '---').join('|')}|`);
    for (const row of m.rows.filter((r) => r.machine === machine)) {
      const line = FAULTS.map((f) => {
        const cell = cells.find((c) => c.row === row && c.fault === f)!;
        return cell.pass === null ? 'n/a' : cell.pass ? `✅ ${cell.note}` : '❌';
      });
      out.push(`| \`${row.state}\` | \`${row.src}\`${row.childFlow ? ' (flow)' : ''} | ${line.join(' | ')} |`);
    }
    out.push('');
    const failed = cells.filter((c) => c.pass === false);
    if (failed.length > 0) {
      out.push('Failing cells:');
      out.push('');
      for (const c of failed) out.push(`- \`${c.row.state}\` × ${c.fault.title}: ${c.note}`);
      out.push('');
    }
  }
  return out.join('\n');
}
