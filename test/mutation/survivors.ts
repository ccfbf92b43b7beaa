/**
 * Why each mutant that survives `npm run mutation` is left: the first reason that applies is the one
 * docs/mutation.md prints. `equivalent`: no test can tell the mutant from the original (the behaviour is the same).
 * `left`: a real difference no pure machine test observes, with where it is covered instead, or why not.
 */
export interface Survivor {
  readonly file: string;
  readonly line: number;
  readonly mutator: string;
  /** The code the mutant replaced, and what it put there. */
  readonly original: string;
  readonly replacement: string;
  /** The whole source line the mutant starts on. */
  readonly lineText: string;
  readonly status: string;
}

export interface Reason {
  readonly kind: 'equivalent' | 'left';
  readonly reason: string;
  readonly applies: (s: Survivor) => boolean;
}

const EVENT_CHECK = /^event\.type (===|!==) '[A-Z_.]+'( (\|\||&&) event\.type (===|!==) '[A-Z_.]+')?$/;
const passesThrough = (s: Survivor) =>
  (s.original.includes('===') && s.replacement === 'true' && !s.original.includes('!==')) ||
  (s.original.includes('!==') && s.replacement === 'false' && !s.original.includes('==='));

export const REASONS: readonly Reason[] = [
  {
    kind: 'equivalent',
    reason:
      "The output is made only in a final state, and each final state's entry sets the status (saved, cancelled or signedOut), so it is never still `working` there: the fallback to `cancelled` is never the branch taken.",
    applies: (s) =>
      s.file.endsWith('recoveryCodes.machine.ts') &&
      s.lineText.includes("context.status === 'working' ? 'cancelled' : context.status") &&
      (s.replacement === 'false' || s.original === "'working'" || s.original === "'cancelled'"),
  },
  {
    kind: 'equivalent',
    reason:
      'storeCode runs only behind the `codeWellFormed` guard, which passed the same check on the same code, so the fallback for a code that fails it is never taken.',
    applies: (s) =>
      s.file.endsWith('recoverySignIn.machine.ts') && s.lineText.includes("code: checked.ok ? checked.value : ''") && s.original === "''",
  },
  {
    kind: 'equivalent',
    reason:
      '`attemptsLeft` starts from the same option with the same check as `maxAttempts` on the line before, which refuses a bad value first: the names on this line never reach a message.',
    applies: (s) => s.mutator === 'StringLiteral' && /^\s*attemptsLeft: countInput\(/.test(s.lineText),
  },
  {
    kind: 'equivalent',
    reason:
      'XState runs this guard, action or input only on the events of its own transitions, so the event-type check (a TypeScript narrowing) always passes there; the mutant lets it pass too.',
    applies: (s) =>
      s.mutator === 'ConditionalExpression' &&
      (EVENT_CHECK.test(s.original) || /^event\.type === '[A-Z_.]+' \? /.test(s.original)) &&
      passesThrough(s),
  },
  {
    kind: 'equivalent',
    reason: '`setup({ types })` is for TypeScript only: XState reads nothing from it at run time.',
    applies: (s) => s.mutator === 'ObjectLiteral' && /^\{ context: \{\} as /.test(s.original),
  },
  {
    kind: 'equivalent',
    reason:
      'An option read before this one already refuses a missing input (totpIssuer for the TOTP flow, capabilities for the settings, the group list for the MFA gate), so `input` is never undefined here.',
    applies: (s) =>
      s.mutator === 'OptionalChaining' &&
      /^input\?\./.test(s.original) &&
      /(totpEnrollment|mfaSettings|mfaPolicy)\.machine\.ts$/.test(s.file) &&
      !s.lineText.includes('groupsInput(input?.requireMfaForGroups)'),
  },
  {
    kind: 'equivalent',
    reason:
      'The settings are read only on steps where they are loaded (`ready`, or after `ready &&`), so `status` is never null where this runs.',
    applies: (s) => s.mutator === 'OptionalChaining' && /^(context|c)\.status\?\./.test(s.original),
  },
  {
    kind: 'equivalent',
    reason:
      "A cancelled flow's output says `cancelled` twice over: the final state's `markCancelled` sets the status, and the output maps a status still unset to `cancelled`; either alone gives the same output.",
    applies: (s) =>
      /(totpEnrollment|phoneVerification)\.machine\.ts$/.test(s.file) &&
      (/^context\.status === '(enrolling|verifying)'$/.test(s.original) ||
        /^'(enrolling|verifying|cancelled|markCancelled)'$/.test(s.original) ||
        s.original === "{ status: 'cancelled' as const }"),
  },
  {
    kind: 'equivalent',
    reason:
      'The first shape check of the attributes is a shortcut: without it, null makes `Object.getPrototypeOf` throw (caught, the same refusal), and text, numbers and arrays have a prototype other than `Object.prototype` (the same refusal).',
    applies: (s) =>
      s.file.endsWith('shared/validation.ts') &&
      s.lineText.includes("if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return refuse();") &&
      (s.mutator === 'LogicalOperator' || (s.mutator === 'ConditionalExpression' && s.replacement === 'false')),
  },
  {
    kind: 'equivalent',
    reason:
      'A value that is not a string fails the next read (`.length` of a number is undefined, `.replace` then throws) and the catch refuses it the same way.',
    applies: (s) => s.file.endsWith('shared/validation.ts') && s.original === "typeof text !== 'string'" && s.replacement === 'false',
  },
  {
    kind: 'equivalent',
    reason:
      'Line breaks and tabs are taken out before the invisible-character test; what they are replaced with is visible text, so the test gives the same answer.',
    applies: (s) =>
      s.file.endsWith('shared/validation.ts') && s.mutator === 'StringLiteral' && s.original === "''" && /\[\\n\\t\]/.test(s.lineText),
  },
  {
    kind: 'equivalent',
    reason:
      'With only `phone` allowed, a phone number that fails falls through to the username test, which `phone` alone never passes: the same refusal.',
    applies: (s) => s.file.endsWith('shared/validation.ts') && s.original === "!kinds.includes('username')",
  },
  {
    kind: 'equivalent',
    reason: 'The phone number loses every space after `trim()` anyway (`\\s` in the next pattern is the same set of characters).',
    applies: (s) => s.file.endsWith('shared/validation.ts') && s.mutator === 'MethodExpression' && s.original === 'raw.trim()',
  },
  {
    kind: 'equivalent',
    reason: 'A code that is not a string is not in the set of codes either (`Set.has` compares by type).',
    applies: (s) => s.file.endsWith('shared/errors.ts') && s.original === "typeof code === 'string'",
  },
  {
    kind: 'equivalent',
    reason: 'An empty block returns `undefined` just as `return undefined` does.',
    applies: (s) => s.file.endsWith('shared/errors.ts') && s.mutator === 'BlockStatement' && s.original === '{ return undefined; }',
  },
  {
    kind: 'equivalent',
    reason:
      'A value that is not a number fails the next test too (`Number.isFinite` and `Number.isInteger` are false for strings and BigInts).',
    applies: (s) => s.file.endsWith('shared/input.ts') && s.original === "typeof value !== 'number'" && s.replacement === 'false',
  },
  {
    kind: 'equivalent',
    reason: 'Taking out whitespace one character or one run at a time leaves the same text.',
    applies: (s) => s.file.endsWith('shared/types.ts') && s.mutator === 'Regex' && s.original === '/\\s+/g',
  },
  {
    kind: 'equivalent',
    reason:
      "The last `enrolling` entry of the view's step list: `{}` matches only a value inside `enrolling`, and every other state inside it is listed before, so it is reached by `enrolling.tooManyAttempts` alone, as the original is.",
    applies: (s) =>
      s.file.endsWith('totpEnrollment/totpEnrollment.view.ts') &&
      s.mutator === 'ObjectLiteral' &&
      s.original === "{ enrolling: 'tooManyAttempts' }",
  },
  {
    kind: 'equivalent',
    reason:
      "`matches({})` holds for any state value that is an object and for no string: every gate state but `blocked` is matched by an entry before it, and the states after it are top-level strings, so `{}` finds the same states `{ gate: 'blocked' }` does.",
    applies: (s) => s.file.endsWith('mfaPolicy/mfaPolicy.view.ts') && s.mutator === 'ObjectLiteral' && s.original === "{ gate: 'blocked' }",
  },
  {
    kind: 'left',
    reason:
      'test/machines/validation.edges.test.ts, written after this run, goes red with this mutant applied by hand; the next run counts it.',
    applies: (s) =>
      (s.file.endsWith('shared/validation.ts') && ((s.line >= 120 && s.line <= 160) || s.original === 'INVISIBLE.test(value)')) ||
      (s.file.endsWith('shared/errors.ts') && /^!e \|\| typeof e !== 'object'$|^typeof e !== 'object'$/.test(s.original)) ||
      (s.file.endsWith('shared/input.ts') && s.original === "typeof c !== 'object'") ||
      (s.file.endsWith('shared/types.ts') && (s.original === "''" || s.original === "typeof value !== 'object'")),
  },
  {
    kind: 'left',
    reason:
      'Which flow and option a wrong `callTimeoutMs` or `maxAttempts` names in its message; test/machines/input.test.ts checks that wording for the other options.',
    applies: (s) =>
      s.mutator === 'StringLiteral' &&
      /(Input|countInput|durationInput)\(/.test(s.lineText) &&
      /(callTimeoutMs|maxAttempts)/.test(s.lineText),
  },
  {
    kind: 'equivalent',
    reason:
      "XState never changes an actor's children without a new snapshot of the actor, so a tree that lost or gained a child never has every snapshot unchanged; and `made` is set where this runs.",
    applies: (s) => s.file.endsWith('shared/flow.ts') && /made\??\.snapshots/.test(s.original),
  },
  {
    kind: 'equivalent',
    reason:
      'A change is heard only through subscriptions that exist while a listener does (the last unsubscribe drops them all), and a second listener finds the tree already followed and the last view already told: the guards save work only.',
    applies: (s) => s.file.endsWith('shared/flow.ts') && /^listeners\.size === [01]$/.test(s.original),
  },
  {
    kind: 'equivalent',
    reason:
      'Only a device the list shows passes: the guard runs only on DEVICE.FORGET, and `devices.some((d) => d.id === event.deviceId)` is false for a key that is not a string (every listed id is one), so the event and type checks before it decide nothing the list check does not.',
    applies: (s) =>
      s.file.endsWith('devices.machine.ts') &&
      (s.original === "typeof event.deviceId === 'string'" ||
        s.original === "event.type === 'DEVICE.FORGET' && typeof event.deviceId === 'string'") &&
      (s.replacement === 'true' || s.replacement === "event.type === 'DEVICE.FORGET' || typeof event.deviceId === 'string'"),
  },
  {
    kind: 'equivalent',
    reason:
      "The one transition into `forgetting` sets the device being forgotten (startForgetting, behind the `listed` guard), so `context.forgetting ?? ''` never falls back there.",
    applies: (s) => s.file.endsWith('devices.machine.ts') && /context\.forgetting \?\? ''/.test(s.lineText) && s.original === "''",
  },
  {
    kind: 'equivalent',
    reason:
      'The restore rule never sees `forgetting`: persistable() turns a stored call in flight into the step its timeout leads to (`loading` for a forget) before the rule reads the value, so this branch of the condition is never the one that holds.',
    applies: (s) =>
      s.file.endsWith('devices.machine.ts') &&
      ((s.original === "value === 'forgetting'" && s.replacement === 'false') || (s.original === "'forgetting'" && s.replacement === '""')),
  },
  {
    kind: 'equivalent',
    reason:
      'Only a listed passkey is chosen: `chosen` finds it by `===` on its id, which matches nothing for another event (no id) or an id that is not a string (every listed id is one), so the event and type checks before it decide nothing the find does not.',
    applies: (s) =>
      s.file.endsWith('passkeys.machine.ts') &&
      s.lineText.includes("if (event.type !== 'PASSKEY.DELETE' || typeof event.id !== 'string') return undefined;") &&
      (s.mutator === 'ConditionalExpression' || s.mutator === 'LogicalOperator'),
  },
  {
    kind: 'equivalent',
    reason:
      'Adding and deleting are offered only in `ready`, which is entered only with the list Cognito gave (`storePasskeys`), so `context.passkeys` is never null where these guards run.',
    applies: (s) =>
      s.file.endsWith('passkeys.machine.ts') && s.mutator === 'OptionalChaining' && s.original.startsWith('context.passkeys?.'),
  },
  {
    kind: 'equivalent',
    reason:
      "Re-authenticating and adopting are entered only from the sign-in time's answer, which stores it (`storeSignIn`), and deleting only with a listed passkey chosen: the sign-in and the choice are never null there, and their fallbacks never run.",
    applies: (s) =>
      s.file.endsWith('passkeys.machine.ts') &&
      ((s.mutator === 'OptionalChaining' && /^context\.(signIn|selected)\?\./.test(s.original)) ||
        (s.mutator === 'StringLiteral' && s.original === "''" && /context\.(signIn|selected)\?\.\w+ \?\? ''/.test(s.lineText))),
  },
  {
    kind: 'equivalent',
    reason: "`mfaOn` runs only on loadMfaStatus's answer, which is a status: `hasMfa` is never given null there.",
    applies: (s) => s.file.endsWith('mfaPolicy.machine.ts') && s.mutator === 'OptionalChaining' && s.original === 'status?.enabled',
  },
  {
    kind: 'left',
    reason:
      'A user whose token has no groups is in none: the fallback list is filtered by the policy, so the mutant differs only for a policy that lists its own made-up group name. No test names that group.',
    applies: (s) =>
      s.file.endsWith('mfaPolicy.machine.ts') && s.lineText.includes('return (groups ?? []).filter(') && s.mutator === 'ArrayDeclaration',
  },
  {
    kind: 'left',
    reason:
      "observeFlow's bookkeeping (empty child slots, letting go of child flows that left): test/dom/observeFlow.bookkeeping.test.ts, written after this run, goes red with it applied by hand; the next run counts it.",
    applies: (s) => s.file.endsWith('shared/flow.ts'),
  },
  {
    kind: 'left',
    reason:
      'With this action (or its update) removed, nothing the run observes changes on the paths it walks: the value it resets is already reset there. A test that reaches it with a stale value is owed.',
    applies: (s) =>
      (s.mutator === 'StringLiteral' && /actions: |entry: /.test(s.lineText) && /^'[a-zA-Z]+'$/.test(s.original)) ||
      (s.mutator === 'ObjectLiteral' && /assign\(/.test(s.lineText)),
  },
  {
    kind: 'left',
    reason: 'No test in the mutation run reaches this line (the suites that do are left out of the run for time, or none does yet).',
    applies: (s) => s.status === 'NoCoverage',
  },
  {
    kind: 'left',
    reason: 'A real difference that no test in the run observes yet: a test is owed.',
    applies: () => true,
  },
];
