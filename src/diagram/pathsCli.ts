/**
 * `npm run paths`: the generated paths of each machine. See USAGE.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { MachinePaths } from '../testing/types.js';
import { catalogueFor } from './catalogue.js';
import { MODELS } from './models.js';
import type { CatalogueModel } from './models.js';
import { generatePaths } from './paths.js';

const USAGE = `Usage: npm run paths -- [--machine NAME]... [--list | --grep TEXT | --check] [--all] [--fresh]

Each machine's generated paths: a few that together take every transition,
each with an id made of its steps. With no action, generates them again,
writes docs/paths/<machine>.md (the catalogue) and src/testing/data/<machine>.ts
(the same paths for amplify-mfa-flow/testing), and prints the coverage.

  --machine NAME  only this machine (${MODELS.map((m) => m.name).join(', ')}); may be repeated
  --list          print each path of the committed catalogue: id and title
  --grep TEXT     print the paths whose id, title or steps contain TEXT (any case),
                  step by step, with the command that runs each in the test suites
  --all           with --list or --grep: every path the machine makes, not only the
                  catalogue's (generated now, which takes a while for signIn)
  --check         write nothing; exit 1 when a committed file is not what the machine makes now
  --fresh         choose the paths anew instead of keeping the committed ones the machine still makes
  --help          this text

--list and --grep read the committed catalogue (run npm run paths after changing a machine).`;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const docsFile = (name: string) => join(root, 'docs', 'paths', `${name}.md`);
const dataFile = (name: string) => join(root, 'src', 'testing', 'data', `${name}.ts`);

/** The suites that walk a machine's paths, by level. A test is named `<machine> <id>: <title>`. */
const SUITES: Readonly<Record<string, readonly string[]>> = {
  signIn: [
    'test/signIn/signIn.paths.test.ts',
    'test/signIn/signIn.real.test.ts',
    'test/signIn/signIn.real.required.test.ts',
    'test/browser/signIn.browser.test.ts',
  ],
  totpEnrollment: ['test/mfa/mfa.paths.test.ts', 'test/mfa/mfa.real.test.ts', 'test/browser/mfa.browser.test.ts'],
  phoneVerification: ['test/mfa/mfa.paths.test.ts', 'test/mfa/mfa.real.test.ts', 'test/browser/mfa.browser.test.ts'],
  mfaSettings: ['test/mfa/mfa.paths.test.ts', 'test/mfa/settings.real.test.ts'],
  mfaPolicy: ['test/policy/mfaPolicy.paths.test.ts'],
  recoveryCodes: ['test/recovery/recovery.paths.test.ts', 'test/recovery/recovery.real.test.ts', 'test/browser/recovery.browser.test.ts'],
  recoverySignIn: ['test/recovery/recovery.paths.test.ts', 'test/recovery/recovery.real.test.ts', 'test/browser/recovery.browser.test.ts'],
  passwordlessSignIn: ['test/passwordless/passwordless.paths.test.ts', 'test/passwordless/passwordless.real.test.ts'],
  devices: ['test/devices/devices.paths.test.ts', 'test/devices/devices.real.test.ts', 'test/browser/devices.browser.test.ts'],
  passkeys: ['test/passkeys/passkeys.paths.test.ts', 'test/passkeys/passkeys.real.test.ts', 'test/browser/passkeys.browser.test.ts'],
};

/** The committed catalogue of a machine as data, or null when there is none (or it does not load). */
async function committed(name: string): Promise<MachinePaths | null> {
  try {
    const module = (await import(`../testing/data/${name}.js`)) as Record<string, MachinePaths>;
    return module[`${name}Paths`] ?? null;
  } catch {
    return null;
  }
}

interface Listed {
  readonly id: string;
  readonly title: string;
  readonly variant?: string;
  readonly steps: readonly string[];
}

