/**
 * Loads OpenTelemetry only when an export is configured. With no OTLP endpoint, no METRICS_PORT
 * and no Application Insights connection string, this answers NO_TELEMETRY and not one
 * OpenTelemetry package is loaded (they are required here, lazily, rather than imported).
 */
import { hkdfSync } from 'node:crypto';
import type * as OtelSdk from './otelSdk';
import type * as OtelTelemetry from './otelTelemetry';
import { NO_TELEMETRY, type Telemetry } from './telemetry';
import type { TelemetryConfig } from './telemetryConfig';

export interface TelemetryContext {
  /** The middle tier's version (service.version). */
  version: string;
  /** The sealing key: the user pseudonym's key is derived from it, so it is per deployment and never stored. */
  sealingKey: Buffer;
  /** The registry's database, for db.system.name. */
  registry: 'sqlite' | 'postgresql';
}

export async function loadTelemetry(
  config: TelemetryConfig | null | undefined,
  about: TelemetryContext,
): Promise<Telemetry> {
  if (config === null || config === undefined) return NO_TELEMETRY;
  // A CommonJS require keeps the load lazy (tsc's node16 output would keep import() as an ES import).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startSdk } = require('./otelSdk') as typeof OtelSdk;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createOtelTelemetry } = require('./otelTelemetry') as typeof OtelTelemetry;
  const sdk = await startSdk(config, about.version);
  const pseudonymKey = Buffer.from(
    hkdfSync('sha256', about.sealingKey, Buffer.alloc(0), 'workbook-sessions telemetry user pseudonym', 32),
  );
  return createOtelTelemetry({ pseudonymKey, registrySystem: about.registry, shutdown: () => sdk.shutdown() });
}
