// Writes config.schema.json (shipped in the package) from src/chart/state/schema.ts, the schema
// the chart validates against. `node scripts/config-schema.mjs --check` fails when they differ.
import { build } from 'esbuild';
import { readFileSync, writeFileSync } from 'node:fs';

export async function configSchemaJson() {
  const out = await build({
    entryPoints: ['src/chart/state/schema.ts'],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    write: false,
  });
  const mod = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return `${JSON.stringify(mod.CONFIG_SCHEMA, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const json = await configSchemaJson();
  if (process.argv.includes('--check')) {
    if (readFileSync('config.schema.json', 'utf8') !== json) {
      console.error('config.schema.json is out of date: run node scripts/config-schema.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync('config.schema.json', json);
    console.log('wrote config.schema.json');
  }
}
