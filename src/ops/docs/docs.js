// Renders /openapi.json as a readable page; no third-party code, no CDN.
(async function () {
  const spec = await (await fetch('/openapi.json')).json();
  const main = document.getElementById('ops');
  const toc = document.getElementById('toc');
  const byTag = {};
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) (byTag[op.tags[0]] ||= []).push({ path, method, op });
  }
  const el = (tag, attrs, ...kids) => {
    const e = document.createElement(tag);
    Object.assign(e, attrs);
    for (const k of kids) e.append(k);
    return e;
  };
  const json = (v) => el('pre', {}, JSON.stringify(v, null, 2));
  main.textContent = '';
  for (const [tag, ops] of Object.entries(byTag)) {
    const id = 'tag-' + tag.toLowerCase().replace(/\W+/g, '-');
    toc.append(el('a', { href: '#' + id }, tag), ' · ');
    main.append(el('h2', { id }, tag));
    for (const { path, method, op } of ops) {
      const box = el('section', { className: 'op' },
        el('div', {}, el('span', { className: 'method ' + method }, method), ' ', el('code', {}, path)),
        el('p', {}, op.summary + (op.description ? ' — ' + op.description : '')));
      if (op.parameters && op.parameters.length) box.append(el('details', {}, el('summary', {}, 'Parameters'), json(op.parameters)));
      if (op.requestBody) box.append(el('details', {}, el('summary', {}, 'Request body'), json(op.requestBody.content['application/json'].schema)));
      box.append(el('details', {}, el('summary', {}, 'Responses'), json(op.responses)));
      main.append(box);
    }
  }
})();
