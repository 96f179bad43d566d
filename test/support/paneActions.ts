/**
 * What the pane's browser suites do as a person would: open sessions on the dev host's workbook,
 * count rows, and read the pane's frame.
 */
import type { FrameLocator } from 'playwright-core';
import { hostSsoToken } from './emulatorControl';
import { eventually } from './eventually';
import { type LocalStack } from './localStack';
import { closeMany, listSessions } from './sessionApi';

export const closeButtons = (pane: FrameLocator) => pane.getByRole('button', { name: /^Close session on / });

/** Opens `count` sessions on the open workbook (confirming "Open another" from the second on). */
export async function openSessions(pane: FrameLocator, count: number, alreadyOpen = 0): Promise<void> {
  for (let n = alreadyOpen + 1; n <= alreadyOpen + count; n++) {
    await pane.getByRole('button', { name: 'Open session' }).click();
    if (n > 1) await pane.getByRole('button', { name: 'Open another' }).click();
    await eventually(() => closeButtons(pane).count(), n);
  }
}

/**
 * Forgets the dev host user's sessions in the middle tier's registry. Resetting the emulator
 * drops Graph's sessions but not the middle tier's rows, which would otherwise show up in the
 * next test of the same file; closing them finds them gone, as the person would.
 */
export async function forgetSessions(stack: LocalStack): Promise<void> {
  const token = await hostSsoToken(stack);
  const listed = await listSessions(stack, token);
  if (listed.length > 0)
    await closeMany(
      stack,
      token,
      listed.map((s) => s.id),
    );
}
