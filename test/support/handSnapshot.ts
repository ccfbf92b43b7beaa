/**
 * A snapshot made by hand for a view test: the context, a state value at most one level deep, the children and
 * whether it is busy. `matches` answers as XState's does for such a value: a parent by its name, a child by
 * `{ parent: child }`, an object pattern never a string value.
 */
export function handSnapshot<S>(
  value: string | Record<string, string>,
  context: object,
  options: { busy?: boolean; children?: Record<string, unknown> } = {},
): S {
  const matches = (v: string | Record<string, string>) =>
    typeof v === 'string'
      ? value === v || (typeof value === 'object' && v in value)
      : typeof value === 'object' && Object.entries(v).every(([k, child]) => value[k] === child);
  const busy = options.busy ?? false;
  return { context, value, children: options.children ?? {}, hasTag: (tag: string) => busy && tag === 'busy', matches } as unknown as S;
}
