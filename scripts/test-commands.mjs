// Server-side commands the browser tests can call through @web/test-runner-commands'
// executeServerCommand: save an image for a person to look at, change the device pixel ratio.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

export function testCommandsPlugin() {
  return {
    name: 'gpu-chart-test-commands',
    async executeCommand({ command, payload, session }) {
      if (command === 'save-image') {
        const name = normalize(String(payload.name)).replace(/^(\.\.(\/|\\|$))+/, '');
        const file = join('test-results', 'screens', name);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, Buffer.from(payload.base64, 'base64'));
        return file;
      }
      if (command === 'set-dpr') {
        const page = session.browser.getPage(session.id);
        const vp = page.viewport() ?? { width: 800, height: 600 };
        await page.setViewport({ width: vp.width, height: vp.height, deviceScaleFactor: payload.dpr });
        return true;
      }
      return undefined;
    },
  };
}
