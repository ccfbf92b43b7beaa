/**
 * `npm run doctor` reads amplify/auth/resource.ts; `npm run doctor -- amplify_outputs.json`
 * reads a deployed app's outputs instead. Exits 1 when something needs attention.
 */
import { readFile } from 'node:fs/promises';
import { diagnoseDefinition, diagnoseOutputs } from './doctor.js';
import type { AuthOutputsLike, Finding } from './doctor.js';

const file = process.argv[2];
let findings: Finding[];
let source: string;
if (file) {
  source = file;
  findings = diagnoseOutputs(JSON.parse(await readFile(file, 'utf8')) as AuthOutputsLike);
} else {
  source = 'amplify/auth/resource.ts';
  const { authDefinition } = await import('../auth/resource.js');
  findings = diagnoseDefinition(authDefinition);
}
if (findings.length === 0) {
  console.log(`doctor: ${source}: no MFA pitfalls found.`);
} else {
  console.log(`doctor: ${source}: ${findings.length} thing(s) to fix:`);
  for (const f of findings) console.log(`  - [${f.code}] ${f.message}`);
  process.exitCode = 1;
}
