// The OpenAPI document as data: its paths and their methods, matching a request path to its template,
// following local $refs, and validating a value against any schema in it with Ajv's JSON Schema 2020-12 (the
// dialect of OpenAPI 3.1), formats asserted.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** Where the edge serves the document from: one source, read here from the repository. */
export const DOCUMENT = fileURLToPath(
  new URL('../../edge/src/main/resources/openapi/todo-platform.yaml', import.meta.url),
);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const DOC_ID = 'https://todo-platform.invalid/openapi.json';

export function escapePointer(token) {
  return String(token).replaceAll('~', '~0').replaceAll('/', '~1');
}

export class ApiDocument {
  constructor(root, source) {
    this.root = root;
    this.source = source;
    this.operations = new Map();
    for (const [template, item] of Object.entries(root.paths || {})) {
      this.operations.set(template, METHODS.filter((m) => item[m]).map((m) => m.toUpperCase()));
    }
    this.ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
    this.ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
    this.ajv.addSchema({ ...root, $id: DOC_ID });
    this.validators = new Map();
  }

  static load(path = DOCUMENT) {
    return new ApiDocument(parse(readFileSync(path, 'utf8')), path);
  }

  /** The template a request path falls under ({name} = one non-empty segment); fewer variables win. */
  match(path) {
    const segments = path.split('/');
    let best = null;
    for (const template of this.operations.keys()) {
      const parts = template.split('/');
      if (parts.length !== segments.length) continue;
      const fits = parts.every((part, i) => (/^\{.+\}$/.test(part) ? segments[i] !== '' : part === segments[i]));
      if (fits && (best === null || variables(template) < variables(best))) best = template;
    }
    return best;
  }

  /** The node at a JSON pointer ('#/components/...' or '/components/...'). */
  at(pointer) {
    const plain = pointer.startsWith('#') ? pointer.slice(1) : pointer;
    let node = this.root;
    for (const token of plain.split('/').slice(1)) {
      const key = token.replaceAll('~1', '/').replaceAll('~0', '~');
      if (node === undefined || node === null) break;
      node = node[key];
    }
    if (node === undefined) throw new Error(`${this.source} has nothing at ${pointer}`);
    return node;
  }

  /** The node, or what its local $ref points at (followed until it is no reference). */
  resolve(node) {
    let current = node;
    for (let hops = 0; current && typeof current === 'object' && current.$ref; hops++) {
      if (hops > 20) throw new Error(`${this.source} has a $ref cycle at ${node.$ref}`);
      current = this.at(current.$ref);
    }
    return current;
  }

  /** The pointer a node is known by: its $ref, or where it was found. */
  static pointerOf(node, foundAt) {
    return node && node.$ref ? node.$ref.slice(1) : foundAt;
  }

  /** Each error of validating `value` against the schema at `pointer`, as a sentence. */
  validate(value, pointer) {
    let validator = this.validators.get(pointer);
    if (!validator) {
      validator = this.ajv.getSchema(`${DOC_ID}#${pointer}`);
      if (!validator) throw new Error(`${this.source} has no schema at ${pointer}`);
      this.validators.set(pointer, validator);
    }
    if (validator(value)) return [];
    return validator.errors
      .filter((error) => !['if', 'allOf', 'oneOf', 'anyOf'].includes(error.keyword) || validator.errors.length === 1)
      .map((error) => `${error.instancePath || '/'}: ${error.message}${detail(error)}`);
  }
}

function variables(template) {
  return (template.match(/\{/g) || []).length;
}

function detail(error) {
  if (error.keyword === 'additionalProperties') return ` (${error.params.additionalProperty})`;
  if (error.keyword === 'enum') return ` (${error.params.allowedValues.join(', ')})`;
  if (error.keyword === 'const') return ` (${JSON.stringify(error.params.allowedValue)})`;
  return '';
}
