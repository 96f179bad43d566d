/**
 * Small preferences in localStorage. Never tokens or anything secret: only whether the person
 * read the explanation, and their keep-alive choice, keyed by a hash of their tenant and object
 * ids so that two people sharing a browser keep their own choices. Storage can be unavailable
 * (privacy modes, partitioned frames): then the defaults apply and nothing breaks.
 */
const PREFIX = 'workbook-sessions:';

function read(key: string): string | null {
  try {
    return window.localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}

function write(key: string, value: string): void {
  try {
    window.localStorage.setItem(PREFIX + key, value);
  } catch {
    // Not remembered this time; the pane still works.
  }
}

/** FNV-1a, 64-bit, hex: a stable key that does not spell out the ids. Not a security measure. */
export function preferenceKey(tenantId: string, objectId: string): string {
  let hash = 0xcbf29ce484222325n;
  const text = `${tenantId.toLowerCase()}|${objectId.toLowerCase()}`;
  for (let i = 0; i < text.length; i++) {
    hash = BigInt.asUintN(64, (hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  }
  return hash.toString(16).padStart(16, '0');
}

export const preferences = {
  aboutDismissed: (): boolean => read('about-dismissed') === '1',
  dismissAbout: (): void => write('about-dismissed', '1'),
  keepAlive: (userKey: string): boolean => read(`keep-alive:${userKey}`) === '1',
  setKeepAlive: (userKey: string, on: boolean): void => write(`keep-alive:${userKey}`, on ? '1' : '0'),
};
