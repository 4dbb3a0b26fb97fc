import { BadRequestException, RequestMethod, type INestApplication, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DiscoveryService } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { validationPipe } from '../../apps/api/src/http/validation';

/**
 * Checks that make the Swagger page usable, shared by test/openapi-docs.e2e.ts (the API's real
 * document, built as `npm run openapi` builds it) and test/openapi-docs.spec.ts (which proves on a
 * small app that each check catches what it is for).
 */

type Schema = Record<string, any>;
type Operation = {
  summary?: string;
  description?: string;
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema; example?: unknown; examples?: Record<string, { value?: unknown }> }> };
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'] as const;

export function operations(doc: OpenAPIObject): { key: string; path: string; method: string; op: Operation }[] {
  const out: { key: string; path: string; method: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (op) out.push({ key: `${method.toUpperCase()} ${path}`, path, method, op });
    }
  return out;
}

/** Operations without a summary (the one line Swagger shows beside the path). */
export function missingSummaries(doc: OpenAPIObject): string[] {
  return operations(doc)
    .filter(({ op }) => !op.summary?.trim())
    .map(({ key }) => key);
}

/** Operations whose description does not say who may call them (the access decorators write it). */
export function missingWho(doc: OpenAPIObject): string[] {
  return operations(doc)
    .filter(({ op }) => !op.description?.startsWith('**Who:**'))
    .map(({ key }) => key);
}

/** `{name}` segments of a path that an operation does not declare as a path parameter (`{study}` among them). */
export function undeclaredPathParameters(doc: OpenAPIObject): string[] {
  const out: string[] = [];
  for (const { key, path, op } of operations(doc))
    for (const [, name] of path.matchAll(/\{(\w+)\}/g))
      if (!(op.parameters ?? []).some((p) => p.in === 'path' && p.name === name)) out.push(`${key}: {${name}}`);
  return out;
}

function resolve(doc: OpenAPIObject, schema: Schema): Schema {
  let s = schema;
  while (s?.$ref) s = (doc.components?.schemas as Record<string, Schema>)[String(s.$ref).replace('#/components/schemas/', '')];
  return s ?? {};
}

/**
 * The body Swagger UI puts in "Try it out" when the operation gives no example of its own: each
 * property's example, else its enum's first value or its default. `gaps` collects the properties
 * that have none of these, where Swagger UI would invent "string" or 0.
 */
export function sampleOf(doc: OpenAPIObject, schema: Schema, at: string, gaps: string[]): unknown {
  const s = resolve(doc, schema);
  if ('example' in s) return s.example;
  if (Array.isArray(s.allOf)) {
    const parts = s.allOf.map((p: Schema) => sampleOf(doc, p, at, gaps));
    return parts.every((p: unknown) => p && typeof p === 'object' && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts[0];
  }
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.default !== undefined) return s.default;
  if (s.type === 'object' || s.properties) {
    if (!s.properties) gaps.push(at);
    return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, p]) => [k, sampleOf(doc, p as Schema, `${at}.${k}`, gaps)]));
  }
  if (s.type === 'array') return [sampleOf(doc, s.items ?? {}, `${at}[]`, gaps)];
  if (s.type === 'boolean') return true;
  gaps.push(at);
  return s.type === 'integer' || s.type === 'number' ? 0 : 'string';
}

/** Every route handler of the app with its operation key and the class of its `@Body()` (if any). */
export function bodyRoutes(app: INestApplication, prefix: string): { key: string; name: string; dto: Type | undefined }[] {
  const out: { key: string; name: string; dto: Type | undefined }[] = [];
  for (const wrapper of app.get(DiscoveryService).getControllers()) {
    const metatype = wrapper.metatype as Type | undefined;
    if (!wrapper.instance || !metatype) continue;
    const proto = metatype.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const handlerPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (handlerPath === undefined) continue;
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, metatype, name) ?? {}) as Record<string, { index: number }>;
      const body = Object.entries(args).find(([k]) => k.split(':')[0] === String(RouteParamtypes.BODY));
      if (!body) continue;
      const types = (Reflect.getMetadata('design:paramtypes', proto, name) ?? []) as Type[];
      const controllerPath = [Reflect.getMetadata(PATH_METADATA, metatype) ?? ''].flat()[0] as string;
      const path = `/${prefix}/${controllerPath}/${[handlerPath].flat()[0]}`
        .replace(/\/+/g, '/')
        .replace(/\/$/, '')
        .replace(/:(\w+)/g, '{$1}');
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
      const dto = types[body[1].index];
      out.push({ key: `${method} ${path}`, name: `${metatype.name}.${name}`, dto: dto === Object ? undefined : dto });
    }
  }
  return out;
}

/**
 * Request bodies whose example (the operation's own, or the one Swagger UI assembles from the
 * properties) the API would refuse: run through the API's validation pipe against the route's DTO,
 * or, for a body without a DTO, against the inline schema's required fields and enums.
 */
export async function badBodyExamples(app: INestApplication, doc: OpenAPIObject, prefix: string): Promise<string[]> {
  const problems: string[] = [];
  const ops = new Map(operations(doc).map((o) => [o.key, o.op]));
  const pipe = validationPipe();
  for (const { key, name, dto } of bodyRoutes(app, prefix)) {
    const op = ops.get(key);
    if (!op) {
      problems.push(`${name}: no operation ${key} in the document`);
      continue;
    }
    const media = op.requestBody?.content?.['application/json'];
    if (!media?.schema) {
      problems.push(`${key}: no JSON request body schema`);
      continue;
    }
    const examples: [string, unknown][] = media.examples
      ? Object.entries(media.examples).map(([k, e]) => [k, e.value])
      : media.example !== undefined
        ? [['example', media.example]]
        : [];
    if (!examples.length) {
      const gaps: string[] = [];
      const sample = sampleOf(doc, media.schema, 'body', gaps);
      for (const gap of gaps) problems.push(`${key}: ${gap} has no example`);
      examples.push(['assembled from the properties', sample]);
    }
    for (const [label, value] of examples) {
      if (dto) {
        try {
          await pipe.transform(value, { type: 'body', metatype: dto, data: undefined });
        } catch (e) {
          const detail = e instanceof BadRequestException ? JSON.stringify(e.getResponse()) : String(e);
          problems.push(`${key}: example ${label} is refused: ${detail}`);
        }
      } else {
        const schema = resolve(doc, media.schema);
        if (!media.examples && media.example === undefined && !('example' in schema))
          problems.push(`${key}: a body without a DTO needs an explicit example`);
        const body = (value ?? {}) as Record<string, unknown>;
        for (const field of (schema.required ?? []) as string[])
          if (body[field] === undefined) problems.push(`${key}: example ${label} lacks required ${field}`);
        for (const [field, prop] of Object.entries((schema.properties ?? {}) as Record<string, Schema>))
          if (body[field] !== undefined && Array.isArray(prop.enum) && !prop.enum.includes(body[field]))
            problems.push(`${key}: example ${label} has ${field} outside its enum`);
      }
    }
  }
  return problems;
}
