import { isDeepStrictEqual } from 'node:util';

/**
 * Polls `read` until it returns `expected` (deep equality) or the time is up; then fails with the
 * last value seen. For states that change asynchronously in another process or a browser. The
 * default bound is generous (a shared, loaded machine can take seconds to open a session); it
 * only delays a failure, never a pass.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 20_000): Promise<void> {
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
