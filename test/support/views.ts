import { expect } from 'vitest';

/**
 * A view narrowed to one step, failing the test when it is on another: what
 * a UI does with `if (view.step === 'totpCode')`, as one line in a test.
 */
export function at<V extends { readonly step: string }, S extends V['step']>(view: V, step: S): Extract<V, { readonly step: S }> {
  expect(view.step).toBe(step);
  return view as Extract<V, { readonly step: S }>;
}
