/**
 * The emulator's pages are top-level windows (the dev host, the sign-in page, Office's prompt).
 * A browser asks for `/favicon.ico` of a page that names no icon, and WebKit checks that request
 * against the page's `img-src`: under `default-src 'none'` Safari logs a Content-Security-Policy
 * violation on every load. Each page names an empty icon instead, and its policy allows exactly
 * that. https://html.spec.whatwg.org/multipage/links.html#rel-icon
 */
export const EMPTY_ICON_LINK = '<link rel="icon" href="data:,">';
export const EMPTY_ICON_IMG_SRC = 'img-src data:';
