/**
 * Test-only: reads a Content-Security-Policy header and answers whether a directive lets a page
 * of one origin reach a URL, by the source-expression matching rules of CSP Level 3 for the forms
 * our policies use ('self', 'none', scheme://host[:port] with an optional leading `*.`), so a
 * test checks what a browser would decide rather than the header's text.
 * https://www.w3.org/TR/CSP3/#match-url-to-source-expression
 */
export type ParsedPolicy = ReadonlyMap<string, readonly string[]>;

export function parsePolicy(header: string | undefined): ParsedPolicy {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

const DEFAULT_PORTS: Record<string, string> = { 'https:': '443', 'http:': '80', 'wss:': '443', 'ws:': '80' };

function matchesSource(source: string, url: URL, pageOrigin: string): boolean {
  if (source === "'self'") return url.origin === pageOrigin;
  const match = /^(https?|wss?):\/\/(\*\.)?([^/:]+)(?::(\d+|\*))?$/i.exec(source);
  if (!match) return false;
  const [, scheme, wildcard, host, port] = match;
  // An https source also allows wss; nothing allows a downgrade to http (CSP3 §6.7.2.8).
  const schemeOk = `${scheme}:` === url.protocol || (scheme === 'https' && url.protocol === 'wss:');
  const hostOk = wildcard ? url.hostname.endsWith(`.${host!.toLowerCase()}`) : url.hostname === host!.toLowerCase();
  const urlPort = url.port || DEFAULT_PORTS[url.protocol] || '';
  const portOk = port === '*' || (port ?? DEFAULT_PORTS[`${scheme}:`]) === urlPort;
  return schemeOk && hostOk && portOk;
}

/** Whether `directive` (or default-src when it is absent) lets a page of `pageOrigin` use `url`. */
export function policyAllows(policy: ParsedPolicy, directive: string, url: string, pageOrigin: string): boolean {
  const sources = policy.get(directive) ?? policy.get('default-src');
  if (sources === undefined) return true;
  const target = new URL(url);
  return sources.some((source) => matchesSource(source, target, pageOrigin));
}

/** Whether `frame-ancestors` lets a page of `ancestorOrigin` frame a page of `pageOrigin` (no default-src fallback). */
export function policyAllowsAncestor(policy: ParsedPolicy, ancestorOrigin: string, pageOrigin: string): boolean {
  const sources = policy.get('frame-ancestors');
  if (sources === undefined) return true;
  const target = new URL(ancestorOrigin);
  return sources.some((source) => matchesSource(source, target, pageOrigin));
}
