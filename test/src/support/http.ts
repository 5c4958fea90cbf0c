/**
 * Plain HTTP to a sandbox gateway, answering status and body whatever they are: attack and
 * bad-input tests need to see refusals, where the typed client would throw.
 */
import { randomUUID } from 'node:crypto';

export interface Answer {
  status: number;
  contentType: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: Record<string, unknown> | undefined;
  /** The body as received, to search for values that must not appear in it. */
  text: string;
}

export interface Call {
  method?: string;
  /** A staff API key, sent as a bearer token. */
  apiKey?: string;
  /** Sent as an Idempotency-Key; a POST gets a fresh one unless this is null. */
  idempotencyKey?: string | null;
  /** Sent as JSON. */
  json?: unknown;
  /** Sent as it is, labelled JSON: for bodies JSON.stringify would not write. */
  raw?: string;
  headers?: Record<string, string>;
}

export async function send(baseUrl: string, path: string, call: Call = {}): Promise<Answer> {
  const method =
    call.method ?? (call.json === undefined && call.raw === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { ...call.headers };
  if (call.apiKey !== undefined) headers.authorization = `Bearer ${call.apiKey}`;
  const body = call.raw ?? (call.json === undefined ? undefined : JSON.stringify(call.json));
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  if (method === 'POST' && call.idempotencyKey !== null) {
    headers['idempotency-key'] ??= call.idempotencyKey ?? randomUUID();
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? '',
    body: parsed,
    text,
  };
}

/** Asserts a refusal: this status, an RFC 7807 problem, this stable code. */
export function expectRefusal(answer: Answer, status: number, code: string): void {
  expect({ status: answer.status, code: answer.body?.code }).toEqual({ status, code });
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
}

/** Asserts the client's mistake was answered as one: a 4xx problem, never a success or a 5xx. */
export function expectClientError(answer: Answer, what: string): void {
  expect({
    what,
    status: answer.status,
    clientError: answer.status >= 400 && answer.status < 500,
  }).toEqual({ what, status: answer.status, clientError: true });
  expect(answer.contentType).toMatch(/^application\/problem\+json/);
}
