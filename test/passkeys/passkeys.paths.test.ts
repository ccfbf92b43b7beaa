import type { AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { signInMachine } from 'amplify-mfa-flow/machines';
import { connectPasskeys, passkeysMachine } from 'amplify-mfa-flow/passkeys';
import type { PasskeysInput } from 'amplify-mfa-flow/passkeys';
import { PASSKEYS_INPUT, passkeys } from '../../src/diagram/passkeys.model.js';
import { CoverageRecorder } from '../../src/diagram/paths.js';
import { cataloguePaths } from '../support/catalogue.js';
import { inertChild, walk } from '../support/walk.js';
import { checkPasskeysStep } from './oracle.js';
import type { Memory } from './oracle.js';

// Pure level for the passkeys panel: the catalogue's paths walked on a live actor with fake calls,
// each step checked against the spec in oracle.ts (written from the issue, not read from the machine).

const CALL_TIMEOUT = 1_000;

describe('passkeys: generated paths on fakes', () => {
  const paths = cataloguePaths('passkeys');
  const recorder = new CoverageRecorder();
  for (const path of paths) {
    it(`passkeys ${path.id}: ${path.title}${path.variant ? ` [${path.variant}]` : ''}`, async () => {
      const input = (path.input ?? PASSKEYS_INPUT) as PasskeysInput;
      const memory: Memory = { listed: null };
      await walk(path, {
        machine: passkeysMachine,
        input: (_, now) => ({ ...input, callTimeoutMs: CALL_TIMEOUT, now }),
        delays: { callTimeout: CALL_TIMEOUT },
        view: connectPasskeys as never,
        check: (s) =>
          checkPasskeysStep(s as never as Parameters<typeof checkPasskeysStep>[0], { supported: input.supported === true }, memory),
        label: passkeys.label,
        recorder,
        // The re-authentication is the sign-in machine, inert: the snapshots its parent acts on are delivered as the path says.
        keep: { reauthenticate: inertChild(signInMachine) },
      });
    });
  }
  it('the walks took every transition and entered every state', () => {
    const coverage = recorder.report(passkeys.model.machine as AnyStateMachine);
    expect(coverage.states.missing).toEqual([]);
    expect(coverage.transitions.missing).toEqual([]);
  });
});
