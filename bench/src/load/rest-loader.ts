/** Orders through the org's REST gateway over HTTP, as a merchant's application sends them. */
import { send, type Answer } from '../../../test/src/support/http';
import type { Target } from '../targets/target';
import { VALID, type Loader, type Outcome } from './loader';

/** The outcome in a gateway's answer: commit failures carry Fabric's validation code. */
export function restOutcome(answer: Answer): Outcome {
  if (answer.status < 300) return VALID;
  const code = typeof answer.body?.code === 'string' ? answer.body.code : undefined;
  if (code === 'COMMIT_FAILED') return String(answer.body?.validationCode ?? code);
  if (answer.status < 500 && code !== undefined) return `REFUSED:${code}`;
  return `HTTP_${answer.status}${code === undefined ? '' : `:${code}`}`;
}

export function restLoader(target: Target): Loader {
  return {
    name: 'rest',
    run: async ({ org, rest }) => {
      const endpoint = target.rest(org);
      try {
        const answer = await send(endpoint.url, rest.path, {
          method: rest.method,
          ...(rest.json !== undefined && { json: rest.json }),
          ...(rest.role !== undefined && { apiKey: endpoint.keys[rest.role] }),
        });
        return restOutcome(answer);
      } catch (error) {
        return `ERROR:${error instanceof Error ? error.name : 'unknown'}`;
      }
    },
  };
}
