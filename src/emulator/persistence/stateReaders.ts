/**
 * Readers for what the emulator's state file holds. A stored row is input from outside like a
 * request body (a person may edit the file, a crash may leave an older one): every field is
 * checked before a store takes it, and the first problem names where it is.
 */

export class StateFileError extends Error {}

export type Fields = Record<string, unknown>;

export function readObject(value: unknown, where: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new StateFileError(`${where} must be an object`);
  return value as Fields;
}

export function readArray(value: unknown, where: string, max: number): unknown[] {
  if (!Array.isArray(value)) throw new StateFileError(`${where} must be an array`);
  if (value.length > max) throw new StateFileError(`${where} holds more than ${max} entries`);
  return value;
}

export function readString(value: unknown, where: string, maxLength = 4096, pattern?: RegExp): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength)
    throw new StateFileError(`${where} must be a string of 1 to ${maxLength} characters`);
  if (pattern !== undefined && !pattern.test(value)) throw new StateFileError(`${where} has an unexpected form`);
  return value;
}

export function readBoolean(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new StateFileError(`${where} must be true or false`);
  return value;
}

/** An integer in [min, max]; epoch milliseconds by default (up to the year 2100). */
export function readInteger(value: unknown, where: string, min = 0, max = 4_102_444_800_000): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    throw new StateFileError(`${where} must be an integer from ${min} to ${max}`);
  return value;
}

export function readOptional<T>(value: unknown, read: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : read(value);
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
