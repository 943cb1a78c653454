// Every example in the document, held against the schema it illustrates: a media type's or parameter's
// `example` and `examples.*.value` against its `schema`, a schema's own `examples` against that schema, and a
// text/event-stream example event by event.

import { ApiContract } from './contract.js';
import { escapePointer } from './document.js';

export function exampleProblems(document) {
  const problems = [];
  let checked = 0;
  const contract = new ApiContract(document);
  walk(document.root, '', (node, pointer) => {
    if (node.schema && node.example !== undefined) {
      checked++;
      if (pointer.endsWith('/text~1event-stream')) {
        const template = pointer.split('/')[2].replaceAll('~1', '/').replaceAll('~0', '~');
        const method = pointer.split('/')[3];
        for (const error of contract.eventProblems(method, template, node.example)) problems.push(`${pointer}/example: ${error}`);
      } else {
        for (const error of document.validate(node.example, `${pointer}/schema`)) problems.push(`${pointer}/example: ${error}`);
      }
    }
    if (node.schema && node.examples && !Array.isArray(node.examples)) {
      for (const [name, example] of Object.entries(node.examples)) {
        checked++;
        for (const error of document.validate(document.resolve(example).value, `${pointer}/schema`)) {
          problems.push(`${pointer}/examples/${name}: ${error}`);
        }
      }
    }
    if (!node.schema && Array.isArray(node.examples)) {
      for (const example of node.examples) {
        checked++;
        for (const error of document.validate(example, pointer)) problems.push(`${pointer}/examples: ${error}`);
      }
    }
  });
  return { problems, checked };
}

function walk(node, pointer, visit) {
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${pointer}/${i}`, visit));
  } else if (node && typeof node === 'object') {
    visit(node, pointer);
    for (const [key, child] of Object.entries(node)) {
      if (key !== 'example' && key !== 'examples') walk(child, `${pointer}/${escapePointer(key)}`, visit);
    }
  }
}
