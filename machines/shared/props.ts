/**
 * Prop getters, as Zag.js shapes them: a view hands out the attributes an
 * input, its label, its error and its buttons need (ids, autocomplete,
 * inputmode, aria-*), written once here and spelled for each framework by its
 * adapter's `normalizeProps`. The spelling below is the DOM's own (what
 * `setAttribute` and Vue templates take); React's adapter renames the few
 * keys React spells differently (`autoComplete`, `htmlFor`, …).
 */
import type { FlowError, FlowErrorCode, FlowErrorField } from './errors.js';
import { LIMITS } from './validation.js';

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

/** `getCodeInputProps()`, `getCodeLabelProps()` and so on for each input a step shows, and its form's submit button. */
export type FormGetters<F extends FlowErrorField, T extends PropTypes = DomPropTypes> = {
  readonly [K in F as `get${Capitalize<K>}InputProps`]: () => T['input'];
} & {
  readonly [K in F as `get${Capitalize<K>}LabelProps`]: () => T['label'];
} & {
  /** Disabled while busy. */
  readonly getSubmitButtonProps: () => T['button'];
};

/** What every step of every view has besides its `step`. */
export interface ViewBase<T extends PropTypes = DomPropTypes> {
  /** A call is in flight: inputs and buttons that start one are disabled. */
  readonly busy: boolean;
  readonly error: FlowError | null;
  /** The machine's active state ids, for a live diagram or debugging. */
  readonly activeStates: readonly string[];
  /** The element that shows `error`; an input points at it (aria-describedby) while the error is about that input. */
  getErrorProps(): T['error'];
}

/** One step of a view, flattened so editors show it as one object: the step, the shared part and the step's own members. */
export type StepView<S extends string, Own, T extends PropTypes = DomPropTypes> = Flat<{ readonly step: S } & ViewBase<T> & Own>;
type Flat<X> = X extends infer O ? { readonly [K in keyof O]: O[K] } : never;

const FIELDS: Readonly<Record<FlowErrorField, Pick<InputProps, 'type' | 'autocomplete' | 'inputmode' | 'maxlength'>>> = {
  username: { type: 'email', autocomplete: 'username', maxlength: LIMITS.username },
  password: { type: 'password', autocomplete: 'current-password', maxlength: LIMITS.password },
  newPassword: { type: 'password', autocomplete: 'new-password', maxlength: LIMITS.password },
  // Longer than 6: people paste codes with spaces or dashes, which are dropped before the check.
  code: { type: 'text', autocomplete: 'one-time-code', inputmode: 'numeric', maxlength: LIMITS.code },
  email: { type: 'email', autocomplete: 'email', maxlength: LIMITS.username },
  phone: { type: 'tel', autocomplete: 'tel', inputmode: 'tel', maxlength: LIMITS.phone },
  // A custom challenge's answer: free text (amplify-mfa-flow/passwordless refuses more than 2048 characters).
  answer: { type: 'text', autocomplete: 'off', maxlength: 2048 },
};

/** Cognito's errors name no input; these are about one whenever the step shows it. */
const FIELD_OF: Partial<Record<FlowErrorCode, FlowErrorField>> = {
  WRONG_CODE: 'code',
  CODE_EXPIRED: 'code',
  INVALID_PASSWORD: 'newPassword',
};

/** What a `connect*` builds its prop getters from. */
export interface PropKit<T extends PropTypes> {
  /** The input and label getters of these inputs, and the submit button's. */
  form<F extends FlowErrorField>(...names: F[]): FormGetters<F, T>;
  /** Another button (resend, a method), disabled while busy or when `disabled`. */
  button(disabled?: boolean): T['button'];
  error(): T['error'];
}

/**
 * Prop getters for one snapshot: ids from `options.id` (else the machine id),
 * the error linked to the input it is about, everything disabled while busy,
 * each spelled by `options.normalize` (the DOM's spelling by default).
 */
export function propKit<T extends PropTypes>(
  options: ConnectOptions<T> | undefined,
  machineId: string,
  busy: boolean,
  error: FlowError | null,
  fieldOf: Partial<Record<FlowErrorCode, FlowErrorField>> = {},
): PropKit<T> {
  const id = options?.id ?? machineId;
  // Without a normalizer the props stay in the DOM's spelling, which is what T defaults to.
  const normalize = (options?.normalize ?? domNormalizer) as NormalizeProps<T>;
  const errorId = `${id}-error`;
  const about = error ? (error.field ?? fieldOf[error.code] ?? FIELD_OF[error.code]) : undefined;
  const input = (name: FlowErrorField): T['input'] =>
    normalize.input({
      id: `${id}-${name}`,
      name,
      ...FIELDS[name],
      required: true,
      disabled: busy,
      'aria-invalid': about === name,
      ...(about === name ? { 'aria-describedby': errorId } : {}),
    });
  const label = (name: FlowErrorField): T['label'] => normalize.label({ id: `${id}-${name}-label`, for: `${id}-${name}` });
  const capitalized = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
  return {
    form: <F extends FlowErrorField>(...names: F[]) =>
      Object.fromEntries([
        ...names.flatMap((name) => [
          [`get${capitalized(name)}InputProps`, () => input(name)],
          [`get${capitalized(name)}LabelProps`, () => label(name)],
        ]),
        ['getSubmitButtonProps', () => normalize.button({ type: 'submit', disabled: busy, ...(busy ? { 'aria-busy': true } : {}) })],
      ]) as FormGetters<F, T>,
    button: (disabled = false) => normalize.button({ type: 'button', disabled: busy || disabled }),
    error: () => normalize.error({ id: errorId, role: 'alert', 'aria-live': 'assertive' }),
  };
}
