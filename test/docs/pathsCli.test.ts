import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PATHS } from '../../src/testing/index.js';
import { REPO } from '../examples/consumer.js';

// npm run paths: its options, read off the committed catalogue.
const run = (...args: string[]) =>
  promisify(execFile)(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), join(REPO, 'src/diagram/pathsCli.ts'), ...args], {
    cwd: REPO,
  }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

describe('npm run paths', () => {
  it('--machine NAME --list prints the id and title of each catalogue path', async () => {
    const { code, stdout } = await run('--machine', 'totpEnrollment', '--list');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      `totpEnrollment: ${PATHS.totpEnrollment.paths.length} paths`,
      ...PATHS.totpEnrollment.paths.map((p) => `  ${p.id}  ${p.title}`),
    ]);
  });

  it('--grep TEXT prints the matching paths step by step, with the command that runs each', async () => {
    const { code, stdout } = await run('--machine', 'totpEnrollment', '--grep', 'WRONG-X5');
    expect(code).toBe(0);
    expect(stdout).toContain('  secret-qr-code-wrong-x5-cancel\n');
    expect(stdout).toContain('    12. Cognito says the code is wrong\n    13. cancel\n');
    expect(stdout).toContain("-t 'totpEnrollment secret-qr-code-wrong-x5-cancel:'");
    expect(stdout).not.toContain('secret-qr-code-verified-saved');
    expect((await run('--grep', 'no such step anywhere')).code).toBe(1);
  });

  it('--help prints the usage; an unknown option or machine is an error with the usage', async () => {
    expect((await run('--help')).stdout).toMatch(/^Usage: npm run paths -- /);
    for (const args of [['--bogus'], ['--machine', 'nope', '--list'], ['--list', '--check'], ['--all']]) {
      const { code, stderr } = await run(...args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(stderr).toContain('Usage: npm run paths');
    }
  });
});
