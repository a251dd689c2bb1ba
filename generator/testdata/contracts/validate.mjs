// Validates generated contract documents with the tools their readers
// use: every asyncapi.yaml with @asyncapi/parser (v3), every openapi.yaml
// with @apidevtools/swagger-parser. Errors fail; warnings are allowed.
//
//   node validate.mjs FILE...
//
// Prints one line per error, "FILE: message (path)", and exits 1 when any
// document has an error. generator/contracts_test.go runs it.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { Parser, DiagnosticSeverity } from "@asyncapi/parser";
import SwaggerParser from "@apidevtools/swagger-parser";

const parser = new Parser();

// asyncapiErrors parses a document as its readers do, from its text, and
// returns its error diagnostics.
async function asyncapiErrors(file) {
  const { diagnostics } = await parser.parse(await readFile(file, "utf8"), { source: file });
  return diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.message} (${d.code} at ${d.path.join(".")})`);
}

async function openapiErrors(file) {
  try {
    await SwaggerParser.validate(file);
    return [];
  } catch (err) {
    return [err.message];
  }
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE...");
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const name = basename(file);
  let errors;
  if (name === "asyncapi.yaml") {
    errors = await asyncapiErrors(file);
  } else if (name === "openapi.yaml") {
    errors = await openapiErrors(file);
  } else {
    errors = ["neither asyncapi.yaml nor openapi.yaml"];
  }
  for (const e of errors) {
    console.log(`${file}: ${e}`);
  }
  if (errors.length > 0) {
    failed++;
  }
}
console.log(`contracts: ${files.length - failed} valid, ${failed} invalid`);
process.exit(failed > 0 ? 1 : 0);
