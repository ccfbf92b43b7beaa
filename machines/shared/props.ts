/**
 * Prop getters, as Zag.js shapes them: a view hands out the attributes an
 * input, its label, its error and its buttons need (ids, autocomplete,
 * inputmode, aria-*), written once here and spelled for each framework by its
 * adapter's `normalizeProps`. The spelling below is the DOM's own (what
 * `setAttribute` and Vue templates take); React's adapter renames the few
 * keys React spells differently (`autoComplete`, `htmlFor`, …).
 */

export interface InputProps {
  readonly id: string;
  readonly name: string;
  readonly type: 'text' | 'password' | 'email' | 'tel';
  readonly autocomplete: string;
  readonly inputmode?: 'numeric' | 'email' | 'tel' | 'text';
  readonly maxlength?: number;
  readonly pattern?: string;
  readonly required: boolean;
  readonly disabled: boolean;
  readonly 'aria-invalid': boolean;
  /** The id of the error message, while there is one for this input. */
  readonly 'aria-describedby'?: string;
}

export interface LabelProps {
  readonly id: string;
  readonly for: string;
}

export interface ButtonProps {
  readonly type: 'submit' | 'button';
  readonly disabled: boolean;
  readonly 'aria-busy'?: boolean;
}

/** The element that shows the current error: announced when it changes. */
export interface ErrorProps {
  readonly id: string;
  readonly role: 'alert';
  readonly 'aria-live': 'assertive';
}

/** What one framework's props look like for each kind of element. */
export interface PropTypes {
  readonly input: unknown;
  readonly label: unknown;
  readonly button: unknown;
  readonly error: unknown;
}

/** The DOM spelling, used when no adapter says otherwise. */
export interface DomPropTypes extends PropTypes {
  readonly input: InputProps;
  readonly label: LabelProps;
  readonly button: ButtonProps;
  readonly error: ErrorProps;
}

/** Turns the DOM spelling into one framework's; each adapter exports one. */
export interface NormalizeProps<T extends PropTypes> {
  input(props: InputProps): T['input'];
  label(props: LabelProps): T['label'];
  button(props: ButtonProps): T['button'];
  error(props: ErrorProps): T['error'];
}

const same = <P>(props: P): P => props;

/** The identity normalizer: DOM spelling, for plain DOM and Vue. */
export const domNormalizer: NormalizeProps<DomPropTypes> = { input: same, label: same, button: same, error: same };

/** Options every `connect*` takes after the snapshot and `send`. */
export interface ConnectOptions<T extends PropTypes = DomPropTypes> {
  /** Prefix for element ids, unique per flow on a page (adapters pass one). Defaults to the machine id. */
  readonly id?: string;
  readonly normalize?: NormalizeProps<T>;
}
