import request from 'supertest';
import type { TestApp } from '../helpers/app';

/** Registers an endpoint as an admin would; returns its id and the secret shown once. */
export async function registerEndpoint(t: TestApp, admin: string, url: string, eventTypes: string[] = ['order.paid', 'order.refunded', 'order.cancelled', 'order.expired']) {
  const res = await request(t.app).post('/api/admin/webhooks').set('Authorization', `Bearer ${admin}`).send({ url, event_types: eventTypes });
  if (res.status !== 201) throw new Error(`endpoint not registered: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string };
}

export async function deliveryLog(t: TestApp, admin: string, endpointId: string) {
  const res = await request(t.app).get(`/api/admin/webhooks/${endpointId}/deliveries`).set('Authorization', `Bearer ${admin}`);
  if (res.status !== 200) throw new Error(`no delivery log: ${res.status}`);
  return res.body.deliveries as Array<{
    id: number;
    event_id: string;
    event_type: string;
    status: string;
    redeliveries: number;
    attempts: Array<{ status_code: number | null; error: string | null }>;
  }>;
}
