import { describe, expect, it } from 'vitest';
import { variantFromEnv } from '../../amplify/local/start.js';

describe('AMPLIFY_VARIANT picks the definition `npm run backend` and `npm start` serve', () => {
  it('is the main definition when unset or empty', () => {
    expect(variantFromEnv({})).toBeUndefined();
    expect(variantFromEnv({ AMPLIFY_VARIANT: ' ' })).toBeUndefined();
  });

  it('names a variant under amplify/variants/', () => {
    expect(variantFromEnv({ AMPLIFY_VARIANT: 'passwordless' })).toBe('passwordless');
    expect(variantFromEnv({ AMPLIFY_VARIANT: 'phoneLogin' })).toBe('phoneLogin');
  });

  it('refuses a name with no such variant, or a path', () => {
    expect(() => variantFromEnv({ AMPLIFY_VARIANT: 'nope' })).toThrow(TypeError);
    expect(() => variantFromEnv({ AMPLIFY_VARIANT: '../auth' })).toThrow(TypeError);
  });
});
