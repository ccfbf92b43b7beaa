import { describe, expect, it } from 'vitest';
import { flowError } from '../../machines/shared/errors.js';
import {
  PASSWORDLESS_ERROR_MESSAGES,
  passkeyCodeOf,
  passwordlessError,
  toPasskeyError,
} from '../../machines/passwordless/passwordless.errors.js';

// The passwordless sign-in's own errors (machines/passwordless/passwordless.errors.ts) at their edges: the one that
// points at the answer field, the codes an actor already attached, and what a ceremony's error keeps of its name.
describe('passwordlessError', () => {
  it('gives each code its own English sentence', () => {
    const texts = Object.values(PASSWORDLESS_ERROR_MESSAGES);
    expect(new Set(texts).size).toBe(texts.length);
    for (const text of texts) expect(text).toMatch(/^[A-Z].{6,}\.$/);
  });

  it('an empty answer points at the answer field; a passkey failure at none', () => {
    expect(passwordlessError('ANSWER_REQUIRED')).toEqual({
      code: 'ANSWER_REQUIRED',
      message: PASSWORDLESS_ERROR_MESSAGES.ANSWER_REQUIRED,
      retryable: false,
      field: 'answer',
    });
    expect(passwordlessError('PASSKEY_CANCELLED')).not.toHaveProperty('field');
    expect(passwordlessError('PASSKEY_CANCELLED').retryable).toBe(true);
  });

  it('keeps the name and detail it is given, and adds no empty ones', () => {
    expect(passwordlessError('PASSKEY_FAILED', { name: 'OperationError', detail: 'busy' })).toMatchObject({
      name: 'OperationError',
      detail: 'busy',
    });
    const bare = passwordlessError('PASSKEY_FAILED', { detail: '' });
    expect(bare).not.toHaveProperty('name');
    expect(bare).not.toHaveProperty('detail');
  });
});

describe('passkeyCodeOf', () => {
  it('a passkey code an actor already attached is that code', () => {
    expect(passkeyCodeOf({ code: 'PASSKEY_TIMEOUT' })).toBe('PASSKEY_TIMEOUT');
    expect(passkeyCodeOf(passwordlessError('PASSKEY_WRONG_SITE'))).toBe('PASSKEY_WRONG_SITE');
  });

  it('an empty answer, a flow code or a code that is not a string is no passkey failure', () => {
    expect(passkeyCodeOf({ code: 'ANSWER_REQUIRED' })).toBeNull();
    expect(passkeyCodeOf(flowError('NETWORK'))).toBeNull();
    expect(passkeyCodeOf({ code: { toString: () => 'PASSKEY_TIMEOUT' } })).toBeNull();
  });

  it('by name otherwise, a registration-only name being PASSKEY_FAILED here', () => {
    expect(passkeyCodeOf({ name: 'NotAllowedError' })).toBe('PASSKEY_CANCELLED');
    expect(passkeyCodeOf({ name: 'InvalidStateError' })).toBe('PASSKEY_FAILED');
    expect(passkeyCodeOf({ name: 'NetworkError' })).toBeNull();
  });
});

describe('toPasskeyError', () => {
  it('keeps the name it was raised with, unless it is the bare `Error`, and its text as detail', () => {
    expect(toPasskeyError(Object.assign(new Error('closed'), { name: 'NotAllowedError' }))).toMatchObject({
      code: 'PASSKEY_CANCELLED',
      name: 'NotAllowedError',
      detail: 'closed',
    });
    const bare = toPasskeyError(Object.assign(new Error('timed out'), { code: 'PASSKEY_TIMEOUT' }));
    expect(bare).toMatchObject({ code: 'PASSKEY_TIMEOUT', detail: 'timed out' });
    expect(bare).not.toHaveProperty('name');
  });

  it('what is not a passkey failure is mapped as every flow maps it', () => {
    expect(toPasskeyError(Object.assign(new Error('slow'), { name: 'TooManyRequestsException' }))).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
  });
});
