import { containsCardNumber } from '../../src/card-data';
import { EMAIL_KINDS, isDeliveryKind, type DeliveryEmailKind, type EmailKind } from '../../src/notifications';
import { renderEmail, type TemplateInput } from '../../src/notifications/templates';
import type { OrderItemRow, OrderRow } from '../../src/orders';

/** The renderer is the last check before an email is written: whatever put a card number into the
 * order (a shopper typing one into the company field before the guard existed, a bad import), no
 * email of any kind carries it. */
const CARD = '4242 4242 4242 4242';
const order = {
  id: '00000000-0000-4000-8000-000000000001',
  number: 'HO-2026-000042',
  status: 'paid',
  payment_method: 'sales',
  currency: 'EUR',
  subtotal: 9800,
  tax: 1862,
  total: 11662,
  amount_paid: 11662,
  amount_refunded: 5000,
  customer_name: `Card ${CARD} <b>Holder</b>`,
  customer_email: 'holder@example.com',
  customer_company: `ACME 4000-0566-5566-5556`,
  customer_country: 'DE',
  customer_phone: '+49 30 1234567',
  contact_me: true,
  offline_reference: 'HO-ABCDEFGH',
  hold_expires_at: new Date('2026-12-15T00:00:00Z'),
  created_at: new Date('2026-12-01T10:00:00Z'),
  paid_at: new Date('2026-12-02T10:00:00Z'),
} as unknown as OrderRow;
const items = [{ sku: 'SW-PRO', name: `Pro ${CARD}`, quantity: 2, unit_amount: 4900, amount: 9800, tax_rate_bp: 1900 }] as unknown as OrderItemRow[];
const detail = {
  amount: 5000,
  amount_paid: 5000,
  amount_refunded: 5000,
  partner_name: 'Rheinland Resellers',
  paid_by: [{ method: 'bank_transfer', amount: 11662, at: '2026-12-02T10:00:00.000Z' }],
  to: '2026-12-20T17:00:00.000Z',
};
const input: TemplateInput = {
  order,
  items,
  detail,
  instructions: `Pay to IBAN DE89 3704 0044 0532 0130 00, reference ${CARD}`,
  orderPageUrl: 'https://shop.example/orders/x?token=t',
};

describe('every kind of email', () => {
  // Delivery emails are rendered by fulfilment from what it delivered (test/fulfilment).
  const TEMPLATED_KINDS = EMAIL_KINDS.filter((kind): kind is Exclude<EmailKind, DeliveryEmailKind> => !isDeliveryKind(kind));
  it.each(TEMPLATED_KINDS)('%s renders from its template files with no card number in subject, text or HTML', (kind) => {
    const email = renderEmail(kind, input);
    expect(email.subject).toContain('HO-2026-000042');
    for (const part of [email.subject, email.text, email.html ?? '']) expect(containsCardNumber(part)).toBe(false);
    expect(email.text).not.toContain('{{');
    expect(email.html ?? '').not.toContain('{{');
  });

  it('keeps a phone number and an IBAN whole while masking card numbers beside them', () => {
    expect(renderEmail('sales_new_order', input).text).toContain('Phone: +49 30 1234567');
    const text = renderEmail('order_received', input).text;
    expect(text).toContain('Pay to IBAN DE89 3704 0044 0532 0130 00, reference [card number removed]');
  });

  it('escapes the shopper’s name in HTML, and gives the receipt its lines and the order link', () => {
    const { html, text } = renderEmail('order_paid', input);
    expect(html).toContain('&lt;b&gt;Holder&lt;/b&gt;');
    expect(html).not.toContain('<b>Holder</b>');
    expect(html).toContain('href="https://shop.example/orders/x?token=t"');
    expect(text).toContain('  Bank transfer on 2026-12-02: 116.62 EUR');
    expect(text).toContain('  Tax 18.62 EUR\n  Total 116.62 EUR');
  });

  it.each(['order_paid', 'refund_issued'] as const)(
    '%s as HTML is one whole page from the shared opening: doctype, its subject as title, the store name, then its own body',
    (kind) => {
      const { subject, html = '' } = renderEmail(kind, input);
      const [start, end] = ['<!doctype html>\n<html lang="en">\n  <head>\n', '\n  </body>\n</html>\n'];
      expect(html.slice(0, start.length)).toBe(start);
      expect(html).toContain(`    <title>${subject}</title>\n  </head>\n  <body style="`);
      expect(html).toContain('>Handoff store</p>\n    <p>Hello Card [card number removed] &lt;b&gt;Holder&lt;/b&gt;,</p>\n');
      expect(html.slice(-end.length)).toBe(end);
    },
  );
});
