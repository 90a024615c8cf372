// Validates the API document (src/server/routes/openapi.json) with
// @apidevtools/swagger-parser: the OpenAPI 3.1 schema, and every $ref
// resolved. Then what that validator leaves out for 3.x: unique operation
// ids, path templates and path parameters that agree, declared tags, every
// component schema a valid JSON Schema 2020-12 (Ajv, strict), and every
// JSON example valid against its schema.
//
//   node tests/openapi/validate.mjs [path/to/openapi.json]
//
// Exit status: 0 when every check passes, 1 when one fails, 77 when the
// validator is not installed (scripts/setup.sh installs it) outside CI.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const documentPath = process.argv[2] ?? join(here, "../../src/server/routes/openapi.json");
const require = createRequire(import.meta.url);

let SwaggerParser;
let Ajv2020;
try {
  SwaggerParser = require("@apidevtools/swagger-parser");
  Ajv2020 = require("ajv/dist/2020").default;
} catch (error) {
  console.error(`the OpenAPI validator is not installed in ${here}: run scripts/setup.sh`);
  process.exit(process.env.CI ? 1 : 77);
}

const failures = [];
let passed = 0;
function check(name, problems) {
  if (problems.length === 0) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failures.push(name);
    console.log(`FAIL ${name}`);
    for (const problem of problems.slice(0, 50)) console.log(`     ${problem}`);
  }
}

const text = readFileSync(documentPath, "utf8");
const doc = JSON.parse(text);

// 1. The real validator: OpenAPI 3.1 schema and $ref resolution. It changes
// the object it is given, so it gets its own copy.
try {
  await SwaggerParser.validate(JSON.parse(text));
  check("swagger-parser: valid OpenAPI 3.1, every $ref resolves", []);
} catch (error) {
  check("swagger-parser: valid OpenAPI 3.1, every $ref resolves", [String(error.message)]);
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// Follows a local reference ("#/components/parameters/X").
function resolve(node) {
  while (node && typeof node.$ref === "string" && node.$ref.startsWith("#/")) {
    node = node.$ref
      .slice(2)
      .split("/")
      .reduce((at, key) => at?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], doc);
  }
  return node;
}

function* operations() {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) yield { path, method, operation: item[method], item };
    }
  }
}

// 2. Operation ids: present and unique; summaries and tags present.
{
  const problems = [];
  const seen = new Map();
  for (const { path, method, operation } of operations()) {
    const where = `${method.toUpperCase()} ${path}`;
    if (!operation.operationId) problems.push(`${where}: no operationId`);
    else if (seen.has(operation.operationId)) {
      problems.push(`${where}: operationId ${operation.operationId} also on ${seen.get(operation.operationId)}`);
    } else seen.set(operation.operationId, where);
    if (!operation.summary) problems.push(`${where}: no summary`);
    if (!operation.tags?.length) problems.push(`${where}: no tag`);
  }
  check("every operation has a unique operationId, a summary and a tag", problems);
}

// 3. Path templates and path parameters agree.
{
  const problems = [];
  for (const { path, method, operation, item } of operations()) {
    const where = `${method.toUpperCase()} ${path}`;
    const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const declared = [...(item.parameters ?? []), ...(operation.parameters ?? [])]
      .map(resolve)
      .filter((p) => p?.in === "path");
    for (const name of inTemplate) {
      const parameter = declared.find((p) => p.name === name);
      if (!parameter) problems.push(`${where}: {${name}} is not declared`);
      else if (parameter.required !== true) problems.push(`${where}: {${name}} is not required`);
    }
    for (const parameter of declared) {
      if (!inTemplate.includes(parameter.name)) {
        problems.push(`${where}: path parameter ${parameter.name} is not in the path`);
      }
    }
  }
  check("path templates and path parameters agree", problems);
}

// 4. Tags used are declared.
{
  const declared = new Set((doc.tags ?? []).map((t) => t.name));
  const problems = [];
  for (const { path, method, operation } of operations()) {
    for (const tag of operation.tags ?? []) {
      if (!declared.has(tag)) problems.push(`${method.toUpperCase()} ${path}: tag ${tag} is not declared`);
    }
  }
  check("every tag used is declared", problems);
}

// Component schemas as one JSON Schema 2020-12 document that Ajv compiles.
const SCHEMA_ID = "urn:scry:openapi";
function asJsonSchema(node) {
  if (Array.isArray(node)) return node.map(asJsonSchema);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string" && value.startsWith("#/components/schemas/")) {
      out[key] = `${SCHEMA_ID}#/$defs/${value.slice("#/components/schemas/".length)}`;
    } else {
      out[key] = asJsonSchema(value);
    }
  }
  return out;
}

// Strict, except two things JSON Schema allows and the document uses: a union
// of types (["integer", "null"]) and `required` in an anyOf branch naming a
// property declared beside it.
const ajv = new Ajv2020({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: true });
// OpenAPI's own keywords in schemas, and its formats (checked as any string or number).
for (const keyword of ["example", "discriminator", "xml", "externalDocs"]) ajv.addKeyword(keyword);
for (const format of ["int32", "int64", "float", "double", "password", "email", "date", "date-time", "uri"]) {
  ajv.addFormat(format, true);
}

// 5. Every component schema compiles.
{
  const problems = [];
  try {
    ajv.addSchema({ $id: SCHEMA_ID, $defs: asJsonSchema(doc.components?.schemas ?? {}) });
    for (const name of Object.keys(doc.components?.schemas ?? {})) {
      try {
        ajv.getSchema(`${SCHEMA_ID}#/$defs/${name}`);
      } catch (error) {
        problems.push(`${name}: ${error.message}`);
      }
    }
  } catch (error) {
    problems.push(error.message);
  }
  check("every component schema is valid JSON Schema 2020-12 (Ajv, strict)", problems);
}

// 6. Every JSON example matches its schema: request bodies, responses
// (component ones included) and parameters.
{
  const problems = [];
  let examples = 0;
  const validate = (where, schema, example) => {
    examples += 1;
    let test;
    try {
      test = ajv.compile(asJsonSchema(schema));
    } catch (error) {
      problems.push(`${where}: ${error.message}`);
      return;
    }
    if (!test(example)) problems.push(`${where}: ${ajv.errorsText(test.errors)}`);
  };
  const media = (where, content) => {
    for (const [type, value] of Object.entries(content ?? {})) {
      if (!type.includes("json") || value.example === undefined || !value.schema) continue;
      validate(`${where} ${type}`, value.schema, value.example);
    }
  };
  for (const { path, method, operation } of operations()) {
    const where = `${method.toUpperCase()} ${path}`;
    media(`${where} request`, resolve(operation.requestBody)?.content);
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (!response.$ref) media(`${where} ${status}`, response.content);
    }
  }
  for (const [name, response] of Object.entries(doc.components?.responses ?? {})) {
    media(`components.responses.${name}`, response.content);
  }
  check(`every JSON example matches its schema (${examples} examples)`, problems);
}

console.log(`openapi: ${passed} passed, ${failures.length} failed`);
process.exit(failures.length === 0 ? 0 : 1);
