import { OFFICE_JS_CDN_URL } from '../config';
import { rewriteOfficeJs } from './staticFiles';

describe('rewriteOfficeJs', () => {
  const local = 'https://localhost:3100/_host/office.js';

  it.each([
    ['double quotes', `<script src="${OFFICE_JS_CDN_URL}"></script>`],
    ['single quotes', `<script src='${OFFICE_JS_CDN_URL}'></script>`],
    ['no quotes (minified)', `<script src=${OFFICE_JS_CDN_URL}></script>`],
  ])('replaces the CDN script URL written with %s', (_label, html) => {
    expect(rewriteOfficeJs(html, local)).toBe(`<script src="${local}"></script>`);
  });

  it('leaves the page alone when office.js should come from the CDN', () => {
    const html = `<script src="${OFFICE_JS_CDN_URL}"></script>`;
    expect(rewriteOfficeJs(html, OFFICE_JS_CDN_URL)).toBe(html);
  });

  it('touches neither other scripts nor the URL outside a src attribute', () => {
    const html = `<!-- ${OFFICE_JS_CDN_URL} --><script src="${OFFICE_JS_CDN_URL}x"></script>`;
    expect(rewriteOfficeJs(html, local)).toBe(html);
  });

  it('escapes the new URL for an HTML attribute', () => {
    expect(rewriteOfficeJs(`<script src="${OFFICE_JS_CDN_URL}"></script>`, 'https://h/o.js?a=1&b="2"')).toBe('<script src="https://h/o.js?a=1&amp;b=&quot;2&quot;"></script>');
  });
});
