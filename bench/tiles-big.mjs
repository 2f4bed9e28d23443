// What the server-side tiles benches share (tiles-server.mjs, tiles-grow.mjs): the demo's series of
// `rows` rows in Parquet (scripts/tiles-middleware.mjs makes it once) and an embedded DuckDB.
/** Run from the project root; returns the DuckDB backend, the series' files (BIG) and createTileService. */
export async function openBigSeries(rows) {
  // tiles-middleware reads the row count when it is imported
  process.env.GPU_CHART_BIG_ROWS = String(rows);
  process.chdir(new URL('..', import.meta.url).pathname);
  const { ensureBigParquet, BIG } = await import('../scripts/tiles-middleware.mjs');
  const { duckdbBackend } = await import('../server/backends.mjs');
  const { createTileService } = await import('../server/tiles.mjs');
  const backend = await duckdbBackend();
  await ensureBigParquet(backend);
  return { backend, BIG, createTileService };
}
