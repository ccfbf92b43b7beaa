import { createRequire } from 'node:module';

/**
 * The part of aws-cdk-lib's `assertions.Template` the synth tests use, typed here rather than imported: its
 * declarations pull about 450 of aws-cdk-lib's files into the main typecheck. The backend itself is checked
 * against the real declarations by `amplify/tsconfig.json`; at run time this is the real class.
 */
export interface Template {
  findResources(type: string, props?: unknown): Record<string, Record<string, unknown>>;
  hasResourceProperties(type: string, props: unknown): void;
  resourceCountIs(type: string, count: number): void;
}

// aws-cdk-lib lives with the backend in amplify/ (see amplify/package.json).
export const Template = (
  createRequire(new URL('../../amplify/package.json', import.meta.url))('aws-cdk-lib/assertions') as {
    Template: { fromJSON(template: Record<string, unknown>): Template };
  }
).Template;
