/** The OpenAPI 3.1 document, derived from the route table. */
import { z } from 'zod';
import { IDEMPOTENCY_KEY } from './app';
import { isStaffAccess, type Route } from './route';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  // Parameters arrive as text and are coerced (`z.coerce.number()`): what the document must
  // state is the value the text has to parse to, so the output side, with its bounds.
  const object = jsonSchema(schema, 'output') as {
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

/** Staff routes take a staff key, member-session routes a session token; the others neither. */
function security(route: Route) {
  if (route.access === 'member-session') return { security: [{ memberSession: [] }] };
  return isStaffAccess(route.access) ? { security: [{ staffKey: [] }] } : {};
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
                schema: { type: 'string', pattern: IDEMPOTENCY_KEY.source },
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
      ...security(route),
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
        memberSession: {
          type: 'http',
          scheme: 'bearer',
          description: 'pam.<token> from POST /member-sessions',
        },
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
