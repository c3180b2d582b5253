import type { SandboxControls } from '../../sandbox/client';
import type { TestApp } from './app';
import { eventually } from './records';

/** What the processor (the sandbox) holds and delivered, read through its API and its controls. */

/** The processor's event of this type about this object (session, PaymentIntent, charge...). */
export async function eventAbout(t: TestApp, type: string, objectId: string) {
  return eventually(
    `${type} for ${objectId}`,
    async () => {
      const events = await t.ctx.stripe.events.list({ type, limit: 100 });
      return events.data.find((e) => (e.data.object as { id?: string }).id === objectId);
    },
    (e) => e !== undefined,
  ).then((e) => e!);
}

/** Waits until the app has answered `count` deliveries of this event, and returns them. */
export async function answeredDeliveries(t: TestApp, eventId: string, count = 1) {
  const answered = (d: Awaited<ReturnType<SandboxControls['deliveries']>>) => d.filter((x) => x.status !== null);
  return answered(
    await eventually(
      `${count} answered deliveries of ${eventId}`,
      () => t.processor.deliveries({ eventId }),
      (d) => answered(d).length >= count,
    ),
  );
}

/** The event of this type about this object, once the app has answered its delivery. */
export async function delivered(t: TestApp, type: string, objectId: string) {
  const event = await eventAbout(t, type, objectId);
  const [delivery] = await answeredDeliveries(t, event.id, 1);
  return { event, delivery: delivery! };
}

/** Every Checkout Session the processor holds for this order. */
export async function sessionsAtProcessor(t: TestApp, orderId: string) {
  const all = await t.ctx.stripe.checkout.sessions.list({ limit: 100 }).autoPagingToArray({ limit: 10_000 });
  return all.filter((s) => s.client_reference_id === orderId);
}
