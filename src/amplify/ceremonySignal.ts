/**
 * Lets a stopped actor close the browser's passkey prompt. aws-amplify v6
 * calls `navigator.credentials.get` (sign-in) and `.create` (registration)
 * itself and passes no `AbortSignal`, so Cancel, "another method" or a
 * flow's timeout used to leave the prompt open, and the page's next ceremony
 * failed ("A request is already pending."). While a call runs under
 * `withCeremonySignal`, both methods are wrapped to add its signal (xstate's
 * `fromPromise` aborts it when the actor stops), combined with any the caller
 * passed; the last call to end puts back what was there.
 *
 * Overlapping calls share one wrapper, and every ceremony started meanwhile
 * gets all their signals: a page holds one prompt at a time and the wrapper
 * cannot tell whose call asks for it, so a stop closes it rather than leave it
 * open (at worst the other call reads `PASSKEY_CANCELLED`, which is
 * retryable), and a stopped call's late ceremony is refused, never opened.
 * Someone else's wrapper put over ours while a call ran is left in place; ours,
 * under it, then adds nothing once no call runs. Browsers without
 * `AbortSignal.any` (Safari before 17.4) are left as they are.
 */

type Method = (this: unknown, options?: { signal?: AbortSignal }) => Promise<unknown>;

// The signals of the calls running now; one entry a call, so that two calls with the same signal end one at a time.
const running: AbortSignal[] = [];
const restore: (() => void)[] = [];

/** Runs `call` (an aws-amplify call that may open the passkey prompt) so that aborting `signal` closes the prompt. */
export async function withCeremonySignal<T>(signal: AbortSignal, call: () => Promise<T>): Promise<T> {
  const credentials = (globalThis as { navigator?: { credentials?: Record<'get' | 'create', Method> } }).navigator?.credentials;
  if (credentials && 'any' in AbortSignal && !running.length) {
    try {
      for (const name of ['get', 'create'] as const) {
        const before = credentials[name];
        const wrapped: Method = function (options) {
          const signals = options?.signal ? [...running, options.signal] : running;
          return before.call(this, running.length ? { ...options, signal: AbortSignal.any(signals) } : options);
        };
        credentials[name] = wrapped;
        restore.push(() => {
          if (credentials[name] !== wrapped) return;
          // Deleting ours shows the prototype's method again; an own one that was there before is put back.
          delete (credentials as Partial<typeof credentials>)[name];
          if (credentials[name] !== before) credentials[name] = before;
        });
      }
    } catch {
      // A container that cannot be written to keeps its prompt as aws-amplify opens it.
    }
  }
  running.push(signal);
  try {
    return await call();
  } finally {
    running.splice(running.indexOf(signal), 1);
    if (!running.length) for (const undo of restore.splice(0)) undo();
  }
}
