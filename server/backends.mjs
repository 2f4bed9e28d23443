// Backends of the tile server: something that runs one SQL query and answers with columns
// ({ name: values[] }), and says its dialect.

/**
 * Embedded DuckDB (`@duckdb/node-api`, an optional peer dependency: only the server needs it).
 * `database`: a DuckDB file or ':memory:'. Queries of one process share one connection per
 * request in flight, up to `connections`.
 */
export async function duckdbBackend({ database = ':memory:', connections = 4 } = {}) {
  let api;
  try {
    api = await import('@duckdb/node-api');
  } catch (cause) {
    throw new Error('gpu-chart-serve needs @duckdb/node-api for its DuckDB backend: npm install @duckdb/node-api', { cause });
  }
  const instance = await api.DuckDBInstance.create(database);
  const idle = [];
  let open = 0;
  const waiting = [];
  const take = async () => {
    if (idle.length) return idle.pop();
    if (open < connections) {
      open++;
      return instance.connect();
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const give = (c) => {
    const w = waiting.shift();
    if (w) w(c);
    else idle.push(c);
  };
  return {
    dialect: 'duckdb',
    async query(sql) {
      const c = await take();
      try {
        const reader = await c.runAndReadAll(sql);
        const names = reader.columnNames();
        const columns = reader.getColumnsJS();
        const out = {};
        names.forEach((name, i) => (out[name] = (columns[i] ?? []).map((v) => (typeof v === 'bigint' ? Number(v) : v))));
        return out;
      } finally {
        give(c);
      }
    },
    /** Column names and types of a DESCRIBE statement. */
    async describe(sql) {
      const c = await take();
      try {
        const o = (await c.runAndReadAll(sql)).getColumnsObjectJS();
        return { names: o.column_name.map(String), types: o.column_type.map(String) };
      } finally {
        give(c);
      }
    },
    /** Runs a statement (setup: views over files). */
    async run(sql) {
      const c = await take();
      try {
        await c.run(sql);
      } finally {
        give(c);
      }
    },
    close() {
      for (const c of idle) c.closeSync?.();
      instance.closeSync?.();
    },
  };
}

/** A SQL string literal for DuckDB (file paths from the command line). */
export function duckdbString(text) {
  if (text.includes('\0')) throw new Error('a NUL character in a path');
  return `'${text.replaceAll("'", "''")}'`;
}

/**
 * ClickHouse over its HTTP interface (`http://host:8123`, a server or a cluster's node; a
 * Distributed table is queried the same way). The query goes in the POST body; the answer is
 * read as `FORMAT JSON` (column names in its meta).
 */
export function clickhouseBackend({ url, user, password, database, fetchImpl = globalThis.fetch } = {}) {
  const endpoint = new URL(url);
  if (database) endpoint.searchParams.set('database', database);
  const headers = { 'content-type': 'text/plain' };
  if (user) headers['x-clickhouse-user'] = user;
  if (password) headers['x-clickhouse-key'] = password;
  return {
    dialect: 'clickhouse',
    async query(sql) {
      const res = await fetchImpl(endpoint, { method: 'POST', headers, body: `${sql} FORMAT JSON` });
      const text = await res.text();
      if (!res.ok) throw new Error(`ClickHouse answered ${res.status}: ${text.slice(0, 300)}`);
      return jsonToColumns(JSON.parse(text));
    },
    async describe(sql) {
      const res = await fetchImpl(endpoint, { method: 'POST', headers, body: `${sql} FORMAT JSON` });
      const text = await res.text();
      if (!res.ok) throw new Error(`ClickHouse answered ${res.status}: ${text.slice(0, 300)}`);
      const rows = JSON.parse(text).data;
      return { names: rows.map((r) => r.name), types: rows.map((r) => r.type) };
    },
    /** Runs a statement (the level tables: CREATE OR REPLACE TABLE … AS SELECT). */
    async run(sql) {
      const res = await fetchImpl(endpoint, { method: 'POST', headers, body: sql });
      if (!res.ok) throw new Error(`ClickHouse answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    },
    close() {},
  };
}

/** ClickHouse's `FORMAT JSON` ({ meta: [{ name }], data: [{ name: value }] }) → columns. */
export function jsonToColumns(answer) {
  const out = {};
  const number = (v) => (v === null ? NaN : Number(v));
  // Arrays (the finest level's row lists) stay arrays, of numbers.
  for (const { name } of answer.meta) out[name] = answer.data.map((row) => (Array.isArray(row[name]) ? row[name].map(number) : number(row[name])));
  return out;
}
