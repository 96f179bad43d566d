/**
 * Errors of the control API itself. They use the Graph envelope like the rest of the emulator's
 * own answers, with codes of the emulator's own (no Graph error has these meanings).
 */
import { GraphError } from '../graph/GraphError';

export const controlErrors = {
  /** A browser request from a page that is neither the dev host page nor (for host routes) the add-in. */
  crossOriginRefused(origin: string): GraphError {
    return new GraphError(
      403,
      'crossOriginRefused',
      `The control API does not answer pages from ${JSON.stringify(origin)}: only the dev host page and the add-in may call it.`,
    );
  },
  /** A POST without `Content-Type: application/json` (what a cross-site form or a no-cors fetch sends). */
  jsonRequired(contentType: string | undefined): GraphError {
    const given = contentType === undefined ? 'no Content-Type' : `Content-Type '${contentType}'`;
    return new GraphError(
      415,
      'unsupportedMediaType',
      `The control API takes POST requests with Content-Type: application/json only (got ${given}).`,
    );
  },
  /** The emulator was reset but local mode's launcher could not empty the registry. */
  resetIncomplete(reason: string): GraphError {
    return new GraphError(
      502,
      'resetIncomplete',
      `The emulator was reset, but the local registry was not emptied: ${reason}`,
    );
  },
} as const;
