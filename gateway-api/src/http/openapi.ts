/** The OpenAPI 3.1 document, derived from the route table. */
import { z } from 'zod';
import type { Route } from './route';

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  });
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  const object = jsonSchema(schema) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

/** `/members/:memberId` as OpenAPI writes it: `/members/{memberId}`. */
export function openApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z]+)/g, '{$1}');
}

const problem = {
  description: 'RFC 7807 problem with a stable code',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

export function openApiDocument(
  routes: readonly Route[],
  info: { title: string; version: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: `${route.method}${openApiPath(route.path).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: route.summary,
      tags: [route.tag],
      'x-access': route.access,
      parameters: [
        ...parameters(route.params, 'path'),
        ...parameters(route.query, 'query'),
        ...(route.method === 'post'
          ? [
              {
                name: 'Idempotency-Key',
                in: 'header',
                required: true,
                schema: { type: 'string', maxLength: 200 },
              },
            ]
          : []),
      ],
      ...(route.body && {
        requestBody: {
          // The app reads a missing body as {}: a body is needed unless {} will do.
          required: !route.body.safeParse({}).success,
          content: { 'application/json': { schema: jsonSchema(route.body) } },
        },
      }),
      ...(route.access !== 'member' && { security: [{ staffKey: [] }] }),
      responses: {
        [String(route.responds.status)]: { description: route.responds.description },
        '4XX': problem,
        '503': problem,
      },
    };
    paths[openApiPath(route.path)] = {
      ...paths[openApiPath(route.path)],
      [route.method]: operation,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        staffKey: { type: 'http', scheme: 'bearer', description: 'pa.<org>.<keyId>.<secret>' },
      },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code', 'detail'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            code: { type: 'string' },
            detail: { type: 'string' },
          },
        },
      },
    },
  };
}
