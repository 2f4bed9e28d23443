// Files for the loading cases (bench cases LW/LM and `npm run test:slow`): generated once into
// bench/data (git-ignored). CSV up to 1M rows (OHLCV, ~45 MB at 1M), .gcol.zst above (time,
// value; made with the library's encodeBinary from dist/ and the zstd command, level 3).
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA = join(HERE, 'data');
const LOAD_T0 = Date.UTC(2024, 0, 1);

export const sizeLabel = (n) => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));

/** The file a loading case fetches for `rows`: CSV up to 1M rows, .gcol.zst above; null when it cannot be made here. */
export async function ensureLoadFile(rows) {
  mkdirSync(DATA, { recursive: true });
  if (rows <= 1_000_000) {
    const file = join(DATA, `ohlcv-${sizeLabel(rows)}.csv`);
    if (!existsSync(file)) {
      const { createWriteStream } = await import('node:fs');
      const out = createWriteStream(file);
      out.write('time,open,high,low,close,volume\n');
      // A slow wave with a little noise: the chart then shows a line, not a band.
      let price = 100;
      let chunk = '';
      for (let i = 0; i < rows; i++) {
        const open = price;
        price = 100 + 20 * Math.sin((6 * Math.PI * i) / rows) + Math.sin(i * 0.37) * 0.2;
        chunk += `${LOAD_T0 + i * 60_000},${open.toFixed(4)},${(Math.max(open, price) + 0.25).toFixed(4)},${(Math.min(open, price) - 0.25).toFixed(4)},${price.toFixed(4)},${1000 + (i % 977)}\n`;
        if (chunk.length > 1 << 20) {
          if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
          chunk = '';
        }
      }
      out.write(chunk);
      await new Promise((r) => out.end(r));
    }
    return { url: `/bench/data/ohlcv-${sizeLabel(rows)}.csv`, bytes: statSync(file).size, format: 'CSV' };
  }
  const file = join(DATA, `line-${sizeLabel(rows)}.gcol.zst`);
  if (!existsSync(file)) {
    try {
      execSync('zstd --version', { stdio: 'ignore' });
    } catch {
      return null; // no zstd command to compress with
    }
    const { encodeBinary } = await import('../dist/gpu-chart.js');
    const time = new Float64Array(rows);
    const value = new Float64Array(rows);
    for (let i = 0; i < rows; i++) {
      time[i] = LOAD_T0 + i * 1000;
      value[i] = 100 + 20 * Math.sin((6 * Math.PI * i) / rows) + Math.sin(i * 0.37) * 0.2;
    }
    const raw = file.replace(/\.zst$/, '');
    writeFileSync(raw, encodeBinary({ time, value }));
    execSync(`zstd -q -3 -f --rm -o ${JSON.stringify(file)} ${JSON.stringify(raw)}`);
  }
  return { url: `/bench/data/line-${sizeLabel(rows)}.gcol.zst`, bytes: statSync(file).size, format: '.gcol.zst' };
}

