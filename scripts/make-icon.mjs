// Draws the marketplace icon (images/icon.png, 128×128): a green shield with a white check on navy.
// Deterministic and dependency-free (node:zlib only), so the committed PNG can always be regenerated:
//   node scripts/make-icon.mjs [out.png]

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const SIZE = 128;
const SUPERSAMPLE = 4; // 4×4 samples per pixel for smooth edges
const BACKGROUND = [0x23, 0x2f, 0x3e]; // navy
const SHIELD = [0x2e, 0xa0, 0x43]; // green
const CHECK = [0xff, 0xff, 0xff];

/** Rounded square covering the canvas. */
function inBackground(x, y) {
  const r = 24;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Shield: straight sides from the top to `shoulder`, then a parabola narrowing to a point. */
function inShield(x, y) {
  const top = 18;
  const shoulder = 62;
  const bottom = 114;
  const halfWidth = 40;
  if (y < top || y > bottom) return false;
  const t = y <= shoulder ? 0 : (y - shoulder) / (bottom - shoulder);
  return Math.abs(x - 64) <= halfWidth * (1 - t * t);
}

function distanceToSegment(px, py, [ax, ay], [bx, by]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Check mark: two thick strokes with round caps. */
function inCheck(x, y) {
  const a = [44, 64];
  const b = [58, 79];
  const c = [85, 47];
  const halfStroke = 6;
  return distanceToSegment(x, y, a, b) <= halfStroke || distanceToSegment(x, y, b, c) <= halfStroke;
}

function pixel(x, y) {
  const sum = [0, 0, 0, 0];
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      const px = x + (sx + 0.5) / SUPERSAMPLE;
      const py = y + (sy + 0.5) / SUPERSAMPLE;
      if (!inBackground(px, py)) continue;
      const colour = inCheck(px, py) ? CHECK : inShield(px, py) ? SHIELD : BACKGROUND;
      sum[0] += colour[0];
      sum[1] += colour[1];
      sum[2] += colour[2];
      sum[3] += 255;
    }
  }
  const n = SUPERSAMPLE * SUPERSAMPLE;
  const covered = sum[3] / 255;
  if (covered === 0) return [0, 0, 0, 0];
  // Colour is averaged over covered samples only (straight alpha), coverage goes to alpha.
  return [sum[0] / covered, sum[1] / covered, sum[2] / covered, sum[3] / n].map((v) => Math.round(v));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function renderIconPng() {
  const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (1 + SIZE * 4);
    raw[row] = 0; // filter: none
    for (let x = 0; x < SIZE; x++) raw.set(pixel(x, y), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression
  header[11] = 0; // filter
  header[12] = 0; // no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const out = process.argv[2] ?? path.join(root, 'images', 'icon.png');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, renderIconPng());
  console.log(`wrote ${path.relative(process.cwd(), out) || out}`);
}
