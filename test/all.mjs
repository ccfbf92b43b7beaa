// `npm test`: the static checks (types, lint, the packed package) and every Vitest suite, side by side.
// Vitest's suites leave part of the machine idle while they wait on Chromium and the local backend; the checks
// run at a lower priority in that room instead of before the suites. Vitest prints as it goes; each check prints
// its output when it ends. The exit code is non-zero when anything failed. Extra arguments go to Vitest.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Scratch files (five example installs, browser profiles, backend stores) in memory when the machine has a tmpfs.
if (!process.env.TMPDIR) {
  try {
    accessSync('/dev/shm', constants.W_OK);
    process.env.TMPDIR = '/dev/shm';
  } catch {}
}

const CHECKS = ['typecheck', 'lint'];

// The package is built and packed once for the run: the examples suite installs this tarball (it waits for
// AMF_PACKED, test/examples/consumer.ts), and the package checks (check:package's attw, publint and size-limit)
// read the same tarball and dist/, instead of building twice more through npm pack's prepack.
const packDir = mkdtempSync(join(tmpdir(), 'amplify-mfa-flow-packed-'));
process.env.AMF_PACKED = join(packDir, 'packed.json');

/** Runs a command to its end: its output (buffered unless `inherit`), whether it passed, and how long it took. */
function exec(command, args, inherit = false) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const chunks = [];
    child.stdout?.on('data', (c) => {
      out.push(c);
      chunks.push(c);
    });
    child.stderr?.on('data', (c) => chunks.push(c));
    child.on('error', (e) => chunks.push(Buffer.from(String(e))));
    child.on('close', (code, signal) =>
      resolve({
        ok: code === 0,
        why: signal ?? code,
        stdout: Buffer.concat(out).toString(),
        output: Buffer.concat(chunks).toString(),
        ms: performance.now() - started,
      }),
    );
  });
}

/** One check: its steps in order until one fails; its output is printed when it ends (all of it when it failed). */
async function check(label, steps) {
  const started = performance.now();
  let failed;
  for (const step of steps) {
    const result = await step();
    if (!result.ok) {
      failed = result;
      break;
    }
  }
  const seconds = Math.round((performance.now() - started) / 1000);
  process.stdout.write(
    `\n── npm run ${label}: ${failed ? `FAILED (${failed.why})` : 'passed'} in ${seconds} s\n${failed ? failed.output : ''}`,
  );
  return { label, ok: !failed, seconds };
}

/** Builds dist/ and packs it, then tells the examples suite where the tarball is (or why there is none). */
async function buildAndPack() {
  const build = await exec('npx', ['tsdown']);
  const pack = build.ok ? await exec('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir]) : build;
  if (!pack.ok) {
    writeFileSync(process.env.AMF_PACKED, JSON.stringify({ error: `${build.ok ? 'npm pack' : 'tsdown'}: ${pack.output}` }));
    return pack;
  }
  const [info] = JSON.parse(pack.stdout);
  const tarball = join(packDir, info.filename);
  const packed = {
    tarball,
    files: info.files.map((f) => f.path),
    buildMs: build.ms,
    packMs: pack.ms,
    manifest: join(process.cwd(), 'package.json'),
  };
  writeFileSync(process.env.AMF_PACKED, JSON.stringify(packed));
  return { ...pack, tarball };
}

const niced = (command, args) => (process.platform === 'win32' ? [command, args] : ['nice', ['-n', '10', command, ...args]]);
let tarball;
const results = await Promise.all([
  exec('npx', ['vitest', 'run', ...process.argv.slice(2)], true).then((r) => ({
    label: 'vitest',
    ok: r.ok,
    seconds: Math.round(r.ms / 1000),
  })),
  ...CHECKS.map((script) => check(script, [() => exec(...niced('npm', ['run', script]))])),
  // The build is not niced: the examples suite waits for it.
  check('check:package', [
    async () => {
      const packed = await buildAndPack();
      tarball = packed.tarball;
      return packed;
    },
    () => exec(...niced('npx', ['attw', tarball, '--profile', 'esm-only'])),
    () => exec(...niced('npx', ['publint', tarball, '--strict'])),
    () => exec(...niced('npx', ['size-limit'])),
  ]),
]);
rmSync(packDir, { recursive: true, force: true });
const failed = results.filter((r) => !r.ok).map((r) => r.label);
console.log(`\n${results.map((r) => `${r.label} ${r.ok ? 'passed' : 'FAILED'} (${r.seconds} s)`).join(' · ')}`);
if (failed.length) {
  console.error(`npm test failed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
