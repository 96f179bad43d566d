/**
 * The fault rule sets the dev host page offers with one click. Each is a body for
 * `POST /_emulator/faults` (contract v2); the page sends it as is, so the control API's own
 * validation applies. Seeds are fixed so a person can reproduce what they saw.
 */

export interface FaultPreset {
  id: string;
  label: string;
  body: { seed: number; rules: Record<string, string | number>[] };
}

export const FAULT_PRESETS: readonly FaultPreset[] = [
  {
    id: 'throttle-close',
    label: '30% of closeSession throttled (429, Retry-After 2 s)',
    body: { seed: 4, rules: [{ route: 'closeSession', kind: 'throttle', probability: 0.3, retryAfterSeconds: 2 }] },
  },
  {
    id: 'graph-down',
    // Retry-After 60 s: longer than a client should sit waiting inside one user action, so the
    // add-in reports the outage at once instead of retrying behind a spinner.
    label: 'Graph down (every request 503, Retry-After 60 s)',
    body: { seed: 4, rules: [{ route: 'any', kind: 'unavailable', retryAfterSeconds: 60 }] },
  },
  {
    id: 'slow-graph',
    label: 'Slow Graph (800 ms added to every request)',
    body: { seed: 4, rules: [{ route: 'any', kind: 'latency', latencyMs: 800 }] },
  },
  {
    id: 'create-timeout',
    label: 'createSession times out (504) twice',
    body: { seed: 4, rules: [{ route: 'createSession', kind: 'gatewayTimeout', count: 2 }] },
  },
  {
    id: 'token-unavailable',
    label: 'Entra token endpoint unavailable (503) once',
    body: { seed: 4, rules: [{ route: 'token', kind: 'unavailable', count: 1 }] },
  },
];
