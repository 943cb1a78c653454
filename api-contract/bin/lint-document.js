#!/usr/bin/env node
// The API document is valid OpenAPI 3.1 (against the specification's own JSON Schema, with
// @seriousme/openapi-schema-validator), and every example in it is accepted by the schema it illustrates
// (the example event stream event by event). Exits 1 with every problem otherwise.
// Usage: lint-document.js [path.yaml]

import { Validator } from '@seriousme/openapi-schema-validator';
import { ApiDocument, DOCUMENT } from '../src/document.js';
import { exampleProblems } from '../src/examples.js';

const path = process.argv[2] || DOCUMENT;
const validator = new Validator();
const result = await validator.validate(path);
const problems = [];
if (!result.valid) {
  problems.push(...[].concat(result.errors).map((error) => `not valid OpenAPI ${validator.version}: ${JSON.stringify(error)}`));
} else if (validator.version !== '3.1') {
  problems.push(`the document is OpenAPI ${validator.version}, not 3.1`);
}
const { problems: examples, checked } = exampleProblems(ApiDocument.load(path));
problems.push(...examples);
for (const problem of problems) console.log(`${path}: ${problem}`);
console.log(`OpenAPI ${validator.version}; ${checked} examples checked; ${problems.length === 0 ? 'valid' : `${problems.length} problems`}`);
process.exit(problems.length === 0 ? 0 : 1);
