import { Hub } from 'aws-amplify/utils';

/**
 * The last auth events on Amplify's Hub in this process, with whose sign-in each was: when a path finds a session
 * it did not make, its failure says who made it and when (a call of another path or file finishing late).
 */
const events: string[] = [];
const started = Date.now();
Hub.listen('auth', ({ payload }) => {
  const data = (payload as { data?: { signInDetails?: { loginId?: string; authFlowType?: string } } }).data;
  const who = data?.signInDetails?.loginId ? ` ${data.signInDetails.loginId} (${data.signInDetails.authFlowType})` : '';
  events.push(`${((Date.now() - started) / 1000).toFixed(2)}s ${payload.event}${who}`);
  if (events.length > 12) events.shift();
});

/** The recent auth events, oldest first, for a failure message. */
export const recentAuthEvents = (): string =>
  `${events.length ? events.join('; ') : 'none'} (now ${((Date.now() - started) / 1000).toFixed(2)}s)`;
