import { html, type Html } from '../shared/html/html';

/** A labelled field on a line of its own: the label, then the control, which carries `id`. */
export const field = (id: string, label: string, control: Html) => html`<p><label for="${id}">${label}</label><br />${control}</p>`;

/** A choice of fixed values, as [value, text]; the first is chosen until the person picks another. */
export const selectField = (id: string, name: string, label: string, options: Array<[string, string]>) =>
  field(
    id,
    label,
    html`<select id="${id}" name="${name}">
      ${options.map(([value, text]) => html`<option value="${value}">${text}</option>`)}
    </select>`,
  );

/** A short code typed in capitals (a currency, a country), with what it expects said under it. */
export function codeField(o: { id: string; name: string; label: string; length: number; help: string; value?: string | undefined }): Html {
  return html`<p>
    <label for="${o.id}">${o.label}</label><br /><input
      id="${o.id}"
      name="${o.name}"
      maxlength="${o.length}"
      size="${o.length + 1}"
      pattern="[A-Z]{${o.length}}"
      value="${o.value ?? ''}"
      aria-describedby="${o.id}-help"
    /><br /><small id="${o.id}-help">${o.help}</small>
  </p>`;
}
