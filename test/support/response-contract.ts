import Ajv from 'ajv';
import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Checks a response body against what the OpenAPI document declares for it: the schema of the
 * operation's response with that status, `$ref`s resolved to `components.schemas`. Used by
 * test/response-contract.e2e.ts (the API's live document, real responses) and proved by
 * test/response-contract.spec.ts (a small document, bodies that must pass or fail).
 *
 * OpenAPI 3.0 is turned into the JSON Schema that ajv reads:
 * - `nullable: true` allows null (also beside `enum` and `allOf: [{$ref}]`, as @nestjs/swagger writes a
 *   nullable nested DTO), and nothing else does;
 * - `required` stays required;
 * - strict: an object schema that lists its `properties` and says nothing of `additionalProperties`
 *   refuses keys it does not list, so a field the API sends but the DTO does not document fails too.
 */

type Schema = Record<string, any>;

export interface ContractProblem {
  /** `GET /api/v1/studies/{study}` and the status. */
  operation: string;
  /** What is wrong: no schema declared, or the validation errors (path in the body and message). */
  errors: string[];
}

const REF = '#/components/schemas/';

/** An OpenAPI 3.0 schema as JSON Schema draft-07 (`$ref`s pointing into `definitions`). */
export function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(s)) {
    if (key === 'nullable' || key === 'example' || key === 'examples') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF)) out.$ref = `#/definitions/${value.slice(REF.length)}`;
    else if (key === 'properties' || key === 'definitions')
      out[key] = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, toJsonSchema(v)]));
    else out[key] = toJsonSchema(value);
  }
  if (out.properties && !('additionalProperties' in out)) out.additionalProperties = false;
  // A `$ref` beside other keywords is its own schema in JSON Schema draft-07 only inside allOf.
  if (out.$ref && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return s.nullable === true ? { anyOf: [{ type: 'null' }, { $ref }] } : { allOf: [{ $ref }, rest] };
  }
  if (s.nullable === true) {
    // @nestjs/swagger writes a nullable nested DTO as {type: 'object', nullable: true, allOf: [{$ref}]}.
    return { anyOf: [{ type: 'null' }, out] };
  }
  return out;
}

/** The JSON response schema the document declares for `method path` with `status`, or undefined. */
export function responseSchema(doc: OpenAPIObject, method: string, path: string, status: number): Schema | undefined {
  const op = (doc.paths[path] as Record<string, any> | undefined)?.[method.toLowerCase()];
  const response = op?.responses?.[String(status)];
  return response?.content?.['application/json']?.schema;
}

/** Whether the document declares `status` for the operation and gives it no content (204s). */
export function declaresNoContent(doc: OpenAPIObject, method: string, path: string, status: number): boolean {
  const op = (doc.paths[path] as Record<string, any> | undefined)?.[method.toLowerCase()];
  const response = op?.responses?.[String(status)];
  return !!response && !response.content;
}

/** A validator over one document: each body against its operation's declared response schema. */
export function contractValidator(doc: OpenAPIObject) {
  const ajv = new Ajv({ allErrors: true, jsonPointers: true, unknownFormats: 'ignore' });
  const definitions = Object.fromEntries(Object.entries(doc.components?.schemas ?? {}).map(([name, s]) => [name, toJsonSchema(s)]));
  const compiled = new Map<string, Ajv.ValidateFunction>();
  return (method: string, path: string, status: number, body: unknown): ContractProblem | null => {
    const operation = `${method.toUpperCase()} ${path} ${status}`;
    const schema = responseSchema(doc, method, path, status);
    if (!schema) return { operation, errors: ['no JSON response schema declared for this status'] };
    let validate = compiled.get(operation);
    if (!validate) {
      validate = ajv.compile({ definitions, ...(toJsonSchema(schema) as Schema) });
      compiled.set(operation, validate);
    }
    if (validate(body)) return null;
    return {
      operation,
      errors: (validate.errors ?? []).map((e) => {
        const params = e.params as Record<string, unknown>;
        const extra = params.additionalProperty ? ` (${String(params.additionalProperty)})` : '';
        return `${e.dataPath || '/'} ${e.message}${extra}`;
      }),
    };
  };
}
