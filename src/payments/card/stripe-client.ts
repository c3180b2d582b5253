import https from 'node:https';
import Stripe from 'stripe';
import { measuredHttpClient } from './card.metrics';

export interface StripeEndpoint {
  secretKey: string;
  apiUrl: URL;
  timeoutMs: number;
  /** Extra CA to trust for this client only (the sandbox's); never a global switch. */
  caPem?: string;
}

/** The one place the processor client is made; everything else receives it. */
export function createStripeClient(ep: StripeEndpoint): Stripe {
  return new Stripe(ep.secretKey, {
    host: ep.apiUrl.hostname,
    port: Number(ep.apiUrl.port || 443),
    protocol: 'https',
    timeout: ep.timeoutMs,
    // Our own idempotency keys make retries safe; the SDK retries network errors and 409/429/5xx.
    maxNetworkRetries: 2,
    telemetry: false,
    httpClient: measuredHttpClient(ep.caPem ? new https.Agent({ ca: ep.caPem, keepAlive: true }) : undefined),
  });
}
