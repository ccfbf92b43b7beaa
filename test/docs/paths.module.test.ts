import { describe, expect, it } from 'vitest';
import { renderPathsModule } from '../../src/diagram/data.js';
import { devicesPaths } from '../../src/testing/data/devices.js';
import type { MachinePaths } from '../../src/testing/types.js';

/** The value a generated data module exports, read the way a bundler would run it (its one expression). */
function evaluate(module: string): unknown {
  const expression = module.slice(module.indexOf('= JSON.parse(') + 2, module.lastIndexOf(';'));
  return new Function(`return ${expression}`)();
}

describe('the data modules of amplify-mfa-flow/testing', () => {
  it('read back as the data they were written from', () => {
    expect(evaluate(renderPathsModule(devicesPaths))).toEqual(devicesPaths);
  });

  it('keep backticks, ${ and backslashes in a title as they were: the raw template cannot end or interpolate early', () => {
    const [first] = devicesPaths.paths;
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the text of a placeholder, on purpose
    const title = 'a `quoted` ${not.interpolated} \\ "escaped" \u2028 line \n end';
    const data: MachinePaths = { ...devicesPaths, paths: [{ ...first!, title }] };
    const module = renderPathsModule(data);
    expect(evaluate(module)).toEqual(data);
    expect(module).not.toContain('`quoted`');
  });
});
