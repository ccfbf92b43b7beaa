import { Hub } from 'aws-amplify/utils';
import { fromCallback } from 'xstate';
import type { EventObject } from 'xstate';
import type { AuthHubEvent } from '../../machines/shared/types.js';

/**
 * Sessions kept apart from the page's (a re-authentication in stepUp.ts, a new set of recovery codes in recovery.ts)
 * sign in through aws-amplify too, and Amplify says `signedIn` on the one global Hub for them. That sign-in is not
 * the page's (the app's session is the same user's, unchanged), so while any of them runs no flow is told: the
 * sign-in flow would re-read the session and the app would rebuild everything under it. Each holder has its own
 * name, so one ending never lifts another's hold.
 */
const signingInApart = new Set<string>();
export function setSigningInApart(on: boolean, holder = 'reauthentication'): void {
  if (on) signingInApart.add(holder);
  else signingInApart.delete(holder);
}

/** Amplify's Hub `auth` channel as the events every machine understands (`AuthHubEvent`). */
export const hubAuthEvents = fromCallback<EventObject>(({ sendBack }) =>
  Hub.listen('auth', ({ payload }) => {
    const send = (event: AuthHubEvent) => sendBack(event);
    if (payload.event === 'signedIn') {
      if (signingInApart.size === 0) send({ type: 'AUTH.SIGNED_IN' });
    } else if (payload.event === 'signedOut') send({ type: 'AUTH.SIGNED_OUT' });
    else if (payload.event === 'tokenRefresh_failure') send({ type: 'AUTH.SESSION_LOST' });
  }),
);
