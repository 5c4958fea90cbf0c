/** The OpenAPI document against the route table and the routes Express actually serves. */
import { PARKING1, TestAlliance } from '@points-alliance/chaincode/dist/test-support/alliance';
import { routes } from '../routes';
import {
  expectStatus,
  samplePath,
  testGateway,
  type TestGateway,
} from '../test-support/test-gateway';
import { openApiPath } from './openapi';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}
interface Operation {
  operationId: string;
  summary?: string;
  tags?: string[];
  'x-access'?: string;
  parameters?: Parameter[];
  requestBody?: { required: boolean; content: Record<string, { schema?: unknown }> };
  security?: Record<string, string[]>[];
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
}
interface Document {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Served on purpose without being in the document: operations, not the API. */
const OPERATIONAL = ['get /healthz', 'get /metrics', 'get /openapi.json', 'get /readyz'];

let gateway: TestGateway;
let doc: Document;

beforeAll(async () => {
  gateway = testGateway(await TestAlliance.create({ tokens: false }), PARKING1);
  const res = await gateway.get('/openapi.json', 'nobody');
  expectStatus(res, 200);
  doc = res.body as Document;
});

afterAll(() => gateway.dispose());

function operations(): { path: string; method: string; operation: Operation }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
  );
}

/** `method /express/:path` of every route the Express router serves. */
function served(): string[] {
  const stack = (
    gateway.app.router as unknown as {
      stack: { route?: { path: string; methods: Record<string, boolean> } }[];
    }
  ).stack;
  return stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((method) => `${method} ${layer.route?.path}`)
      : [],
  );
}

describe('the document and the implementation', () => {
  it('documents every route of the table, under its OpenAPI path and method', () => {
    for (const route of routes) {
      const operation = doc.paths[openApiPath(route.path)]?.[route.method];
      expect({
        route: `${route.method} ${route.path}`,
        documented: operation !== undefined,
      }).toEqual({
        route: `${route.method} ${route.path}`,
        documented: true,
      });
      expect(operation).toMatchObject({
        summary: route.summary,
        tags: [route.tag],
        'x-access': route.access,
      });
      expect(operation?.responses[String(route.responds.status)]).toBeDefined();
    }
    expect(operations()).toHaveLength(routes.length);
  });

  it('every documented operation is served, and nothing else is but the operational endpoints', () => {
    const documented = operations().map(
      ({ path, method }) => `${method} ${path.replace(/\{([A-Za-z]+)\}/g, ':$1')}`,
    );
    const registered = served();
    expect(registered.filter((route) => !documented.includes(route)).sort()).toEqual(OPERATIONAL);
    expect(documented.filter((route) => !registered.includes(route))).toEqual([]);
    expect(new Set(registered).size).toBe(registered.length);
  });

  it('every documented operation answers at its documented path (never 404 ROUTE_NOT_FOUND)', async () => {
    for (const route of routes) {
      const res =
        route.method === 'get'
          ? await gateway.get(samplePath(route), 'admin')
          : await gateway.post(samplePath(route), {});
      expect(res.body?.code).not.toBe('ROUTE_NOT_FOUND');
    }
  });

  it('marks a request body required exactly when a bare POST fails validation', async () => {
    for (const route of routes.filter((r) => r.body)) {
      const documented = doc.paths[openApiPath(route.path)]?.[route.method]?.requestBody;
      const res = await gateway.post(samplePath(route), undefined);
      const refused = res.status === 400 && res.body.code === 'VALIDATION';
      expect({ route: route.path, required: documented?.required }).toEqual({
        route: route.path,
        required: refused,
      });
    }
  });

  it('staff routes name the bearer scheme, member-session routes the session; others need none', () => {
    for (const route of routes) {
      const operation = doc.paths[openApiPath(route.path)]?.[route.method];
      if (route.access === 'member-session')
        expect(operation?.security).toEqual([{ memberSession: [] }]);
      else if (route.access === 'member' || route.access === 'public')
        expect(operation?.security).toBeUndefined();
      else expect(operation?.security).toEqual([{ staffKey: [] }]);
    }
  });

  it('documents each query parameter the route accepts', () => {
    for (const route of routes.filter((r) => r.query)) {
      const documented = (doc.paths[openApiPath(route.path)]?.[route.method]?.parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort();
      const shape = (route.query as unknown as { shape: Record<string, unknown> }).shape;
      expect(documented).toEqual(Object.keys(shape).sort());
    }
  });
});

describe('the document is structurally OpenAPI 3.1', () => {
  it('has the version, info, paths and components', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toEqual({
      title: expect.stringContaining(PARKING1),
      version: expect.any(String),
    });
    expect(Object.keys(doc.paths).length).toBeGreaterThan(0);
    expect(doc.components.securitySchemes.staffKey).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
  });

  it('paths are templates starting with /, with known methods', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      expect(path).toMatch(/^\/[A-Za-z0-9\-_/{}.]*$/);
      expect(path).not.toContain(':');
      for (const method of Object.keys(item)) expect(METHODS).toContain(method);
    }
  });

  it('operationIds are unique identifiers', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('path templates and path parameters match one to one; parameters are well-formed', () => {
    for (const { path, operation } of operations()) {
      const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const parameters = operation.parameters ?? [];
      const inPath = parameters.filter((p) => p.in === 'path');
      expect(inPath.map((p) => p.name).sort()).toEqual(templated);
      for (const parameter of parameters) {
        expect(['path', 'query', 'header', 'cookie']).toContain(parameter.in);
        expect(parameter.name).toMatch(/^[A-Za-z][A-Za-z0-9-]*$/);
        expect(parameter.schema).toEqual(expect.any(Object));
        if (parameter.in === 'path') expect(parameter.required).toBe(true);
      }
      const unique = new Set(parameters.map((p) => `${p.in}:${p.name}`));
      expect(unique.size).toBe(parameters.length);
    }
  });

  it('mutating operations take an Idempotency-Key header; reads do not', () => {
    for (const { method, operation } of operations()) {
      const key = operation.parameters?.find(
        (p) => p.in === 'header' && p.name === 'Idempotency-Key',
      );
      if (method === 'post') expect(key).toMatchObject({ required: true });
      else expect(key).toBeUndefined();
    }
  });

  it('responses have a 2xx with a description, problems by reference to a defined schema', () => {
    for (const { operation } of operations()) {
      const codes = Object.keys(operation.responses);
      for (const code of codes) expect(code).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
      expect(codes.some((code) => code.startsWith('2'))).toBe(true);
      for (const response of Object.values(operation.responses)) {
        expect(response.description).toEqual(expect.any(String));
      }
      const refs = JSON.stringify(operation).match(/"\$ref":"[^"]+"/g) ?? [];
      for (const ref of refs) {
        const name = /#\/components\/schemas\/([^"]+)/.exec(ref)?.[1];
        expect(name && doc.components.schemas[name]).toBeTruthy();
      }
    }
  });

  it('request bodies are JSON with a schema object', () => {
    for (const { operation } of operations()) {
      if (!operation.requestBody) continue;
      expect(Object.keys(operation.requestBody.content)).toEqual(['application/json']);
      expect(operation.requestBody.content['application/json']?.schema).toMatchObject({
        type: 'object',
      });
    }
  });
});
