import { expect } from 'chai';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { defineRoute } from './define-route.js';
import { docsPageHandler } from './docs-page.js';
import { buildOpenApiDocument } from './openapi.js';

interface FakeNode {
  tag: string;
  className: string;
  textContent: string;
  children: FakeNode[];
  append(...nodes: FakeNode[]): void;
}

function fakeNode(tag: string): FakeNode {
  return {
    tag,
    className: '',
    textContent: '',
    children: [],
    append(...nodes) {
      this.children.push(...nodes);
    },
  };
}

const allText = (node: FakeNode): string => [node.textContent, ...node.children.map(allText)].join(' ');

function renderPage(specUrl: string): { html: string; csp: string } {
  let html = '';
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string) => (headers[name] = value),
    type: () => res,
    send: (body: string) => (html = body),
  };
  docsPageHandler(specUrl, 'Stratum <API>')({} as Request, res as unknown as Response);
  return { html, csp: headers['Content-Security-Policy'] ?? '' };
}

describe('docs page', () => {
  it('when rendered, the title is HTML-escaped and the CSP pins the inline script and style by hash', () => {
    const { html, csp } = renderPage('/api/v1/openapi.json');
    expect(html).to.include('<title>Stratum &#60;API&#62;</title>');
    expect(csp.match(/'sha256-/g)).to.have.length(2);
    expect(csp).not.to.include('unsafe-inline');
  });

  it('when its script runs against a spec, it renders every operation as text (no HTML parsing)', async () => {
    const route = defineRoute({
      method: 'get',
      path: '/campaigns/:id',
      summary: 'Get <b>campaign</b>',
      tags: ['campaigns'],
      auth: 'required',
      request: { params: z.object({ id: z.string() }), query: z.object({ expand: z.string().optional() }) },
      responses: { 200: z.object({ id: z.string() }) },
      handler: ({ params }) => ({ status: 200, body: { id: params.id } }),
    });
    const spec = buildOpenApiDocument([route], { title: 'Stratum API', version: '9.9.9' });
    const script = /<script>([\s\S]*)<\/script>/.exec(renderPage('/spec').html)?.[1] ?? '';
    const elements: Record<string, FakeNode> = { ops: fakeNode('main'), title: fakeNode('h1') };
    const document = {
      body: { dataset: { spec: '/spec' } },
      getElementById: (id: string) => elements[id],
      createElement: fakeNode,
    };
    const fetchSpec = async (url: string) => {
      expect(url).to.equal('/spec');
      return { json: async () => spec };
    };
    const run = new Function('document', 'fetch', `return ${script.trim().replace(/;$/, '')}`) as (
      doc: unknown,
      fetcher: unknown,
    ) => Promise<void>;
    await run(document, fetchSpec);
    expect(elements.title?.textContent).to.equal('Stratum API 9.9.9');
    const text = allText(elements.ops as FakeNode);
    for (const expected of [
      'campaigns',
      'GET',
      '/api/v1/campaigns/{id}',
      'Get <b>campaign</b>',
      'expand',
      '200 OK',
      '401',
    ]) {
      expect(text).to.include(expected);
    }
  });
});
