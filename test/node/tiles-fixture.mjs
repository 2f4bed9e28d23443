// Shared by the tile server's Node tests: the levels tests' series (rows with gaps, made in SQL),
// a byte-for-byte comparison of two answers, and embedded ClickHouse (chdb).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { jsonToColumns } from '../../server/backends.mjs';

const require = createRequire(import.meta.url);

export const T0 = 1704067200000;
export const SERIES = { price: { kind: 'line', value: 'price' }, candles: { kind: 'candles', open: 'open', high: 'high', low: 'low', close: 'close', volume: 'volume' } };

/**
 * Rows i of [lo, hi) as a DuckDB SELECT: irregular times ~1 s apart (in time order), values
 * without ties, NaN and NULL gaps (one a run of 40 rows), whole volumes; candles with a missing
 * price here and there and a run of 200 rows without any.
 */
export function seriesRows(lo, hi) {
  return `SELECT ${T0} + i * 1000 + (hash(i) % 500)::BIGINT AS ts,
      CASE WHEN i % 997 = 5 OR i BETWEEN 20000 AND 20039 THEN 'NaN'::DOUBLE WHEN i % 1499 = 7 THEN NULL
           ELSE sin(i / 700.0) * 100 + (hash(i * 7) % 100000) / 10000.0 + i * 1e-9 END AS price,
      CASE WHEN i % 641 = 3 OR i BETWEEN 30000 AND 30199 THEN 'NaN'::DOUBLE WHEN i % 907 = 11 THEN NULL ELSE 100 + i % 7 + i * 1e-7 END AS open,
      CASE WHEN i % 733 = 5 OR i BETWEEN 30000 AND 30199 THEN 'NaN'::DOUBLE ELSE 110 + (hash(i) % 1000) / 100.0 END AS high,
      CASE WHEN i % 877 = 2 OR i BETWEEN 30000 AND 30199 THEN NULL ELSE 90 - (hash(i * 3) % 1000) / 100.0 END AS low,
      CASE WHEN i % 1009 = 8 OR i BETWEEN 30000 AND 30199 THEN 'NaN'::DOUBLE ELSE 101 + i % 5 END AS close,
      CASE WHEN i % 1201 = 9 THEN NULL ELSE i % 13 END AS volume
    FROM range(${lo}, ${hi}) t(i)`;
}

/** Asserts two tile answers are the same bytes (kind, rows, every column). */
export function assertSameAnswer(a, b, what) {
  assert.equal(a.kind, b.kind, what);
  assert.equal(a.rows, b.rows, what);
  assert.deepEqual(Object.keys(a.columns), Object.keys(b.columns), what);
  for (const name of Object.keys(a.columns)) {
    const x = Buffer.from(a.columns[name].buffer, a.columns[name].byteOffset, a.columns[name].byteLength);
    const y = Buffer.from(b.columns[name].buffer, b.columns[name].byteOffset, b.columns[name].byteLength);
    assert.ok(x.equals(y), `${what}: column ${name} differs\n${Array.from(a.columns[name]).slice(0, 8)}\n${Array.from(b.columns[name]).slice(0, 8)}`);
  }
}

/**
 * Embedded ClickHouse (chdb, ~540 MB). Not a devDependency: its lock entries name platform
 * packages (darwin, linux-arm64) that this registry does not serve, and `npm ci` refuses a lock
 * without them. Installed on first use into node_modules/.cache (git-ignored), pinned.
 */
export function loadChdb() {
  try {
    return require('chdb');
  } catch {
    const cache = join(process.cwd(), 'node_modules', '.cache', 'gpu-chart-chdb');
    mkdirSync(cache, { recursive: true });
    execFileSync('npm', ['install', '--prefix', cache, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', 'chdb@3.4.0'], { stdio: 'ignore' });
    return createRequire(join(cache, 'package.json'))('chdb');
  }
}

/** A ClickHouse backend over a chdb session (the level tables need `run`). */
export function chdbBackend(session) {
  return {
    dialect: 'clickhouse',
    async query(sql) {
      return jsonToColumns(JSON.parse(session.query(sql, 'JSON')));
    },
    async run(sql) {
      session.query(sql);
    },
  };
}
