/**
 * The support page the manifest's `SupportUrl` points to: what the add-in does, how to get help,
 * what data it touches. Served by the middle tier at a stable path, in English or Spanish: the
 * `lang` query parameter when given (`?lang=es`), else the best match in `Accept-Language`,
 * else English. A static page (no script), so it works outside Excel and in any browser.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { escapeHtml } from '../../shared/html';
import { SUPPORT_LANGUAGES, SUPPORT_TEXT, type SupportLanguage } from './supportContent';

export const SUPPORT_PATH = '/support';

/** Who users should contact: an email address or an https page (SUPPORT_CONTACT); null = their administrator. */
export type SupportContact = { kind: 'email'; address: string } | { kind: 'url'; url: string } | null;

/** `?lang=` wins; then Accept-Language by quality (ties keep the client's order); English otherwise. */
export function supportLanguage(langParam: unknown, acceptLanguage: string | undefined): SupportLanguage {
  const fromParam = typeof langParam === 'string' ? primaryLanguage(langParam) : undefined;
  if (fromParam !== undefined) return fromParam;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { language: primaryLanguage(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter(
      (entry): entry is { language: SupportLanguage; q: number; index: number } =>
        entry.language !== undefined && entry.q > 0,
    )
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.language ?? 'en';
}

function primaryLanguage(tag: string): SupportLanguage | undefined {
  const primary = tag.trim().toLowerCase().split('-')[0];
  return (SUPPORT_LANGUAGES as readonly string[]).includes(primary ?? '') ? (primary as SupportLanguage) : undefined;
}

export function renderSupportPage(language: SupportLanguage, contact: SupportContact): string {
  const t = SUPPORT_TEXT[language];
  const other: SupportLanguage = language === 'en' ? 'es' : 'en';
  const list = (items: readonly string[]): string =>
    `<ul>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  const contactHtml =
    contact === null
      ? escapeHtml(t.helpWithoutContact)
      : contact.kind === 'email'
        ? t.helpWithContact(`<a href="mailto:${escapeHtml(contact.address)}">${escapeHtml(contact.address)}</a>`)
        : t.helpWithContact(`<a href="${escapeHtml(contact.url)}">${escapeHtml(contact.url)}</a>`);
  return `<!doctype html>
<html lang="${t.htmlLang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>
  body { font-family: "Segoe UI", system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 44rem; padding: 1.5rem; color: #242424; }
  h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 1.75rem; }
  a { color: #0f6cbd; }
  nav { text-align: right; }
</style>
</head>
<body>
<nav><a href="${SUPPORT_PATH}?lang=${other}" hreflang="${other}" lang="${other}">${escapeHtml(t.otherLanguage)}</a></nav>
<main>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.intro)}</p>
<h2>${escapeHtml(t.whatHeading)}</h2>
${list(t.what)}
<h2>${escapeHtml(t.helpHeading)}</h2>
<p>${contactHtml}</p>
${list(t.helpDetails)}
<h2>${escapeHtml(t.dataHeading)}</h2>
${list(t.data)}
</main>
</body>
</html>
`;
}

export function registerSupportPage(app: FastifyInstance, contact: SupportContact): void {
  const pages = new Map(SUPPORT_LANGUAGES.map((language) => [language, renderSupportPage(language, contact)]));
  const send = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    const language = supportLanguage(
      (request.query as Record<string, unknown> | undefined)?.lang,
      request.headers['accept-language'],
    );
    return reply
      .header('content-language', language)
      .header('vary', 'Accept-Language')
      .header('cache-control', 'public, max-age=300')
      .type('text/html; charset=utf-8')
      .send(pages.get(language));
  };
  app.get(SUPPORT_PATH, send);
}

const EMAIL = /^[^\s@<>"'()]+@[^\s@<>"'()]+\.[^\s@<>"'()]+$/;

/** SUPPORT_CONTACT: an email address or an https URL; empty = the user's administrator. */
export function parseSupportContact(text: string, problems: string[]): SupportContact {
  if (text === '') return null;
  if (EMAIL.test(text)) return { kind: 'email', address: text };
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' && url.username === '' && url.password === '') return { kind: 'url', url: url.href };
  } catch {
    // not a URL: reported below
  }
  problems.push(`SUPPORT_CONTACT must be an email address or an https URL where users get help (got "${text}").`);
  return null;
}
