import { describe, expect, inject, it } from 'vitest';
import { Template } from './template.js';

// The Gen 2 backend is synthesized to CloudFormation offline once per run
// (test/globalSetup.ts); this asserts the user pool the product needs.
describe('the Gen 2 auth definition synthesizes to the user pool the product needs', () => {
  const templates = inject('templates');
  const authStack = Object.entries(templates).find(([, t]) =>
    Object.values(t.Resources ?? {}).some((r) => r.Type === 'AWS::Cognito::UserPool'),
  );

  it('has exactly one nested auth stack with a user pool', () => {
    expect(authStack).toBeDefined();
    const template = Template.fromJSON(authStack![1] as Record<string, unknown>);
    template.resourceCountIs('AWS::Cognito::UserPool', 1);
  });

  it('makes MFA optional, by SMS or an authenticator app', () => {
    const template = Template.fromJSON(authStack![1] as Record<string, unknown>);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      MfaConfiguration: 'OPTIONAL',
      EnabledMfas: ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'],
    });
  });

  it('signs in with email and keeps an optional, mutable phone number for SMS', () => {
    const template = Template.fromJSON(authStack![1] as Record<string, unknown>);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      Schema: [
        { Name: 'email', Required: true, Mutable: true },
        { Name: 'phone_number', Required: false, Mutable: true },
        { Name: 'recovery_codes', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MaxLength: '2048' } },
        { Name: 'recovery_lockout', AttributeDataType: 'String', Mutable: true, StringAttributeConstraints: { MaxLength: '64' } },
      ],
    });
  });

  it('declares the admins group (defineAuth({ groups })), which the MFA policy requires MFA for, and the local pool gets it', () => {
    const template = Template.fromJSON(authStack![1] as Record<string, unknown>);
    template.resourceCountIs('AWS::Cognito::UserPoolGroup', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admins', Precedence: 0 });
    expect(inject('pool').groups).toEqual([{ name: 'admins', precedence: 0 }]);
  });

  it('tracks devices only when the user asks, and lets a remembered device stand in for the MFA code (USER_OPT_IN), and the local pool reads it', () => {
    const template = Template.fromJSON(authStack![1] as Record<string, unknown>);
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
    });
    expect(inject('pool').deviceConfiguration).toEqual({ ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true });
  });

  it('gives the web client SRP (and no USER_PASSWORD_AUTH), as deployed apps sign in', () => {
    const template = Template.fromJSON(authStack![1] as Record<string, unknown>);
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    const flows = Object.values(clients).map((c) => (c.Properties as { ExplicitAuthFlows: string[] }).ExplicitAuthFlows);
    expect(flows).toContainEqual(expect.arrayContaining(['ALLOW_USER_SRP_AUTH']));
    expect(flows.flat()).not.toContain('ALLOW_USER_PASSWORD_AUTH');
  });

  it('attaches the recovery-code triggers (defineAuth({ triggers })) and lets the web client use CUSTOM_AUTH', () => {
    const template = Template.fromJSON(authStack![1] as Record<string, unknown>);
    const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0]!.Properties as {
      LambdaConfig: Record<string, unknown>;
    };
    expect(Object.keys(pool.LambdaConfig).sort()).toEqual(['CreateAuthChallenge', 'DefineAuthChallenge', 'VerifyAuthChallengeResponse']);
    const clients = template.findResources('AWS::Cognito::UserPoolClient');
    const flows = Object.values(clients).map((c) => (c.Properties as { ExplicitAuthFlows: string[] }).ExplicitAuthFlows);
    expect(flows).toContainEqual(expect.arrayContaining(['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH']));
    expect(inject('pool').customAuth).toBe(true);
  });

  it('keeps the recovery attributes out of the web client: it can neither read nor write them', () => {
    const template = Template.fromJSON(authStack![1] as Record<string, unknown>);
    const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')).map(
      (c) => c.Properties as { ReadAttributes?: string[]; WriteAttributes?: string[] },
    );
    expect(clients).toHaveLength(1);
    const [client] = clients;
    // Absent lists would mean "every attribute" to Cognito.
    expect(client?.ReadAttributes).toEqual(['email', 'email_verified', 'phone_number', 'phone_number_verified']);
    expect(client?.WriteAttributes).toEqual(['email', 'phone_number']);
    expect(inject('pool').clientWriteAttributes).toEqual(['email', 'phone_number']);
  });

  it('lets only the triggers that need it read and update users (AdminGetUser, AdminUpdateUserAttributes)', () => {
    const template = Template.fromJSON(authStack![1] as Record<string, unknown>);
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
});
