/**
 * The requests aws-amplify makes (through `fetch`) while `run` runs: how many
 * in all, and the Cognito operations among them (their `X-Amz-Target`, e.g.
 * `InitiateAuth`), in order.
 */
export async function recordRequests<T>(run: () => Promise<T>): Promise<{ result: T; count: number; targets: string[] }> {
  const targets: string[] = [];
  let count = 0;
  const original = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    count += 1;
    const target = new Headers(init?.headers).get('x-amz-target');
    if (target) targets.push(target.split('.').pop() ?? target);
    return original(input, init);
  };
  try {
    const result = await run();
    return { result, count, targets };
  } finally {
    globalThis.fetch = original;
  }
}
