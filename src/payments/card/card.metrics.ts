import type { Agent } from 'node:https';
import Stripe from 'stripe';
import { businessCounter, businessHistogram, secondsSince } from '../../shared/business-metrics';

const processorCalls = businessHistogram(
  'processor_request_duration_seconds',
  'Processor API calls (each attempt, retries included) by operation and status (HTTP status, or timeout / connection)',
  ['operation', 'status'],
  [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
);
const processorErrors = businessCounter(
  'processor_errors_total',
  'Processor API calls that failed, by kind: timeout, connection, rate_limited (429), server (5xx), refused (other 4xx)',
  ['kind'],
);

/** The SDK's own Node HTTP client, timed: every call to the processor goes through it. */
export function measuredHttpClient(agent: Agent | undefined): Stripe.HttpClient {
  const client = Stripe.createNodeHttpClient(agent);
  const send = client.makeRequest.bind(client);
  client.makeRequest = async (host, port, path, method, ...rest) => {
    const operation = `${method} ${operationPath(path)}`;
    const started = performance.now();
    try {
      const response = await send(host, port, path, method, ...rest);
      const status = response.getStatusCode();
      processorCalls.observe({ operation, status: String(status) }, secondsSince(started));
      if (status >= 400) processorErrors.inc({ kind: status === 429 ? 'rate_limited' : status >= 500 ? 'server' : 'refused' });
      return response;
    } catch (err) {
      const kind = (err as { code?: unknown }).code === Stripe.HttpClient.TIMEOUT_ERROR_CODE ? 'timeout' : 'connection';
      processorCalls.observe({ operation, status: kind }, secondsSince(started));
      processorErrors.inc({ kind });
      throw err;
    }
  };
  return client;
}

/** `/v1/checkout/sessions/cs_test_a1B2/expire?expand[]=x` -> `/v1/checkout/sessions/{id}/expire`:
 * object ids would make a label value per call. */
export const operationPath = (path: string) =>
  path
    .split('?')[0]!
    .split('/')
    .map((segment) => (/^[a-z]+_[A-Za-z0-9_]+$/.test(segment) ? '{id}' : segment))
    .join('/');
