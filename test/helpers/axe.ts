/**
 * axe-core inside the task pane's frame (the production build in Chromium): the source is
 * evaluated in the frame, then `axe.run` checks the whole document. Violations come back as
 * "rule (impact): selectors" lines, so a failing assertion says what and where.
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
  const violations = await frame.evaluate(async () => {
    // Runs in the browser: `document` is the pane's.
    const page = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> } };
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target.map(String) })) }));
  });
  return violations.map((v) => `${v.id} (${v.impact ?? 'unknown'}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
