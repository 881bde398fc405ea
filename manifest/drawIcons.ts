// Draws the two app icons Teams requires (192×192 colour, 32×32 white-on-transparent outline) as PNGs.
// Run by hand after a design change (`npx tsx manifest/drawIcons.ts`); the PNGs are committed so that
// packaging needs no drawing library. The motif: two tenants (squares) joined by an arrow.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

type Rgba = [number, number, number, number];
type Painter = (x: number, y: number, size: number) => Rgba | null;

function draw(size: number, paint: Painter): Buffer {
  const png = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const c = paint(x, y, size) ?? [0, 0, 0, 0];
      png.data.set(c, (y * size + x) * 4);
    }
  }
  return PNG.sync.write(png);
}

/** Two rounded squares and a bar with an arrow head between them, in units of a 32-grid. */
function motif(x: number, y: number, size: number): boolean {
  const u = (v: number) => (v * 32) / size;
  const gx = u(x), gy = u(y);
  const inBox = (x0: number, y0: number, w: number, h: number) => gx >= x0 && gx < x0 + w && gy >= y0 && gy < y0 + h;
  const leftTenant = inBox(3, 10, 9, 12) && !inBox(5, 12, 5, 8);
  const rightTenant = inBox(20, 10, 9, 12) && !inBox(22, 12, 5, 8);
  const bar = inBox(11, 15, 6, 2);
  const head = gx >= 16 && gx < 20 && Math.abs(gy - 16) <= (20 - gx) * 0.9;
  return leftTenant || rightTenant || bar || head;
}

const color: Painter = (x, y, size) => (motif(x, y, size) ? [255, 255, 255, 255] : [0x1f, 0x5f, 0xa8, 255]);
const outline: Painter = (x, y, size) => (motif(x, y, size) ? [255, 255, 255, 255] : null);

const here = fileURLToPath(new URL('.', import.meta.url));
writeFileSync(`${here}color.png`, draw(192, color));
writeFileSync(`${here}outline.png`, draw(32, outline));
