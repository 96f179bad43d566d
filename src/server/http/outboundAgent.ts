/**
 * The one HTTPS client setup for everything the middle tier calls (Entra ID and Graph).
 * In local mode the emulator's certificate is signed by a private CA that is installed nowhere:
 * we trust it through this dispatcher only, in addition to Node's default roots, instead of
 * touching NODE_EXTRA_CA_CERTS or any global trust store.
 */
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';

export const OUTBOUND_TIMEOUTS_MS = { connect: 10_000, headers: 30_000, body: 30_000 } as const;

export function createOutboundAgent(extraCaPem: string | null): Agent {
  // `ca` replaces the default roots, so keep them beside the extra CA.
  const ca = extraCaPem === null ? undefined : [...rootCertificates, extraCaPem];
  return new Agent({
    connect: { ca, timeout: OUTBOUND_TIMEOUTS_MS.connect },
    headersTimeout: OUTBOUND_TIMEOUTS_MS.headers,
    bodyTimeout: OUTBOUND_TIMEOUTS_MS.body,
  });
}
