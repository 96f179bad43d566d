// Draws the add-in's icons (assets/icon-{16,32,64,80,128}.png) without any image tool:
// an Excel-green rounded square with a white sheet grid and a "session" dot. Run once when the
// design changes: `node scripts/make-icons.js`. The PNGs are committed.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const GREEN = [16, 124, 65];
const WHITE = [255, 255, 255];
const DOT = [255, 185, 0];

function pixel(size, x, y) {
  // Work in a 0..1 square, sampled at the pixel centre, 4x supersampled for smooth edges.
  let r = 0,
    g = 0,
    b = 0,
    a = 0;
  const n = 4;
  for (let sy = 0; sy < n; sy++) {
    for (let sx = 0; sx < n; sx++) {
      const u = (x + (sx + 0.5) / n) / size;
      const v = (y + (sy + 0.5) / n) / size;
      const c = colourAt(u, v);
      if (c) {
        r += c[0];
        g += c[1];
        b += c[2];
        a += 255;
      }
    }
  }
  const k = n * n;
  return a === 0
    ? [0, 0, 0, 0]
    : [Math.round(r / (a / 255)), Math.round(g / (a / 255)), Math.round(b / (a / 255)), Math.round(a / k)];
}

function colourAt(u, v) {
  const radius = 0.18;
  const cx = Math.min(Math.max(u, radius), 1 - radius);
  const cy = Math.min(Math.max(v, radius), 1 - radius);
  if ((u - cx) ** 2 + (v - cy) ** 2 > radius ** 2) return null;
  // session dot, top right
  if ((u - 0.76) ** 2 + (v - 0.24) ** 2 < 0.12 ** 2) return DOT;
  // sheet: white frame and grid inside [0.2, 0.8]
  const inSheet = u > 0.2 && u < 0.8 && v > 0.32 && v < 0.8;
  if (inSheet) {
    const line = 0.045;
    const onGrid =
      [0.2, 0.4, 0.6, 0.8].some((p) => Math.abs(u - p) < line) || [0.32, 0.56, 0.8].some((p) => Math.abs(v - p) < line);
    return onGrid ? WHITE : GREEN;
  }
  return GREEN;
}

function png(size) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const p = pixel(size, x, y);
      p.forEach((c, i) => (raw[y * (size * 4 + 1) + 1 + x * 4 + i] = c));
    }
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [16, 32, 64, 80, 128]) {
  fs.writeFileSync(path.join(__dirname, '..', 'assets', `icon-${size}.png`), png(size));
}
console.log('wrote assets/icon-{16,32,64,80,128}.png');
