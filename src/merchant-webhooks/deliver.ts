import { Webhook } from 'standardwebhooks';
import type { JobRecord, JobWorker } from '../jobs';
import { OutboundRefused, resolveOutbound, type OutboundPolicy } from '../shared/http/outbound-address';
import { postToTarget } from '../shared/http/outbound-post';
import type { Logger } from '../shared/logger';
import { findDeliveryToSend, recordAttempt, type DeliveryToSend } from './deliveries.repository';
import { DELIVER_JOB } from './merchant-events';
import type { Db } from '../database';

export interface DeliverDeps {
  db: Db;
  logger: Logger;
  /** Where an endpoint may be; checked again at each attempt, on the addresses connected to. */
  outbound: OutboundPolicy;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export function registerMerchantWebhookJobs(worker: JobWorker, deps: DeliverDeps): void {
  worker.register(DELIVER_JOB, (p: { deliveryId: number }, job: JobRecord) => deliverMerchantWebhook(deps, p.deliveryId, job));
}

/** The body as the Standard Webhooks spec lays it out: type, timestamp, data. */
export const deliveryBody = (event: DeliveryToSend['event']) => JSON.stringify({ type: event.type, timestamp: new Date(event.created_at).toISOString(), data: event.data });

/**
 * The delivery job: one signed POST, outside any transaction, each attempt logged. A 2xx settles
 * the delivery; anything else throws, and the worker retries with backoff until the attempts run
 * out (then the delivery is `failed`, and an admin may redeliver it). A delivery already settled,
 * or whose endpoint was deleted, sends nothing: a job run twice delivers once.
 */
export async function deliverMerchantWebhook(deps: DeliverDeps, deliveryId: number, job: JobRecord): Promise<void> {
  const found = await findDeliveryToSend(deps.db, deliveryId);
  if (!found || found.delivery.status !== 'pending') return;
  if (!found.endpoint.active) {
    await recordAttempt(deps.db, deliveryId, { statusCode: null, error: 'The endpoint is not active.', status: 'failed' });
    return;
  }
  const last = job.attempts >= job.max_attempts;
  let statusCode: number;
  try {
    statusCode = await send(deps, found);
  } catch (err) {
    const error = err instanceof OutboundRefused ? `Refused: ${err.message}` : `Not delivered: ${err instanceof Error ? err.message : String(err)}`;
    await recordAttempt(deps.db, deliveryId, { statusCode: null, error: error.slice(0, 500), status: last ? 'failed' : 'pending' });
    throw err;
  }
  if (statusCode >= 200 && statusCode <= 299) {
    await recordAttempt(deps.db, deliveryId, { statusCode, error: null, status: 'succeeded' });
    return;
  }
  await recordAttempt(deps.db, deliveryId, { statusCode, error: `The endpoint answered ${statusCode}.`, status: last ? 'failed' : 'pending' });
  throw new Error(`merchant webhook endpoint ${found.endpoint.id} answered ${statusCode}`);
}

/** Checks the address (a DNS answer may have changed since the admin saved it), signs and posts.
 * No redirect is followed: the event goes to the URL the admin entered, nowhere else. */
async function send(deps: DeliverDeps, { event, endpoint }: DeliveryToSend): Promise<number> {
  const target = await resolveOutbound(new URL(endpoint.url), deps.outbound).catch((err: unknown) => {
    if (err instanceof OutboundRefused) deps.logger.warn({ endpoint: endpoint.id, why: err.message }, 'merchant webhook refused: the endpoint address is not one we call');
    throw err;
  });
  const body = deliveryBody(event);
  // One instant for the header and the signature: the two must name the same second.
  const now = new Date();
  const signature = new Webhook(endpoint.secret).sign(event.id, now, body);
  return postToTarget(target, {
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'handoff-webhooks',
      'webhook-id': event.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
    timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
}
