/**
 * demo/science.html's charts (demo/science.js), built with fewer points: every chart draws
 * without an error, and the page is saved as a screenshot (test-results/screens/science-demo.png).
 */
import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { decodePng, logAdapterOnce, savePageScreenshot, setDevicePixelRatio } from '../helpers/pixels.js';

const demoModule = '../../demo/science.js';

describe('demo/science.html', () => {
  before(async () => {
    await logAdapterOnce();
    await setDevicePixelRatio(1);
  });

  it('spectrogram, correlation matrix, density beside its scatter, log-x frequency response, a spectrogram bound to a datasource: all drawn', async () => {
    const root = document.createElement('div');
    root.style.cssText = 'display:grid;grid-template-columns:repeat(2, 330px);gap:8px;width:680px;font:12px system-ui;background:#fff';
    const style = document.createElement('style');
    style.textContent = 'figure{margin:0} gpu-chart{height:170px;display:block}';
    document.head.append(style);
    document.body.append(root);
    const errors: string[] = [];
    root.addEventListener('gpu-error', (e) => errors.push((e as CustomEvent<{ message: string }>).detail.message));
    const { buildScience } = (await import(/* @vite-ignore */ demoModule)) as {
      buildScience(root: HTMLElement, o: { densityPoints: number; live: boolean }): { charts: GpuChart[]; stop(): void };
    };
    const { charts, stop } = buildScience(root, { densityPoints: 300_000, live: true });
    await Promise.all(charts.map((c) => c.updateComplete));
    // the density's colour bar follows its read-back range: a few frames (and a few live spectrogram columns)
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 30));
    await Promise.all(charts.map((c) => c.updateComplete));
    expect(errors).to.deep.equal([]);
    for (const chart of charts) {
      const pic = await decodePng(await chart.toBlob());
      let colored = 0;
      for (let i = 0; i < pic.data.length; i += 4) if (Math.abs(pic.data[i] - pic.data[i + 1]) > 30 || Math.abs(pic.data[i + 1] - pic.data[i + 2]) > 30) colored++;
      expect(colored, chart.previousElementSibling?.textContent ?? '').to.be.greaterThan(300);
    }
    await savePageScreenshot('science-demo.png', root);
    stop();
  });
});
