import type { ButtonProps, ErrorProps, InputProps, NormalizeProps, PropTypes } from '../../machines/shared/props.js';

/** An input's props in React's spelling. */
export interface ReactInputProps extends Omit<InputProps, 'autocomplete' | 'inputmode' | 'maxlength'> {
  readonly autoComplete: string;
  readonly inputMode?: InputProps['inputmode'];
  readonly maxLength?: number;
}

export interface ReactLabelProps {
  readonly id: string;
  readonly htmlFor: string;
}

/** The prop spelling the React hooks hand out (buttons and errors are spelled as in the DOM). */
export interface ReactPropTypes extends PropTypes {
  readonly input: ReactInputProps;
  readonly label: ReactLabelProps;
  readonly button: ButtonProps;
  readonly error: ErrorProps;
}

/** The DOM spelling turned into React's (`autoComplete`, `inputMode`, `maxLength`, `htmlFor`). */
export const normalizeProps: NormalizeProps<ReactPropTypes> = {
  input: ({ autocomplete, inputmode, maxlength, ...rest }) => ({
    ...rest,
    autoComplete: autocomplete,
    ...(inputmode === undefined ? {} : { inputMode: inputmode }),
    ...(maxlength === undefined ? {} : { maxLength: maxlength }),
  }),
  label: ({ id, for: htmlFor }) => ({ id, htmlFor }),
  button: (props) => props,
  error: (props) => props,
};
