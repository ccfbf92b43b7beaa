/**
 * The config doctor: explains, in plain words, the MFA set-ups that Amplify
 * accepts at synth time but that lock users out or fail at run time.
 */

/** The parts of a `defineAuth({...})` argument the doctor reads. */
export interface AuthDefinitionLike {
  readonly loginWith: { readonly email?: unknown; readonly phone?: unknown };
  readonly multifactor?:
    | { readonly mode: 'OFF' }
    | { readonly mode: 'OPTIONAL' | 'REQUIRED'; readonly sms?: unknown; readonly totp?: unknown; readonly email?: unknown };
  readonly userAttributes?: { readonly phoneNumber?: { readonly required?: boolean } };
}

/** The parts of `amplify_outputs.json` the doctor reads. */
export interface AuthOutputsLike {
  readonly auth?: {
    readonly mfa_configuration?: 'NONE' | 'OPTIONAL' | 'REQUIRED';
    readonly mfa_methods?: readonly string[];
    readonly standard_required_attributes?: readonly string[];
    readonly username_attributes?: readonly string[];
  };
}

type FindingCode = 'REQUIRED_SMS_WITHOUT_PHONE' | 'REQUIRED_SMS_ONLY' | 'MFA_WITHOUT_METHOD' | 'PHONE_LOGIN_WITHOUT_SMS';

export interface Finding {
  readonly code: FindingCode;
  readonly message: string;
}

interface Normalized {
  readonly mode: 'OFF' | 'OPTIONAL' | 'REQUIRED';
  readonly methods: ReadonlySet<'SMS' | 'TOTP' | 'EMAIL'>;
  readonly phoneRequired: boolean;
  readonly phoneLogin: boolean;
  readonly emailLogin: boolean;
}

function enabled(setting: unknown): boolean {
  return setting !== undefined && setting !== false;
}

export function normalizeDefinition(def: AuthDefinitionLike): Normalized {
  const mfa = def.multifactor;
  const methods = new Set<'SMS' | 'TOTP' | 'EMAIL'>();
  if (mfa && mfa.mode !== 'OFF') {
    if (enabled(mfa.sms)) methods.add('SMS');
    if (enabled(mfa.totp)) methods.add('TOTP');
    if (enabled(mfa.email)) methods.add('EMAIL');
  }
  return {
    mode: mfa?.mode ?? 'OFF',
    methods,
    phoneRequired: def.userAttributes?.phoneNumber?.required === true,
    phoneLogin: enabled(def.loginWith.phone),
    emailLogin: enabled(def.loginWith.email),
  };
}

export function normalizeOutputs(outputs: AuthOutputsLike): Normalized {
  const auth = outputs.auth ?? {};
  const mode = auth.mfa_configuration === 'REQUIRED' ? 'REQUIRED' : auth.mfa_configuration === 'OPTIONAL' ? 'OPTIONAL' : 'OFF';
  const methods = new Set(
    (auth.mfa_methods ?? []).filter((m): m is 'SMS' | 'TOTP' | 'EMAIL' => m === 'SMS' || m === 'TOTP' || m === 'EMAIL'),
  );
  return {
    mode,
    methods: mode === 'OFF' ? new Set() : methods,
    phoneRequired: (auth.standard_required_attributes ?? []).includes('phone_number'),
    phoneLogin: (auth.username_attributes ?? []).includes('phone_number'),
    emailLogin: (auth.username_attributes ?? []).includes('email'),
  };
}

export function diagnose(config: Normalized): Finding[] {
  const findings: Finding[] = [];
  const { mode, methods } = config;
  if (mode !== 'OFF' && methods.size === 0) {
    findings.push({
      code: 'MFA_WITHOUT_METHOD',
      message: `MFA is ${mode} but no method (SMS, TOTP or email) is enabled, so no user can ever use or set up MFA.`,
    });
  }
  if (mode === 'REQUIRED' && methods.size === 1 && methods.has('SMS')) {
    findings.push({
      code: 'REQUIRED_SMS_ONLY',
      message:
        'MFA is REQUIRED and SMS is the only method. Cognito cannot set up SMS during sign-in, so a new user without a verified phone can never finish signing in. Enable TOTP (or email) as well, or make MFA OPTIONAL.',
    });
  }
  if (mode === 'REQUIRED' && methods.has('SMS') && !config.phoneRequired) {
    findings.push({
      code: 'REQUIRED_SMS_WITHOUT_PHONE',
      message:
        'MFA is REQUIRED with SMS, but the phone number is not a required attribute. Users who sign up without one cannot receive SMS codes. Make userAttributes.phoneNumber required, or rely on TOTP.',
    });
  }
  if (config.phoneLogin && !methods.has('SMS')) {
    findings.push({
      code: 'PHONE_LOGIN_WITHOUT_SMS',
      message:
        'Sign-in with a phone number needs SMS to be enabled (Amplify fails at synth otherwise). Enable multifactor.sms or drop loginWith.phone.',
    });
  }
  return findings;
}

/**
 * What users type to sign in, and the sign-in machine's `loginWith` for it
 * (`configureAmplify` reads the same from amplify_outputs.json).
 */
export function describeLogin(config: Normalized): string {
  const kinds = [...(config.emailLogin ? ['email'] : []), ...(config.phoneLogin ? ['phone'] : [])];
  if (kinds.length === 0) {
    return "Users sign in with a username (no email or phone username attribute: a pool made outside Gen 2). Pass loginWith: ['username'].";
  }
  const words =
    kinds.length === 2
      ? 'their email address or their phone number (E.164, +country code), either one'
      : kinds[0] === 'email'
        ? 'their email address'
        : 'their phone number (E.164, +country code)';
  const phoneNote = config.phoneLogin
    ? ' A phone number is the username here, so SMS must stay enabled for sign-up and reset codes, and the number typed is sent as E.164.'
    : '';
  return `Users sign in with ${words}. Pass loginWith: [${kinds.map((k) => `'${k}'`).join(', ')}].${phoneNote}`;
}

export function diagnoseDefinition(def: AuthDefinitionLike): Finding[] {
  return diagnose(normalizeDefinition(def));
}

export function diagnoseOutputs(outputs: AuthOutputsLike): Finding[] {
  return diagnose(normalizeOutputs(outputs));
}
