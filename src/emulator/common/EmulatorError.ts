/**
 * The emulator's error model. Every failure a handler wants the client to see is thrown as an
 * `EmulatorError`; the single error handler (errorHandler.ts) writes it. Graph endpoints speak
 * the Graph envelope (graph/GraphError.ts), the Entra endpoints speak Entra's OAuth error JSON
 * (entra/EntraError.ts): the subclasses differ only in how they render their body.
 */

/** What the error handler knows about the request when it renders an error. */
export interface ErrorRenderContext {
  requestId: string;
  clientRequestId: string;
  nowMs: number;
}

export abstract class EmulatorError extends Error {
  protected constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  abstract render(context: ErrorRenderContext): unknown;
}
