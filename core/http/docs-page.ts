import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { weakEtagOf } from './security-headers.js';

// The page fetches the spec from its own origin and builds the DOM with textContent only, so
// nothing from the spec is ever parsed as HTML. No CDN: it works offline and under a strict CSP.
const SCRIPT = `
(async () => {
  const root = document.getElementById('ops');
  const el = (tag, cls, text) => { const n = document.createElement(tag); if (cls) n.className = cls; if (text !== undefined) n.textContent = text; return n; };
  let spec;
  try { spec = await (await fetch(document.body.dataset.spec)).json(); }
  catch (e) { root.append(el('p', 'err', 'Could not load the API description.')); return; }
  document.getElementById('title').textContent = spec.info.title + ' ' + spec.info.version;
  const base = (spec.servers && spec.servers[0] && spec.servers[0].url) || '';
  const byTag = new Map();
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = (op.tags && op.tags[0]) || 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push({ path, method, op });
    }
  }
  const schemaBlock = (label, schema) => { const d = el('details'); d.append(el('summary', '', label), el('pre', '', JSON.stringify(schema, null, 2))); return d; };
  for (const tag of [...byTag.keys()].sort()) {
    const section = el('section'); section.append(el('h2', '', tag));
    for (const { path, method, op } of byTag.get(tag)) {
      const card = el('article', 'op');
      const head = el('div', 'head');
      head.append(el('span', 'm ' + method, method.toUpperCase()), el('code', '', base + path), el('span', 's', op.summary || ''));
      if (op.security && op.security.length) head.append(el('span', 'lock', op['x-permission'] ? 'auth: ' + op['x-permission'] : 'auth'));
      card.append(head);
      if (op.description) card.append(el('p', '', op.description));
      if (op.parameters && op.parameters.length) {
        const table = el('table'); const hr = el('tr');
        for (const h of ['name', 'in', 'required', 'schema']) hr.append(el('th', '', h));
        table.append(hr);
        for (const p of op.parameters) {
          const tr = el('tr');
          tr.append(el('td', '', p.name), el('td', '', p.in), el('td', '', p.required ? 'yes' : 'no'), el('td', '', JSON.stringify(p.schema)));
          table.append(tr);
        }
        card.append(table);
      }
      if (op.requestBody) card.append(schemaBlock('request body', op.requestBody.content['application/json'].schema));
      for (const [status, response] of Object.entries(op.responses)) {
        const resolved = response.$ref ? { description: 'error: {error:{code,message,details?}}' } : response;
        const content = resolved.content && resolved.content['application/json'];
        if (content) card.append(schemaBlock(status + ' ' + resolved.description, content.schema));
        else card.append(el('div', 'r', status + ' ' + resolved.description));
      }
      section.append(card);
    }
    root.append(section);
  }
})();
`;

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:1rem 1.5rem;color:#1b1f24}
h1{font-size:1.4rem}h2{font-size:1.1rem;border-bottom:1px solid #ddd;padding-bottom:.25rem;margin-top:2rem}
.op{border:1px solid #e3e3e3;border-radius:6px;padding:.6rem .8rem;margin:.6rem 0}
.head{display:flex;gap:.6rem;align-items:center;flex-wrap:wrap}.s{color:#555}
.m{font-weight:700;font-size:.75rem;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#666}
.get{background:#2b6cb0}.post{background:#2f855a}.put,.patch{background:#b7791f}.delete{background:#c53030}
.lock{margin-left:auto;font-size:.75rem;color:#744210}
table{border-collapse:collapse;margin:.4rem 0;width:100%}th,td{border:1px solid #eee;padding:.2rem .4rem;text-align:left;font-size:.85rem}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:.8rem}.r{font-size:.85rem;color:#444}.err{color:#c53030}
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** Serves the self-contained docs page for the spec at `specUrl`, under a hash-pinned CSP. */
export function docsPageHandler(specUrl: string, title: string) {
  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body data-spec="${escapeHtml(specUrl)}"><h1 id="title">${escapeHtml(title)}</h1>
<p>Machine-readable: <a href="${escapeHtml(specUrl)}">${escapeHtml(specUrl)}</a></p><main id="ops"></main>
<script>${SCRIPT}</script></body></html>`;
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(SCRIPT)}`,
    `style-src ${sha256(STYLE)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  const etag = weakEtagOf(html);
  return (_req: Request, res: Response): void => {
    res.setHeader('Content-Security-Policy', csp);
    res.setHeader('ETag', etag);
    res.type('html').send(html);
  };
}
