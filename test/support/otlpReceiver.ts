/**
 * An OTLP/HTTP receiver for tests (https://opentelemetry.io/docs/specs/otlp/#otlphttp): a plain
 * HTTP server on loopback that accepts POST /v1/traces and /v1/metrics in JSON or protobuf,
 * decodes the spans of every trace request, and answers as a collector does. The protobuf
 * decoder reads the wire format itself (trace.proto field numbers), so it checks what the
 * exporter really sent rather than trusting the exporter's own code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type AttributeValue = string | number | boolean | AttributeValue[] | null;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, AttributeValue>;
  /** 0 unset, 1 ok, 2 error. */
  statusCode: number;
}

export interface OtlpReceiver {
  /** e.g. http://127.0.0.1:43123 (the OTEL_EXPORTER_OTLP_ENDPOINT). */
  url: string;
  spans: ReceivedSpan[];
  /** The content types of the requests received, by path. */
  requests: { path: string; contentType: string }[];
  close(): Promise<void>;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const requests: OtlpReceiver['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const contentType = String(req.headers['content-type'] ?? '');
      const path = req.url ?? '';
      requests.push({ path, contentType });
      const protobuf = contentType.startsWith('application/x-protobuf');
      if (req.method !== 'POST' || (path !== '/v1/traces' && path !== '/v1/metrics')) {
        res.writeHead(404).end();
        return;
      }
      if (path === '/v1/traces') {
        try {
          spans.push(...(protobuf ? decodeProtobufTraces(body) : decodeJsonTraces(body)));
        } catch {
          res.writeHead(400).end();
          return;
        }
      }
      // An empty Export*ServiceResponse: full success.
      if (protobuf) res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---- JSON (the protobuf JSON mapping; ids are hex in OTLP/JSON) ----

interface JsonAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: JsonAnyValue[] };
}

function jsonValue(value: JsonAnyValue | undefined): AttributeValue {
  if (value === undefined) return null;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(jsonValue);
  return null;
}

function decodeJsonTraces(body: Buffer): ReceivedSpan[] {
  type JsonSpan = {
    traceId: string;
    spanId: string;
    parentSpanId?: string;
    name: string;
    kind: number;
    attributes?: { key: string; value: JsonAnyValue }[];
    status?: { code?: number };
  };
  const request = JSON.parse(body.toString('utf8')) as { resourceSpans?: { scopeSpans?: { spans?: JsonSpan[] }[] }[] };
  return (request.resourceSpans ?? []).flatMap((r) =>
    (r.scopeSpans ?? []).flatMap((s) =>
      (s.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind,
        attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, jsonValue(a.value)])),
        statusCode: span.status?.code ?? 0,
      })),
    ),
  );
}

// ---- protobuf wire format ----

interface Field {
  number: number;
  /** Varint and fixed values as bigint; length-delimited as bytes. */
  value: bigint | Buffer;
}

function fields(buffer: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buffer[at++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (at < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    switch (key & 7) {
      case 0:
        out.push({ number, value: varint() });
        break;
      case 1:
        out.push({ number, value: buffer.readBigUInt64LE(at) });
        at += 8;
        break;
      case 2: {
        const length = Number(varint());
        out.push({ number, value: buffer.subarray(at, at + length) });
        at += length;
        break;
      }
      case 5:
        out.push({ number, value: BigInt(buffer.readUInt32LE(at)) });
        at += 4;
        break;
      default:
        throw new Error(`unsupported wire type ${key & 7}`);
    }
  }
  return out;
}

const bytesOf = (list: Field[], number: number): Buffer[] =>
  list.filter((f) => f.number === number && Buffer.isBuffer(f.value)).map((f) => f.value as Buffer);
const firstBytes = (list: Field[], number: number): Buffer => bytesOf(list, number)[0] ?? Buffer.alloc(0);
const firstNumber = (list: Field[], number: number): bigint => {
  const field = list.find((f) => f.number === number && typeof f.value === 'bigint');
  return field === undefined ? 0n : (field.value as bigint);
};

/** AnyValue: string 1, bool 2, int 3, double 4, array 5. */
function protobufValue(buffer: Buffer): AttributeValue {
  const list = fields(buffer);
  const field = list[0];
  if (field === undefined) return null;
  switch (field.number) {
    case 1:
      return (field.value as Buffer).toString('utf8');
    case 2:
      return field.value === 1n;
    case 3:
      return Number(BigInt.asIntN(64, field.value as bigint));
    case 4: {
      const bytes = Buffer.alloc(8);
      bytes.writeBigUInt64LE(field.value as bigint);
      return bytes.readDoubleLE(0);
    }
    case 5:
      return bytesOf(fields(field.value as Buffer), 1).map(protobufValue);
    default:
      return null;
  }
}

/** ExportTraceServiceRequest → ResourceSpans (1) → ScopeSpans (2) → Span (2). */
function decodeProtobufTraces(body: Buffer): ReceivedSpan[] {
  const spans: ReceivedSpan[] = [];
  for (const resourceSpans of bytesOf(fields(body), 1)) {
    for (const scopeSpans of bytesOf(fields(resourceSpans), 2)) {
      for (const spanBytes of bytesOf(fields(scopeSpans), 2)) {
        const span = fields(spanBytes);
        const attributes: Record<string, AttributeValue> = {};
        for (const kv of bytesOf(span, 9)) {
          const pair = fields(kv);
          attributes[firstBytes(pair, 1).toString('utf8')] = protobufValue(firstBytes(pair, 2));
        }
        spans.push({
          traceId: firstBytes(span, 1).toString('hex'),
          spanId: firstBytes(span, 2).toString('hex'),
          parentSpanId: firstBytes(span, 4).toString('hex'),
          name: firstBytes(span, 5).toString('utf8'),
          kind: Number(firstNumber(span, 6)),
          attributes,
          statusCode: Number(firstNumber(fields(firstBytes(span, 15)), 3)),
        });
      }
    }
  }
  return spans;
}
