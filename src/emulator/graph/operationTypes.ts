/**
 * What a Graph operation receives and returns, independent of HTTP: the same handler answers a
 * plain request and an item of `$batch`, so both behave identically, headers included.
 */
import { type GraphPrincipal } from '../entra/Issuer';
import { type GraphTarget } from './graphPath';

export interface OperationInput {
  target: GraphTarget;
  method: string;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  /** The raw body text, `''` when absent (batch items: their JSON body, serialised). */
  body: string;
  caller: GraphPrincipal;
}

export interface OperationResult {
  status: number;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** Absent for bodiless answers such as 204. */
  body?: unknown;
}

export const ODATA_JSON =
  'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';
