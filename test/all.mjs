// `npm test`: the static checks (types, lint, the packed package) and every Vitest suite, side by side.
// Vitest's suites leave part of the machine idle while they wait on Chromium and the local backend; the checks
// run at a lower priority in that room instead of before the suites. Vitest prints as it goes; each check prints
// its output when it ends. The exit code is non-zero when anything failed. Extra arguments go to Vitest.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

// Scratch files (five example installs, browser profiles, backend stores) in memory when the machine has a tmpfs.
if (!process.env.TMPDIR) {
  try {
    accessSync('/dev/shm', constants.W_OK);
    process.env.TMPDIR = '/dev/shm';
  } catch {}
}

const CHECKS = ['typecheck', 'lint', 'check:package'];

function run(command, args, { buffered, label }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: buffered ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    const chunks = [];
    child.stdout?.on('data', (c) => chunks.push(c));
    child.stderr?.on('data', (c) => chunks.push(c));
    child.on('error', (e) => chunks.push(Buffer.from(String(e))));
    child.on('close', (code, signal) => {
      const seconds = Math.round((performance.now() - started) / 1000);
      const ok = code === 0;
      if (buffered)
        process.stdout.write(
          `\n── npm run ${label}: ${ok ? 'passed' : `FAILED (${signal ?? code})`} in ${seconds} s\n${ok ? '' : Buffer.concat(chunks).toString()}`,
        );
      resolve({ label, ok, seconds });
    });
  });
}

const niced = (script) => (process.platform === 'win32' ? ['npm', ['run', script]] : ['nice', ['-n', '10', 'npm', 'run', script]]);
const results = await Promise.all([
  run('npx', ['vitest', 'run', ...process.argv.slice(2)], { buffered: false, label: 'vitest' }),
  ...CHECKS.map((script) => run(...niced(script), { buffered: true, label: script })),
]);
const failed = results.filter((r) => !r.ok).map((r) => r.label);
console.log(`\n${results.map((r) => `${r.label} ${r.ok ? 'passed' : 'FAILED'} (${r.seconds} s)`).join(' · ')}`);
if (failed.length) {
  console.error(`npm test failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
