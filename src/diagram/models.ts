import type { AnyEventObject } from 'xstate';
import type { PathModel } from './paths.js';
import { labelOf as signInLabel, signInModel } from './signIn.model.js';

export interface CatalogueModel {
  readonly name: string;
  readonly title: string;
  readonly model: PathModel<unknown>;
  readonly label: (event: AnyEventObject) => string;
}

/** Every machine with generated paths, in the order `npm run paths` reports them. */
export const MODELS: readonly CatalogueModel[] = [{ name: 'signIn', title: 'Sign-in', model: signInModel as PathModel<unknown>, label: signInLabel }];
