import type { ButtonProps, ErrorProps, InputProps, LabelProps, NormalizeProps, PropTypes } from '../../machines/shared/props.js';

/** The attribute names React spells its own way; every other name (`id`, `aria-*`, `role`) is the DOM's. */
const REACT_NAMES = {
  autocomplete: 'autoComplete',
  for: 'htmlFor',
  inputmode: 'inputMode',
  maxlength: 'maxLength',
  readonly: 'readOnly',
  tabindex: 'tabIndex',
} as const;

type ReactNames = typeof REACT_NAMES;

/** Props in React's spelling: the same values, the keys React renames renamed. */
export type ReactSpelling<P> = { readonly [K in keyof P as K extends keyof ReactNames ? ReactNames[K] : K]: P[K] };

export type ReactInputProps = ReactSpelling<InputProps>;
export type ReactLabelProps = ReactSpelling<LabelProps>;
export type ReactButtonProps = ReactSpelling<ButtonProps>;
export type ReactErrorProps = ReactSpelling<ErrorProps>;

/** The prop spelling the React hooks hand out. */
export interface ReactPropTypes extends PropTypes {
  readonly input: ReactInputProps;
  readonly label: ReactLabelProps;
  readonly button: ReactButtonProps;
  readonly error: ReactErrorProps;
}

function toReact<P extends object>(props: P): ReactSpelling<P> {
  const renamed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(props)) renamed[REACT_NAMES[name as keyof ReactNames] ?? name] = value;
  return renamed as ReactSpelling<P>;
}

/** The DOM spelling turned into React's (`autoComplete`, `htmlFor`, `inputMode`, `maxLength`, `readOnly`, `tabIndex`). */
export const normalizeProps: NormalizeProps<ReactPropTypes> = { input: toReact, label: toReact, button: toReact, error: toReact };
