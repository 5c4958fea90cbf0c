/**
 * What the document says a request's headers and parameters may be is what the gateway
 * accepts. Regressions of schemathesis findings: the Idempotency-Key was documented without
 * its form, coerced query numbers (`amount`) without their bounds, and `/history/{kind}` as
 * any string, so valid-by-the-document requests were refused.
 */
import { PARKING1, TestAlliance } from '@points-alliance/chaincode/dist/test-support/alliance';
import { testGateway, type TestGateway } from '../test-support/test-gateway';

interface Parameter {
  name: string;
  in: string;
  schema: Record<string, unknown>;
}
type Document = { paths: Record<string, Record<string, { parameters: Parameter[] }>> };

let gateway: TestGateway;
let doc: Document;

beforeAll(async () => {
  gateway = testGateway(await TestAlliance.create(), PARKING1);
  doc = (await gateway.get('/openapi.json', 'nobody')).body as Document;
});

afterAll(() => gateway.dispose());

function parameter(path: string, method: string, name: string): Record<string, unknown> {
  const found = doc.paths[path]?.[method]?.parameters.find((p) => p.name === name);
  if (!found) throw new Error(`${method} ${path} documents no ${name}`);
  return found.schema;
}

it('documents the Idempotency-Key’s form, and the gateway takes exactly those keys', async () => {
  const pattern = new RegExp(
    String(parameter('/treasury/rebalances', 'post', 'Idempotency-Key').pattern),
  );
  const body = { fromShard: 0, toShard: 99, amount: 1 };
  for (const key of ['k', '~!#', 'k'.repeat(200), 'k'.repeat(201), 'has space', 'é', '\t']) {
    const res = await gateway.post('/treasury/rebalances', body, { key });
    expect({ key, refusedKey: res.body.code === 'IDEMPOTENCY_KEY_REQUIRED' }).toEqual({
      key,
      refusedKey: !pattern.test(key),
    });
  }
});

it('documents coerced query numbers by the values they must parse to', async () => {
  expect(parameter('/exchange-quotes', 'get', 'amount')).toMatchObject({
    type: 'integer',
    exclusiveMinimum: 0,
  });
  const quote = (amount: string) =>
    gateway.get(`/exchange-quotes?agreementId=a-1&memberId=m-1&amount=${amount}`, 'nobody');
  expect((await quote('0')).body.code).toBe('VALIDATION');
  // Valid by the document: the ledger answers (no such agreement), not the validation.
  expect((await quote('1')).body.code).toBe('NOT_FOUND');
  expect(parameter('/audit', 'get', 'limit')).toMatchObject({ type: 'integer', minimum: 1 });
});

it('documents the record kinds /history answers, and answers each of them', async () => {
  const kinds = parameter('/history/{kind}', 'get', 'kind').enum as string[];
  expect(kinds).toContain('Member');
  for (const kind of kinds) {
    const res = await gateway.get(`/history/${kind}?key=x-1`, 'auditor');
    expect({ kind, detail: res.body.detail as unknown }).not.toMatchObject({
      detail: expect.stringContaining('at kind'),
    });
  }
  expect((await gateway.get('/history/Nonce?key=x-1', 'auditor')).body.code).toBe('VALIDATION');
});
