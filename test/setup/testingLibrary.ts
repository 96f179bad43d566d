// findBy*/waitFor give up after 1 s by default; a lazily loaded chunk (the Close-all dialog) can
// take longer than that on a busy machine. The figure bounds waiting only; no assertion uses it.
import { configure } from '@testing-library/react';

configure({ asyncUtilTimeout: 10_000 });
