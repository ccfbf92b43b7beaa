import { AuthError } from 'aws-amplify/auth';
import { expect } from 'vitest';

async function rejectionOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => new Error('expected the call to fail'),
    (err: unknown) => err,
  );
}

/** What a call that must fail rejects with: aws-amplify's AuthError, as for Cognito's answers. */
export async function authFailure(p: Promise<unknown>): Promise<AuthError> {
  const e = await rejectionOf(p);
  expect(e).toBeInstanceOf(AuthError);
  return e as AuthError;
}

/** Any error a call that must fail rejects with: aws-amplify reports a dropped connection as its NetworkError, no AuthError. */
export async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await rejectionOf(p);
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}
