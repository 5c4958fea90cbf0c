/**
 * Calls to the gateway that served this page. Failures become GatewayError with a sentence a
 * person can read: the problem's detail when the gateway sent one, otherwise what went wrong.
 */

export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

export interface CallOptions {
  /** A staff key or a member session token. */
  bearer?: string;
  body?: unknown;
  /** POSTs carry one; a signed member request passes its own so a retry replays. */
  idempotencyKey?: string;
}

interface Problem {
  title?: unknown;
  code?: unknown;
  detail?: unknown;
}

function readable(status: number, problem: Problem | undefined): GatewayError {
  const code = typeof problem?.code === 'string' ? problem.code : `HTTP_${status}`;
  const title = typeof problem?.title === 'string' ? problem.title : `Request failed (${status})`;
  const detail = typeof problem?.detail === 'string' ? `: ${problem.detail}` : '';
  return new GatewayError(status, code, `${title}${detail}`);
}

export async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  options: CallOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  if (method === 'POST') {
    headers['content-type'] = 'application/json';
    headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      ...(method === 'POST' && { body: JSON.stringify(options.body ?? {}) }),
    });
  } catch {
    throw new GatewayError(0, 'NETWORK', 'The gateway cannot be reached; check the connection');
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new GatewayError(response.status, 'NOT_JSON', `Unexpected answer (${response.status})`);
  }
  if (!response.ok) throw readable(response.status, parsed as Problem | undefined);
  return parsed as T;
}

/** `?a=1&b=2` of the given values, leaving out empty ones. */
export function queryString(values: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
