/** A call from the add-in's page to the emulator across origins (the NAA bridge's broker calls). */

export type FetchLike = (
  input: string,
  init?: { method?: string; headers?: Record<string, string>; body?: string; mode?: 'cors'; credentials?: 'omit' },
) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/**
 * One call to the emulator without credentials (it answers CORS for the add-in's origin only):
 * a GET, or with `body` a POST of it as JSON. Answers the parsed JSON body; any answer but a 2xx
 * throws.
 */
export async function callEmulator(fetch: FetchLike, url: string, body?: unknown): Promise<unknown> {
  const response = await fetch(
    url,
    body === undefined
      ? { mode: 'cors', credentials: 'omit' }
      : {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          mode: 'cors',
          credentials: 'omit',
        },
  );
  if (!response.ok) throw new Error(`status ${response.status}`);
  return response.json();
}

/** The emulator's origin from the URL the bridge script was loaded from (`E/_host/naa-bridge.js`). */
export function emulatorOriginFromScript(scriptSrc: string | undefined, pageUrl: string): string | undefined {
  if (scriptSrc === undefined || scriptSrc === '') return undefined;
  try {
    return new URL(scriptSrc, pageUrl).origin;
  } catch {
    return undefined;
  }
}
