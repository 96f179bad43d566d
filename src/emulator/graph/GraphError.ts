/** The Graph error envelope the Graph routes answer with. */
import { type GraphErrorEnvelope, type GraphInnerError } from '../../shared/graph';
import { EmulatorError, type ErrorRenderContext } from '../common/EmulatorError';
import { graphDate } from '../common/ids';

/** One level of `innerError` below the top: Excel nests its own codes this way. */
export interface InnerErrorLevel {
  code?: string;
  message?: string;
}

/**
 * A Graph error: `{"error":{"code","message","innerError":{code?,message?,innerError?,date,
 * request-id,client-request-id}}}`. `inner` is the chain of levels under the top one, outermost
 * first (a string is a one-level chain with only a code); the first level also carries the
 * request's `date` and ids, as Graph's answers do
 * (https://learn.microsoft.com/en-us/graph/errors, https://learn.microsoft.com/en-us/graph/workbook-error-handling).
 */
export class GraphError extends EmulatorError {
  readonly inner: readonly InnerErrorLevel[];

  constructor(
    status: number,
    readonly code: string,
    message: string,
    inner?: string | readonly InnerErrorLevel[],
    headers: Readonly<Record<string, string>> = {},
    /** Extra innerError members some Graph errors carry (throttling adds `message` and `status`). */
    readonly innerExtra: Readonly<Record<string, string>> = {},
  ) {
    super(status, message, headers);
    this.name = 'GraphError';
    this.inner =
      inner === undefined ? [] : typeof inner === 'string' ? [{ code: inner }] : inner.map((level) => ({ ...level }));
  }

  /** The second-level code clients branch on first (https://learn.microsoft.com/en-us/graph/workbook-error-handling). */
  get innerCode(): string | undefined {
    return this.inner[0]?.code;
  }

  render(context: ErrorRenderContext): GraphErrorEnvelope {
    const [first, ...deeper] = this.inner;
    const innerError: GraphInnerError = {};
    if (first?.code !== undefined) innerError.code = first.code;
    if (first?.message !== undefined) innerError.message = first.message;
    const nested = nest(deeper);
    if (nested !== undefined) innerError.innerError = nested;
    Object.assign(innerError, this.innerExtra);
    innerError.date = graphDate(context.nowMs);
    innerError['request-id'] = context.requestId;
    innerError['client-request-id'] = context.clientRequestId;
    return { error: { code: this.code, message: this.message, innerError } };
  }
}

function nest(levels: readonly InnerErrorLevel[]): GraphInnerError | undefined {
  const [head, ...rest] = levels;
  if (head === undefined) return undefined;
  const level: GraphInnerError = { ...head };
  const below = nest(rest);
  if (below !== undefined) level.innerError = below;
  return level;
}
