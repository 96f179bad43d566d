/** The Graph error envelope the Graph routes answer with. */
import { type GraphErrorEnvelope, type GraphInnerError } from '../../shared/graph';
import { EmulatorError, type ErrorRenderContext } from '../common/EmulatorError';
import { graphDate } from '../common/ids';

/** A Graph error: `{"error":{"code","message","innerError":{code?,date,request-id,client-request-id}}}`. */
export class GraphError extends EmulatorError {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    headers: Readonly<Record<string, string>> = {},
    /** Extra innerError members some Graph errors carry (throttling adds `message` and `status`). */
    readonly innerExtra: Readonly<Record<string, string>> = {},
  ) {
    super(status, message, headers);
    this.name = 'GraphError';
  }

  render(context: ErrorRenderContext): GraphErrorEnvelope {
    const innerError: GraphInnerError = {};
    if (this.innerCode !== undefined) innerError.code = this.innerCode;
    Object.assign(innerError, this.innerExtra);
    innerError.date = graphDate(context.nowMs);
    innerError['request-id'] = context.requestId;
    innerError['client-request-id'] = context.clientRequestId;
    return { error: { code: this.code, message: this.message, innerError } };
  }
}
