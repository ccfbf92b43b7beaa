import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBackend } from '../support/backend.js';
import type { TestBackend } from '../support/backend.js';
import { realPlan } from './realPaths.js';
import { replayReal } from './realReplay.js';

// Real level, REQUIRED pool: TOTP set up during sign-in.
const paths = realPlan().paths.filter((p) => p.scenario === 'required');

let t: TestBackend;
beforeAll(async () => {
  t = await startTestBackend({ pool: { mfaConfiguration: 'ON' } });
});
afterAll(() => t.backend.close());

describe('sign-in machine: TOTP setup during sign-in, real Amplify, REQUIRED pool', () => {
  it('has paths through the TOTP setup', () => {
    expect(paths.length).toBeGreaterThan(0);
  });
  for (const path of paths) {
    it(`signIn ${path.id}: ${path.title}`, () => replayReal(t, path, 'required'));
  }
});
