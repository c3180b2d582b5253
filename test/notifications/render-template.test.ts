import { renderTemplate } from '../../src/notifications/render-template';

describe('the email template renderer', () => {
  it('puts values in, dotted names included, and repeats a section for each item of a list', () => {
    const view = {
      order: { number: 'HO-1' },
      items: [
        { name: 'Pro', qty: 2 },
        { name: 'Seat', qty: 1 },
      ],
      currency: 'EUR',
    };
    expect(renderTemplate('Order {{order.number}}\n{{#items}}- {{qty}} x {{name}} ({{currency}})\n{{/items}}done', view, 'text')).toBe(
      'Order HO-1\n- 2 x Pro (EUR)\n- 1 x Seat (EUR)\ndone',
    );
  });

  it('shows a section for a true value and an inverted one for a missing, false or empty one', () => {
    const t = '{{#due}}Due: {{due}}{{/due}}{{^due}}Paid in full{{/due}}';
    expect(renderTemplate(t, { due: '10.00' }, 'text')).toBe('Due: 10.00');
    expect(renderTemplate(t, { due: null }, 'text')).toBe('Paid in full');
    expect(renderTemplate('{{^list}}none{{/list}}', { list: [] }, 'text')).toBe('none');
  });

  it('escapes every value in HTML, and leaves text as it is in plain text', () => {
    const view = { name: '<script>alert("x")</script> & Sons' };
    expect(renderTemplate('<p>{{name}}</p>', view, 'html')).toBe('<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons</p>');
    expect(renderTemplate('{{name}}', view, 'text')).toBe(view.name);
  });

  it('refuses to render a value the view does not have, rather than sending a gap', () => {
    expect(() => renderTemplate('Hello {{nmae}}', { name: 'Ada' }, 'text')).toThrow('template value nmae is missing');
  });
});
