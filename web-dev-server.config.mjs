import { sharedPlugins } from './scripts/server-plugins.mjs';

export default {
  rootDir: '.',
  open: false,
  nodeResolve: true,
  appIndex: undefined,
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
