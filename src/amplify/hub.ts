import { Hub } from 'aws-amplify/utils';
import { fromCallback } from 'xstate';
import type { EventObject } from 'xstate';
import type { AuthHubEvent } from '../../machines/shared/types.js';

/**
 * While a re-authentication runs on a session apart (stepUp.ts), its sign-in is not the page's: Amplify still says
 * `signedIn` on the Hub for it, which no flow is told (the app's session is the same user's, unchanged until adopted).
 */
let signingInApart = false;
export function setSigningInApart(on: boolean): void {
  signingInApart = on;
}

/** Amplify's Hub `auth` channel as the events every machine understands (`AuthHubEvent`). */
export const hubAuthEvents = fromCallback<EventObject>(({ sendBack }) =>
  Hub.listen('auth', ({ payload }) => {
    const send = (event: AuthHubEvent) => sendBack(event);
    if (payload.event === 'signedIn') {
      if (!signingInApart) send({ type: 'AUTH.SIGNED_IN' });
    } else if (payload.event === 'signedOut') send({ type: 'AUTH.SIGNED_OUT' });
    else if (payload.event === 'tokenRefresh_failure') send({ type: 'AUTH.SESSION_LOST' });
  }),
);
