import { describe, expect, it } from 'vitest';
import {
  describeLogin,
  diagnoseDefinition,
  diagnoseOutputs,
  explainGroupMfa,
  normalizeDefinition,
  normalizeOutputs,
} from '../../amplify/doctor/doctor.js';
import { readLoginWith } from 'amplify-mfa-flow/amplify';
import type { AuthDefinitionLike } from '../../amplify/doctor/doctor.js';

// The project's own definition, imported by a computed name so that the main typecheck does not load
// @aws-amplify/backend's and aws-cdk-lib's declarations for it (about 8,000 files). amplify/tsconfig.json checks
// it against them, and amplify/doctor/cli.ts hands it to normalizeDefinition there, as this test does.
const { authDefinition } = (await import(`../../amplify/auth/${'resource'}.js`)) as { authDefinition: AuthDefinitionLike };

const codes = (def: AuthDefinitionLike) => diagnoseDefinition(def).map((f) => f.code);

describe('the config doctor', () => {
  it('finds nothing wrong with the product definition', () => {
    expect(diagnoseDefinition(authDefinition)).toEqual([]);
  });

  it('REQUIRED with SMS and an optional phone number: users without a phone cannot get codes', () => {
    expect(
      codes({
        loginWith: { email: true },
        multifactor: { mode: 'REQUIRED', sms: true, totp: true },
        userAttributes: { phoneNumber: { required: false } },
      }),
    ).toEqual(['REQUIRED_SMS_WITHOUT_PHONE']);
  });

  it('REQUIRED where SMS is the only method: SMS cannot be set up during sign-in', () => {
    expect(
      codes({
        loginWith: { email: true },
        multifactor: { mode: 'REQUIRED', sms: true },
        userAttributes: { phoneNumber: { required: true } },
      }),
    ).toEqual(['REQUIRED_SMS_ONLY']);
  });

  it('a mode with no method enabled', () => {
    expect(codes({ loginWith: { email: true }, multifactor: { mode: 'OPTIONAL' } })).toEqual(['MFA_WITHOUT_METHOD']);
    expect(codes({ loginWith: { email: true }, multifactor: { mode: 'REQUIRED', sms: false, totp: false } })).toEqual([
      'MFA_WITHOUT_METHOD',
    ]);
  });

  it('phone sign-in without SMS', () => {
    expect(codes({ loginWith: { phone: true }, multifactor: { mode: 'OPTIONAL', totp: true } })).toEqual(['PHONE_LOGIN_WITHOUT_SMS']);
    expect(codes({ loginWith: { phone: true } })).toEqual(['PHONE_LOGIN_WITHOUT_SMS']);
  });

  it('explains each finding in words, not just a code', () => {
    const [finding] = diagnoseDefinition({
      loginWith: { email: true },
      multifactor: { mode: 'REQUIRED', sms: true },
      userAttributes: { phoneNumber: { required: true } },
    });
    expect(finding?.message).toMatch(/cannot set up SMS during sign-in/);
  });

  it('reads amplify_outputs.json the same way', () => {
    expect(
      diagnoseOutputs({ auth: { mfa_configuration: 'OPTIONAL', mfa_methods: ['SMS', 'TOTP'], username_attributes: ['email'] } }),
    ).toEqual([]);
    expect(
      diagnoseOutputs({ auth: { mfa_configuration: 'REQUIRED', mfa_methods: ['SMS'], standard_required_attributes: ['email'] } }).map(
        (f) => f.code,
      ),
    ).toEqual(['REQUIRED_SMS_ONLY', 'REQUIRED_SMS_WITHOUT_PHONE']);
    expect(diagnoseOutputs({ auth: { mfa_configuration: 'OPTIONAL', mfa_methods: [] } }).map((f) => f.code)).toEqual([
      'MFA_WITHOUT_METHOD',
    ]);
    expect(diagnoseOutputs({ auth: { mfa_configuration: 'NONE', username_attributes: ['phone_number'] } }).map((f) => f.code)).toEqual([
      'PHONE_LOGIN_WITHOUT_SMS',
    ]);
  });
});

describe('the doctor knows what users sign in with', () => {
  it('names the identifiers and the loginWith the sign-in machine needs, from the definition or the outputs', () => {
    expect(describeLogin(normalizeDefinition({ loginWith: { email: true } }))).toContain("loginWith: ['email']");
    const both = describeLogin(
      normalizeDefinition({ loginWith: { email: true, phone: true }, multifactor: { mode: 'OPTIONAL', sms: true } }),
    );
    expect(both).toContain("loginWith: ['email', 'phone']");
    expect(both).toContain('E.164');
    expect(describeLogin(normalizeOutputs({ auth: { username_attributes: ['phone_number'] } }))).toContain("loginWith: ['phone']");
    expect(describeLogin(normalizeOutputs({ auth: { username_attributes: [] } }))).toContain("loginWith: ['username']");
  });

  it('agrees with configureAmplify on the same outputs', () => {
    for (const attrs of [['email'], ['phone_number'], ['email', 'phone_number'], []]) {
      const loginWith = readLoginWith({
        version: '1.4',
        auth: { aws_region: 'r', user_pool_id: 'r_x', user_pool_client_id: 'c', username_attributes: attrs },
      });
      expect(describeLogin(normalizeOutputs({ auth: { username_attributes: attrs } }))).toContain(
        `loginWith: [${loginWith.map((k) => `'${k}'`).join(', ')}]`,
      );
    }
  });
});

describe('the doctor on MFA for groups', () => {
  it('says nothing when the pool has no groups', () => {
    expect(explainGroupMfa(normalizeDefinition({ loginWith: { email: true } }))).toEqual([]);
  });

  it('for the product definition: Cognito has pool-wide MFA only, what the gate does and does not protect, and the server-side check', () => {
    const text = explainGroupMfa(normalizeDefinition(authDefinition)).join('\n');
    expect(text).toContain('Groups: admins.');
    expect(text).toMatch(
      /cannot require MFA for a group: a user pool's MFA is OFF, OPTIONAL or REQUIRED for every user \(this pool: OPTIONAL\)/,
    );
    expect(text).toContain("requireMfaForGroups (e.g. ['admins'])");
    expect(text).toContain('set up TOTP or SMS');
    expect(text).toMatch(/runs in the browser, after Cognito has already issued the tokens/);
    expect(text).toMatch(/pre-token-generation Lambda trigger that adds a claim such as mfa_enrolled/);
    expect(text).toMatch(/API authorization/);
  });

  it('reads the groups from amplify_outputs.json the same way', () => {
    const outputs = { auth: { mfa_configuration: 'OPTIONAL', mfa_methods: ['TOTP'], groups: [{ admins: { precedence: 0 } }] } } as const;
    expect(explainGroupMfa(normalizeOutputs(outputs))).toEqual(
      explainGroupMfa(
        normalizeDefinition({ loginWith: { email: true }, multifactor: { mode: 'OPTIONAL', totp: true }, groups: ['admins'] }),
      ),
    );
  });

  it('warns when no method the gate can set up is offered, and says a REQUIRED pool needs no gate', () => {
    const off = explainGroupMfa(normalizeDefinition({ loginWith: { email: true }, groups: ['admins'] })).join('\n');
    expect(off).toMatch(/blocked at the gate for good/);
    const required = explainGroupMfa(
      normalizeDefinition({ loginWith: { email: true }, multifactor: { mode: 'REQUIRED', totp: true }, groups: ['admins'] }),
    ).join('\n');
    expect(required).toMatch(/a per-group policy adds nothing/);
    expect(required).not.toMatch(/blocked/);
  });
});
