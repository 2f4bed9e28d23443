// Opens what the tile server reads: files or a DuckDB database through embedded DuckDB, or a
// ClickHouse table over HTTP. Returns { backend, source (a quoted table reference), time }.
import { clickhouseBackend, duckdbBackend, duckdbString } from './backends.mjs';
import { checkIdentifier, tableRef } from './sql.mjs';

export async function openSource(o) {
  checkIdentifier(o.time, 'time column');
  if (o.clickhouse) {
    const backend = clickhouseBackend({ url: o.clickhouse, user: o.user, password: o.password });
    const source = tableRef('clickhouse', o.table);
    return { backend, source, time: { column: o.time, type: await timeType(backend, `DESCRIBE TABLE ${source}`, o.time) } };
  }
  const backend = await duckdbBackend({ database: o.database ?? ':memory:' });
  let source;
  if (o.files?.length) {
    // One view over the files; file names are the operator's, written as SQL string literals.
    const csv = o.files.every((f) => /\.(csv|tsv)(\.gz|\.zst)?$/i.test(f));
    const reader = csv ? 'read_csv' : 'read_parquet';
    await backend.run(`CREATE OR REPLACE VIEW gpu_chart_source AS SELECT * FROM ${reader}([${o.files.map(duckdbString).join(', ')}])`);
    source = tableRef('duckdb', 'gpu_chart_source');
  } else source = tableRef('duckdb', o.table);
  return { backend, source, time: { column: o.time, type: await timeType(backend, `DESCRIBE SELECT * FROM ${source}`, o.time) } };
}

/** 'timestamp' for date-time columns, 'integer' for whole numbers, else 'number' (ms since 1970). */
async function timeType(backend, describeSql, column) {
  const d = await backend.describe(describeSql);
  const i = d.names.indexOf(column);
  if (i < 0) throw new Error(`no column ${column}; the source has ${d.names.join(', ')}`);
  const type = d.types[i].replace(/^(Nullable|LowCardinality)\((.*)\)$/, '$2');
  if (/^(timestamp|datetime|date)/i.test(type)) return 'timestamp';
  return /^(u?(tiny|small|big|hug)?int(eger)?|u?int\d+)$/i.test(type) ? 'integer' : 'number';
}
