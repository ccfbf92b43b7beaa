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
  readonly groups?: readonly string[];
}

/** The parts of `amplify_outputs.json` the doctor reads. */
export interface AuthOutputsLike {
  readonly auth?: {
    readonly mfa_configuration?: 'NONE' | 'OPTIONAL' | 'REQUIRED';
    readonly mfa_methods?: readonly string[];
    readonly standard_required_attributes?: readonly string[];
    readonly username_attributes?: readonly string[];
    /** `[{ admins: { precedence: 0 } }]`. */
    readonly groups?: readonly Readonly<Record<string, unknown>>[];
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
  readonly groups: readonly string[];
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
    groups: [...(def.groups ?? [])],
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
    groups: (auth.groups ?? []).flatMap((g) => Object.keys(g)),
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

/**
 * What the doctor says about MFA for groups, when the pool has groups: why
 * Cognito cannot require MFA for one group, what amplify-mfa-flow's policy gate
 * does instead, what that gate does not protect, and the server-side check
 * that must back it.
 */
export function explainGroupMfa(config: Normalized): string[] {
  if (config.groups.length === 0) return [];
  const names = config.groups.join(', ');
  const enrollable = config.mode !== 'OFF' && (config.methods.has('TOTP') || config.methods.has('SMS'));
  return [
    `Groups: ${names}. Cognito cannot require MFA for a group: a user pool's MFA is OFF, OPTIONAL or REQUIRED for every user (this pool: ${config.mode}), and sign-in never looks at groups.`,
    config.mode === 'REQUIRED'
      ? 'MFA is REQUIRED for everyone here, so every member has MFA already; a per-group policy adds nothing.'
      : `To require it for some groups, run the policy gate after sign-in: mfaPolicyMachine with requireMfaForGroups (e.g. ['${config.groups[0]}']) holds a member with no MFA method until they set up ${enrollable ? (['TOTP', 'SMS'] as const).filter((m) => config.methods.has(m)).join(' or ') : 'a method'}, and lets nothing past it but signing out.`,
    ...(config.mode !== 'REQUIRED' && !enrollable
      ? [
          'This pool offers no method the gate can set up (TOTP or SMS), so a member without MFA is blocked at the gate for good: enable multifactor.totp (or sms).',
        ]
      : []),
    'What the gate does not protect: it runs in the browser, after Cognito has already issued the tokens (the password alone signs a member in), so anyone with those tokens or the password can call Cognito and your APIs directly without passing it. Whoever has the password before MFA is set up can also set up their own authenticator. A change of membership reaches the tokens only when they are refreshed (the ID token lives an hour by default).',
    'So back it on the server: a pre-token-generation Lambda trigger that adds a claim such as mfa_enrolled (from AdminGetUser: UserMFASettingList is not empty) to the ID and access tokens, and API authorization (AppSync, API Gateway, your Lambda) that refuses members of the group whose token does not carry mfa_enrolled = true, or asks AdminGetUser itself for sensitive operations.',
  ];
}
