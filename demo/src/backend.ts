import type { AmplifyOutputsLike } from 'amplify-mfa-flow';

/** Where the local backend answers; `npm start` passes it to Vite. */
export const BACKEND = (import.meta.env.VITE_LOCAL_BACKEND as string | undefined) ?? 'http://127.0.0.1:9229';

export async function loadOutputs(): Promise<AmplifyOutputsLike> {
  const res = await fetch(`${BACKEND}/_dev/outputs`);
  if (!res.ok) throw new Error(`the local backend at ${BACKEND} answered ${res.status}`);
  return (await res.json()) as AmplifyOutputsLike;
}

/** Timings a tester can shorten from the URL, e.g. ?challengeTimeoutMs=3000&callTimeoutMs=1000&resendCooldownMs=1000 */
export function timingsFromUrl(): { challengeTimeoutMs?: number; callTimeoutMs?: number; resendCooldownMs?: number } {
  const params = new URLSearchParams(window.location.search);
  const read = (name: string) => (params.has(name) ? Number(params.get(name)) : undefined);
  return Object.fromEntries(
    (['challengeTimeoutMs', 'callTimeoutMs', 'resendCooldownMs'] as const).flatMap((k) => (read(k) === undefined ? [] : [[k, read(k)]])),
  );
}
