/**
 * Checks a machine's input when its actor starts: a wrong option is a
 * programming error, so it stops the actor at once with a message that names
 * the machine, the option and what it got, instead of a flow that misbehaves
 * later (a lockout after -1 attempts, a challenge that expires at NaN).
 */

export class FlowInputError extends TypeError {
  override readonly name = 'FlowInputError';
}

const shown = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : String(value));

/** A duration in milliseconds: a finite number from `min` to a day; `fallback` when absent. */
export function durationInput(machine: string, name: string, value: unknown, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > 24 * 60 * 60 * 1000) {
    throw new FlowInputError(`${machine}: input.${name} must be a number of milliseconds from ${min} to 86400000 (got ${shown(value)})`);
  }
  return value;
}

/** A whole number from 1 to `max`; `fallback` when absent. */
export function countInput(machine: string, name: string, value: unknown, fallback: number, max = 100): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new FlowInputError(`${machine}: input.${name} must be a whole number from 1 to ${max} (got ${shown(value)})`);
  }
  return value;
}

/** A non-empty string of at most `max` characters; `fallback` when absent (undefined). */
export function textInput(machine: string, name: string, value: unknown, fallback?: string, max = 256): string {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max) {
    throw new FlowInputError(`${machine}: input.${name} must be a non-empty string of at most ${max} characters (got ${shown(value)})`);
  }
  return value;
}

/** One of the allowed values; `fallback` when absent. */
export function oneOf<T extends string | boolean>(machine: string, name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new FlowInputError(`${machine}: input.${name} must be one of ${allowed.map(shown).join(', ')} (got ${shown(value)})`);
  }
  return value as T;
}

/** A clock function; `Date.now` when absent. */
export function clockInput(machine: string, value: unknown): () => number {
  if (value === undefined) return Date.now;
  if (typeof value !== 'function') throw new FlowInputError(`${machine}: input.now must be a function returning ms since epoch`);
  return value as () => number;
}

/** The pool's MFA mode and methods (from `readCapabilities(outputs)`). */
export function poolCapabilitiesInput(
  machine: string,
  value: unknown,
): { mfaMode: 'OFF' | 'OPTIONAL' | 'REQUIRED'; mfaMethods: ('SMS' | 'TOTP' | 'EMAIL')[] } {
  const c = value as { mfaMode?: unknown; mfaMethods?: unknown } | undefined;
  const modes = ['OFF', 'OPTIONAL', 'REQUIRED'] as const;
  const methods = ['SMS', 'TOTP', 'EMAIL'] as const;
  if (
    !c ||
    typeof c !== 'object' ||
    !modes.includes(c.mfaMode as never) ||
    !Array.isArray(c.mfaMethods) ||
    !c.mfaMethods.every((m) => methods.includes(m))
  ) {
    throw new FlowInputError(
      `${machine}: input.capabilities must be { mfaMode: 'OFF' | 'OPTIONAL' | 'REQUIRED', mfaMethods: ('SMS' | 'TOTP' | 'EMAIL')[] } (readCapabilities gives it)`,
    );
  }
  return { mfaMode: c.mfaMode as (typeof modes)[number], mfaMethods: [...(c.mfaMethods as (typeof methods)[number][])] };
}
