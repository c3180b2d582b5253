import { z } from 'zod';

/** Stripe's Checkout Session ids: `cs_test_...` / `cs_live_...`. */
export const returnQuery = z.object({ session_id: z.string().regex(/^cs_[A-Za-z0-9_]{1,250}$/, 'A Checkout Session id (cs_...).') }).strict();
