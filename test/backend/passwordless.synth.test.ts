import { beforeAll, describe, expect, it } from 'vitest';
import { Template } from './template.js';
import type { CachedSynth } from '../../amplify/local/synth.js';
import { synthesizePasswordless } from '../support/passwordless.js';

// The passwordless, passkey-first variant (amplify/variants/passwordless),
// synthesized offline (cached by its content like the main definition).
let synth: CachedSynth;
let template: Template;
beforeAll(async () => {
  synth = await synthesizePasswordless();
  const auth = Object.values(synth.templates).find((t) =>
    Object.values(t.Resources ?? {}).some((r) => r.Type === 'AWS::Cognito::UserPool'),
  );
  template = Template.fromJSON(auth as Record<string, unknown>);
}, 120_000);

describe('the passwordless Gen 2 variant synthesizes to a pool with choice-based sign-in', () => {
  it('allows a password, email and SMS codes and passkeys as first factors', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] } },
    });
    expect(synth.pool.allowedFirstAuthFactors).toEqual(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN']);
  });

  it('has optional MFA by SMS or TOTP, which users set up for themselves and are then offered the password alone', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
    });
    expect(synth.pool.mfaConfiguration).toBe('OPTIONAL');
    expect(synth.pool.enabledMfas).toEqual(['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
  });

  it('remembers a device when the user asks, as the product pool does', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    });
    expect(synth.pool.deviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true });
  });

  it('binds passkeys to the relying party localhost, with user verification preferred', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      WebAuthnRelyingPartyID: 'localhost',
      WebAuthnUserVerification: 'preferred',
    });
    expect(synth.pool.webAuthn).toEqual({ relyingPartyId: 'localhost', userVerification: 'preferred' });
  });

  it('gives the web client ALLOW_USER_AUTH next to SRP, and still no USER_PASSWORD_AUTH', () => {
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const flows = (clients[0]!.Properties as { ExplicitAuthFlows: string[] }).ExplicitAuthFlows;
    expect(flows).toEqual(expect.arrayContaining(['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']));
    expect(flows).not.toContain('ALLOW_USER_PASSWORD_AUTH');
    expect(synth.pool.explicitAuthFlows).toEqual(flows);
  });

  it('signs in with an email or a phone number, both verified on sign-up (what EMAIL_OTP and SMS_OTP are sent to)', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email', 'phone_number'],
      AutoVerifiedAttributes: ['email', 'phone_number'],
    });
  });

  it('attaches the same recovery-code triggers as the product pool, and lets the web client use CUSTOM_AUTH', () => {
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0]!.Properties as {
      LambdaConfig: Record<string, unknown>;
      Schema: { Name: string }[];
    };
    expect(Object.keys(pool.LambdaConfig).sort()).toEqual(['CreateAuthChallenge', 'DefineAuthChallenge', 'VerifyAuthChallengeResponse']);
    expect(pool.Schema.map((a) => a.Name)).toEqual(expect.arrayContaining(['recovery_codes', 'recovery_lockout']));
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient'));
    expect((clients[0]!.Properties as { ExplicitAuthFlows: string[] }).ExplicitAuthFlows).toContain('ALLOW_CUSTOM_AUTH');
    expect(synth.pool.customAuth).toBe(true);
  });

  it('keeps the recovery attributes out of the web client, and lets only the triggers that need it read and update users', () => {
    const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0]!.Properties as {
      ReadAttributes?: string[];
      WriteAttributes?: string[];
    };
    expect(client.ReadAttributes).toEqual(['email', 'email_verified', 'phone_number', 'phone_number_verified']);
    expect(client.WriteAttributes).toEqual(['email', 'phone_number']);
    expect(synth.pool.clientWriteAttributes).toEqual(['email', 'phone_number']);
    const actions = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
      (p.Properties as { PolicyDocument: { Statement: { Action: string | string[] }[] } }).PolicyDocument.Statement.flatMap(
        (s) => s.Action,
      ),
    );
    expect(actions.filter((a) => a.startsWith('cognito-idp:')).sort()).toEqual([
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminUpdateUserAttributes',
    ]);
  });

  it('the main definition has no USER_AUTH: its pool has no first factors and its client no ALLOW_USER_AUTH', async () => {
    const { synthesizeCached } = await import('../../amplify/local/synth.js');
    const main = await synthesizeCached();
    expect(main.pool.allowedFirstAuthFactors).toBeUndefined();
    expect(main.pool.webAuthn).toBeUndefined();
    expect(main.pool.explicitAuthFlows).not.toContain('ALLOW_USER_AUTH');
  });
});
