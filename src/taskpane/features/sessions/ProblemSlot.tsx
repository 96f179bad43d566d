/**
 * The error bar, loaded the first time there is a problem: Fluent's MessageBar and the details
 * disclosure are not needed to show the list, so they stay out of the start JavaScript.
 */
import { lazy, type ReactNode, Suspense } from 'react';
import type { ProblemBarProps } from './ProblemBar';

const ProblemBar = lazy(() =>
  import(/* webpackChunkName: "problem" */ './ProblemBar').then((m) => ({ default: m.ProblemBar })),
);

export function ProblemSlot(props: ProblemBarProps): ReactNode {
  return (
    <Suspense fallback={null}>
      <ProblemBar {...props} />
    </Suspense>
  );
}
