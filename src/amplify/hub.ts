import { Hub } from 'aws-amplify/utils';
import { fromCallback } from 'xstate';
import type { EventObject } from 'xstate';
import type { AuthHubEvent } from '../../machines/shared/types.js';

/** Amplify's Hub `auth` channel as the events every machine understands (`AuthHubEvent`). */
export const hubAuthEvents = fromCallback<EventObject>(({ sendBack }) =>
  Hub.listen('auth', ({ payload }) => {
    const send = (event: AuthHubEvent) => sendBack(event);
    if (payload.event === 'signedIn') send({ type: 'AUTH.SIGNED_IN' });
    else if (payload.event === 'signedOut') send({ type: 'AUTH.SIGNED_OUT' });
    else if (payload.event === 'tokenRefresh_failure') send({ type: 'AUTH.SESSION_LOST' });
  }),
);
