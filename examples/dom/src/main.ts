import { configureAmplify } from 'amplify-mfa-flow';
import type { AmplifyOutputsLike } from 'amplify-mfa-flow';
import { Amplify } from 'aws-amplify';
import { mountSignIn } from './signIn.ts';

const outputs = (await (await fetch('/amplify_outputs.json')).json()) as AmplifyOutputsLike;
const connection = configureAmplify(outputs);
// The app's own aws-amplify sees that configuration: the library uses the app's copy, it brings none.
document.body.append(
  Object.assign(document.createElement('footer'), {
    textContent: `User pool: ${Amplify.getConfig().Auth?.Cognito.userPoolId ?? 'not configured'}`,
  }),
);

mountSignIn(document.getElementById('app') as HTMLElement, connection);
