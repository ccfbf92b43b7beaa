import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './consumer.js';

// The README's "Use it in your app" examples are quoted from examples/, whose
// apps the examples suite installs, builds and runs: a block marked
// `<!-- example: path -->` must be that file, byte for byte.

const readme = await readFile(join(REPO, 'README.md'), 'utf8');
const QUOTE = /<!-- example: (\S+) -->\n```\w*\n([\s\S]*?)```\n/g;
const quotes = [...readme.matchAll(QUOTE)].map((m) => ({ path: m[1] ?? '', body: m[2] ?? '' }));

function section(title: string): string {
  const start = readme.indexOf(`\n## ${title}\n`);
  if (start < 0) return '';
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

describe('README: Use it in your app', () => {
  const use = section('Use it in your app');

  it('comes right after the two commands and before the layout', () => {
    expect(use).not.toBe('');
    expect(readme.indexOf('\n## Use it in your app\n')).toBeLessThan(readme.indexOf('\n## Layout\n'));
    expect(readme.slice(0, readme.indexOf('\n## Use it in your app\n'))).not.toMatch(/\n## /);
  });

  it('gives the install line with the peers, and says the package is ESM only', () => {
    expect(use).toContain('npm install amplify-mfa-flow aws-amplify xstate');
    expect(use).toMatch(/npm install amplify-mfa-flow aws-amplify xstate @xstate\/react react/);
    expect(use).toMatch(/npm install amplify-mfa-flow aws-amplify xstate @xstate\/vue vue/);
    expect(use).toMatch(/ESM only/);
  });

  it('quotes an example for plain Node, the DOM, React and Vue', () => {
    const quoted = [...use.matchAll(/<!-- example: (\S+) -->/g)].map((m) => m[1]);
    for (const example of ['examples/node/', 'examples/dom/', 'examples/react19/', 'examples/vue/']) {
      expect(
        quoted.some((q) => q?.startsWith(example)),
        `a quote from ${example}`,
      ).toBe(true);
    }
  });

  it.each(quotes.map((q) => [q.path, q.body] as const))('%s is quoted byte for byte', async (path, body) => {
    expect(existsSync(join(REPO, path)), `${path} exists`).toBe(true);
    expect(body).toBe(await readFile(join(REPO, path), 'utf8'));
  });
});
