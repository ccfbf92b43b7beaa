/**
 * `npm run doctor` reads amplify/auth/resource.ts; `npm run doctor -- amplify_outputs.json`
 * reads a deployed app's outputs instead. Exits 1 when something needs attention.
 */
import { readFile } from 'node:fs/promises';
import { describeLogin, diagnose, explainGroupMfa, normalizeDefinition, normalizeOutputs } from './doctor.js';
import type { AuthOutputsLike } from './doctor.js';

const file = process.argv[2];
let source: string;
let config: ReturnType<typeof normalizeOutputs>;
if (file) {
  source = file;
  config = normalizeOutputs(JSON.parse(await readFile(file, 'utf8')) as AuthOutputsLike);
} else {
  source = 'amplify/auth/resource.ts';
  const { authDefinition } = await import('../auth/resource.js');
  config = normalizeDefinition(authDefinition);
}
const findings = diagnose(config);
console.log(`doctor: ${source}: ${describeLogin(config)}`);
for (const line of explainGroupMfa(config)) console.log(`doctor: ${source}: ${line}`);
if (findings.length === 0) {
  console.log(`doctor: ${source}: no MFA pitfalls found.`);
} else {
  console.log(`doctor: ${source}: ${findings.length} thing(s) to fix:`);
  for (const f of findings) console.log(`  - [${f.code}] ${f.message}`);
  process.exitCode = 1;
}
