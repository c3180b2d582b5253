import { canonical, parseForm } from '../../sandbox/form';

describe("Stripe's form encoding", () => {
  it('reads nested hashes and indexed arrays as the SDK writes them', () => {
    const form = parseForm(
      'mode=payment&line_items[0][price_data][currency]=usd&line_items[0][quantity]=2&line_items[1][quantity]=1' +
        '&metadata[order_id]=o%201&success_url=https%3A%2F%2Fx.example%2Fr%3Fs%3D%7BCHECKOUT_SESSION_ID%7D',
    );
    expect(form).toEqual({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd' }, quantity: '2' }, { quantity: '1' }],
      metadata: { order_id: 'o 1' },
      success_url: 'https://x.example/r?s={CHECKOUT_SESSION_ID}',
    });
  });

  it('appends with [] and accepts percent-encoded brackets', () => {
    expect(parseForm('expand[]=a&expand[]=b.c')).toEqual({ expand: ['a', 'b.c'] });
    expect(parseForm('expand%5B0%5D=a&expand%5B1%5D=b')).toEqual({ expand: ['a', 'b'] });
  });

  it('orders indexed items by index, not by arrival', () => {
    expect(parseForm('a[1]=second&a[0]=first&a[10]=eleventh')).toEqual({ a: ['first', 'second', 'eleventh'] });
  });

  it('refuses a key that is both a value and a hash, naming it', () => {
    expect(() => parseForm('metadata=x&metadata[k]=v')).toThrow(expect.objectContaining({ status: 400, body: expect.objectContaining({ param: 'metadata[k]' }) }));
  });

  it('refuses malformed percent-encoding with a 400, not a crash', () => {
    expect(() => parseForm('a=%E0%A4%A')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('compares parameters regardless of their order (for idempotent retries)', () => {
    expect(canonical(parseForm('a=1&b[x]=2&b[y]=3'))).toBe(canonical(parseForm('b[y]=3&a=1&b[x]=2')));
    expect(canonical(parseForm('a=1'))).not.toBe(canonical(parseForm('a=2')));
  });
});
