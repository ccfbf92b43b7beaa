import { signIn } from 'aws-amplify/auth';
import type { AnyEventObject } from 'xstate';
import { expect } from 'vitest';
import { setSigningInApart } from '../../src/amplify/hub.js';
import type { GeneratedPath } from '../../src/diagram/paths.js';
import { ERRORS } from '../../src/diagram/signIn.model.js';
import { PASSWORD, uniqueEmail } from './backend.js';
import type { TestBackend } from './backend.js';

/**
 * A second flow beside the machine under test, for the real replays: another component of the page signing in
 * (Amplify tells every flow on the Hub), or another tab signing in (Amplify keeps one session for the page's
 * storage, and this page hears no Hub event of it).
 */

/** The step is Amplify refusing a sign-in because a user is already signed in. */
const isAlreadySignedIn = (e: AnyEventObject | undefined) =>
  e?.type === 'xstate.error.actor.signIn' &&
  JSON.stringify((e as { error?: unknown }).error) === JSON.stringify(ERRORS.alreadySignedIn.error);

/** For each "already signed in" of the path, whether the profile read after it is this user's (the model's own) or another's. */
export function tabsOf(path: GeneratedPath): ('same' | 'other')[] {
  return path.steps.flatMap((step, i) => {
    if (!isAlreadySignedIn(step.event)) return [];
    const read = path.steps.slice(i + 1).find((s) => s.event.type === 'xstate.done.actor.fetchUser');
    return [(read?.event as { output?: { email?: string } } | undefined)?.output?.email === 'pat@example.com' ? 'same' : 'other'];
  });
}

type User = { readonly email: string; readonly password: string };

/** Signs `user` in with the password alone, as a flow beside the machine under test does. */
async function signInWithPasswordAlone(t: TestBackend, user: User, where: string): Promise<void> {
  const res = await signIn({ username: user.email, password: user.password, options: { authFlowType: t.connection.authFlowType } });
  expect(res.isSignedIn, `signed in ${where}`).toBe(true);
}

/**
 * When the path's next step is "already signed in", another tab signs in first, before the user's own step: this
 * user, or a user made for it, as `tabs` (from tabsOf, taken in order) says. The page hears nothing of it.
 */
export async function anotherTabBefore(
  next: AnyEventObject | undefined,
  ctx: { readonly t: TestBackend; readonly user: User; readonly tabs: ('same' | 'other')[] },
): Promise<void> {
  if (!isAlreadySignedIn(next)) return;
  let user = ctx.user;
  if ((ctx.tabs.shift() ?? 'other') === 'other') {
    user = { email: uniqueEmail('other-tab'), password: PASSWORD };
    await ctx.t.backend.createUser(user);
  }
  setSigningInApart(true, 'another tab');
  try {
    await signInWithPasswordAlone(ctx.t, user, 'in another tab');
  } finally {
    setSigningInApart(false, 'another tab');
  }
}

/** Another component of the page signs this user in, with the password alone: the machine hears it on the Hub. */
export async function signInElsewhereOnPage(t: TestBackend, user: User): Promise<void> {
  await signInWithPasswordAlone(t, user, 'elsewhere on the page');
}

/** Where a session of the path was made: elsewhere on the page (a Hub event), in another tab (no event), or nowhere. */
export type Elsewhere = 'page' | 'tab' | null;

/**
 * Why the profile read a path says is answered cannot be, for `realizable`; null when it can. `at` says whether the
 * state it was made from is the named one; `own` that the model's profile is this user's; `passwordAlone` that this
 * user can sign in with the password alone (and makes it so in the model, if still open).
 */
export function profileReadRefused(
  at: (state: string) => boolean,
  elsewhere: Elsewhere,
  own: boolean,
  passwordAlone: () => boolean,
): string | null {
  // Another tab's session is this user's, or another user's; one made elsewhere on the page is this user's.
  if (at('checkingSignedInUser')) {
    if (elsewhere !== 'tab') return 'no other tab signed in';
    if (own && !passwordAlone()) return 'in another tab, the user signs in with the password alone';
    return null;
  }
  if (at('checkingSession')) {
    if (elsewhere !== 'page') return 'no session is left from before';
    return own ? null : 'elsewhere on the page, this user signs in';
  }
  if (!at('loadingUser')) return 'no session is left from before';
  return own ? null : "the session is this user's own";
}
