/** Collects the middle tier's pino lines (ServerOverrides.logStream) for assertions. */
export interface LogCapture {
  stream: { write(line: string): void };
  lines: string[];
  text(): string;
  /** Parsed JSON lines. */
  entries(): Record<string, unknown>[];
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  return {
    stream: { write: (line) => void lines.push(line) },
    lines,
    text: () => lines.join(''),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
