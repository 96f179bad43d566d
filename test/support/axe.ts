/**
 * axe-core inside the task pane's frame (the production build in Chromium): the source is
 * evaluated in the frame, then `axe.run` checks the whole document. Violations come back as
 * "rule (impact): selectors" lines, so a failing assertion says what and where.
 *
 * axe judges the page as it is at that instant, so the check waits for running transitions to
 * finish first: a Fluent button fading between its busy and rest colours (about 100 ms) would
 * otherwise be measured at an in-between colour and reported as low contrast. Infinite
 * animations (the busy spinner) never finish and are left running.
 */
import { readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  nodes: { target: unknown[] }[];
}

export async function axeViolations(frame: Frame): Promise<string[]> {
  await frame.evaluate(AXE_SOURCE);
  await frame.evaluate(async () => {
    // Runs in the browser. Web Animations API: running CSS transitions and animations are listed.
    interface Running {
      finished: Promise<unknown>;
      effect: { getComputedTiming(): { endTime?: number | string } } | null;
    }
    const page = globalThis as unknown as { document: { getAnimations(): Running[] } };
    const finite = page.document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    // Bounded: a paused animation would never finish.
    const settled = Promise.all(finite.map((a) => a.finished.catch(() => undefined)));
    await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2_000))]);
  });
  const violations = await frame.evaluate(async () => {
    // Runs in the browser: `document` is the pane's.
    const page = globalThis as unknown as {
      document: unknown;
      axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> };
    };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String) })),
    }));
  });
  return violations.map(
    (v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
}
