import { isDeepStrictEqual } from 'node:util';

/**
 * Polls `read` until it returns `expected` (deep equality) or the time is up; then fails with the
 * last value seen. For states that change asynchronously in another process or a browser.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (isDeepStrictEqual(last, expected)) return;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(last).toEqual(expected);
}
