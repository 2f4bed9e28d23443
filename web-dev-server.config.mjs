import { sharedPlugins } from './scripts/server-plugins.mjs';
import { tilesMiddleware } from './scripts/tiles-middleware.mjs';

export default {
  rootDir: '.',
  open: false,
  nodeResolve: true,
  appIndex: undefined,
  // /tiles/…: M4 tiles from embedded DuckDB (demo/big.html; docs/tiles.md)
  middleware: [tilesMiddleware()],
  port: Number(process.env.PORT ?? 8000),
  hostname: process.env.HOST ?? 'localhost',
  plugins: [
    sharedPlugins(),
    {
      name: 'announce',
      serverStart({ config }) {
        setTimeout(() => {
          console.log(`\n  gpu-chart demo: http://${config.hostname}:${config.port}/demo/\n`);
        }, 0);
      },
    },
  ].flat(),
};
