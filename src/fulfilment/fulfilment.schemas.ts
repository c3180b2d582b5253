import { z } from 'zod';
import { skuSchema } from '../catalog';

export const orderIdParams = z.object({ id: z.uuid('An order id (UUID).') }).strict();
export const seatParams = z.object({ id: z.uuid('An order id (UUID).'), seat_id: z.uuid('A seat id (UUID).') }).strict();
export const licenceParams = z.object({ id: z.uuid('An order id (UUID).'), licence_id: z.uuid('A licence id (UUID).') }).strict();
export const sessionParams = z.object({ sku: skuSchema }).strict();
export const downloadParams = z.object({ token: z.string().min(1).max(4096) }).strict();

const oneLine = z
  .string()
  .trim()
  .min(1, 'Required.')
  .max(200, 'At most 200 characters.')
  .refine((s) => !/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(s), 'Control and text-direction characters are not allowed.');

export const attendeeBody = z.object({ name: oneLine, email: z.email('An email address.').max(254) }).strict();
export const checkinBody = z.object({ token: z.string().min(1, 'Required.').max(4096).describe('The text the ticket QR code holds') }).strict();

const licenceView = z.object({
  id: z.string(),
  sku: z.string(),
  quantity: z.number().int(),
  licence_key: z.string().describe('Compact JWS (ES256, typ handoff-licence+jwt); verify with /.well-known/jwks.json'),
  issued_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  has_download: z.boolean(),
});
const ticketView = z.object({
  id: z.string(),
  sku: z.string(),
  seat_no: z.number().int(),
  code: z.string(),
  token: z.string().describe('What the QR code holds: compact JWS (ES256, typ handoff-ticket+jwt)'),
  checked_in_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
const seatView = z.object({
  id: z.string(),
  sku: z.string(),
  seat_no: z.number().int(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  released_at: z.string().nullable(),
  changeable_until: z.string().nullable(),
});
export const deliveryView = z.object({ licences: z.array(licenceView), tickets: z.array(ticketView), seats: z.array(seatView) }).meta({ id: 'Delivery' });
export type DeliveryView = z.infer<typeof deliveryView>;
export type SeatView = z.infer<typeof seatView>;

export const downloadLinkView = z.object({ url: z.string(), expires_at: z.string(), max_uses: z.number().int() }).meta({ id: 'DownloadLink' });
export const checkinView = z
  .object({ result: z.literal('admitted'), code: z.string(), sku: z.string(), seat_no: z.number().int(), checked_in_at: z.string() })
  .meta({ id: 'CheckIn' });
export const sessionAttendeesView = z
  .object({
    sku: z.string(),
    attendees: z.array(z.object({ order_number: z.string(), seat_no: z.number().int(), name: z.string().nullable(), email: z.string().nullable(), updated_at: z.string() })),
  })
  .meta({ id: 'SessionAttendees' });