async function listed(entry: CatalogueModel, all: boolean): Promise<Listed[]> {
  if (all) {
    return generatePaths(entry.model).map((p) => ({
      id: p.id,
      title: p.title,
      ...(p.variant ? { variant: p.variant } : {}),
      steps: p.steps.map((s) => entry.label(s.event)),
    }));
  }
  const data = await committed(entry.name);
  if (!data) throw new Error(`${relative(root, dataFile(entry.name))} is missing: run npm run paths`);
  return data.paths.map((p) => ({
    id: p.id,
    title: p.title,
    ...(p.variant ? { variant: p.variant.name } : {}),
    steps: p.steps.map((s) => s.label),
  }));
}

const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      machine: { type: 'string', multiple: true },
      list: { type: 'boolean' },
      grep: { type: 'string' },
      all: { type: 'boolean' },
      check: { type: 'boolean' },
      fresh: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const actions = [values.list, values.grep !== undefined, values.check].filter(Boolean).length;
  if (actions > 1) throw new Error('give one of --list, --grep and --check');
  if (values.all && !values.list && values.grep === undefined) throw new Error('--all goes with --list or --grep');
  const unknown = (values.machine ?? []).filter((m) => !MODELS.some((e) => e.name === m));
  if (unknown.length) throw new Error(`no machine ${unknown.join(', ')}: choose from ${MODELS.map((m) => m.name).join(', ')}`);
  const entries = values.machine ? MODELS.filter((m) => values.machine!.includes(m.name)) : MODELS;

  if (values.list || values.grep !== undefined) {
    const text = values.grep?.toLowerCase();
    let found = 0;
    for (const entry of entries) {
      const paths = (await listed(entry, values.all === true)).filter(
        (p) => text === undefined || [p.id, p.title, ...p.steps].some((s) => s.toLowerCase().includes(text)),
      );
      found += paths.length;
      if (paths.length === 0) continue;
      console.log(`${entry.name}: ${paths.length} path${paths.length === 1 ? '' : 's'}`);
      for (const p of paths) {
        if (text === undefined) {
          console.log(`  ${p.id}  ${p.title}`);
          continue;
        }
        console.log(`\n  ${p.id}\n  ${p.title}${p.variant ? ` (${p.variant})` : ''}`);
        for (const [i, s] of p.steps.entries()) console.log(`    ${i + 1}. ${s}`);
        console.log(`  run: npx vitest run ${(SUITES[entry.name] ?? []).join(' ')} -t '${entry.name} ${p.id}:'`);
      }
      console.log('');
    }
    if (text !== undefined && found === 0) {
      console.log(`no path matches "${values.grep}"${values.all ? '' : ' (--all searches every path the machines make)'}`);
      return 1;
    }
    return 0;
  }

  let drift = false;
  for (const entry of entries) {
    const before = values.fresh ? null : await committed(entry.name);
    const { paths, coverage, markdown, module } = catalogueFor(entry, before?.paths.map((p) => p.id) ?? []);
    console.log(
      `${entry.name.padEnd(18)} states ${coverage.states.covered}/${coverage.states.total} (${pct(coverage.states.covered, coverage.states.total)})  ` +
        `transitions ${coverage.transitions.covered}/${coverage.transitions.total} (${pct(coverage.transitions.covered, coverage.transitions.total)})  paths ${paths.length}`,
    );
    for (const m of [...coverage.states.missing, ...coverage.transitions.missing]) console.log(`  not covered: ${m}`);
    for (const [file, text] of [
      [docsFile(entry.name), markdown],
      [dataFile(entry.name), module],
    ] as const) {
      if (values.check) {
        if ((await readFile(file, 'utf8').catch(() => '')) !== text) {
          console.log(`  ${relative(root, file)} is out of date: run npm run paths`);
          drift = true;
        }
      } else {
        await writeFile(file, text);
      }
    }
    const gone = (before?.paths ?? []).filter((p) => !paths.some((q) => q.id === p.id));
    for (const p of gone) console.log(`  no longer made: ${p.id}`);
  }
  return drift ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(`${(e as Error).message}\n\n${USAGE}`);
      process.exitCode = 2;
    },
  );
}
