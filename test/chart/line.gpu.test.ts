import { expect } from '@esm-bundle/chai';
import '../../src/index.js';
import type { GpuChart } from '../../src/index.js';
import { decodePng, hasColorNear, hexToRgba, logAdapterOnce, saveImage, setDevicePixelRatio, countColor } from '../helpers/pixels.js';

const T0 = Date.UTC(2026, 0, 5, 12, 0, 0);
const T1 = T0 + 60 * 60 * 1000;
const SERIES = '#ff0000';
const BG = '#ffffff';
const GRID = '#0000ff';

async function makeChart(width = 320, height = 200): Promise<GpuChart> {
  const chart = document.createElement('gpu-chart');
  chart.style.cssText = `width:${width}px;height:${height}px;--gpu-chart-series-1:${SERIES};--gpu-chart-background:${BG};--gpu-chart-grid:${GRID};`;
  chart.data = { time: [T0, T1], value: [0, 1] };
  document.body.append(chart);
  await chart.updateComplete;
  return chart;
}

describe('<gpu-chart> line', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  for (const dpr of [1, 2]) {
    it(`draws a known line where its data says, at devicePixelRatio ${dpr}`, async () => {
      await setDevicePixelRatio(dpr);
      const chart = await makeChart();
      const blob = await chart.toBlob();
      await saveImage(`line-dpr${dpr}.png`, blob);
      const pic = await decodePng(blob);
      expect(pic.width).to.equal(320 * dpr);
      expect(pic.height).to.equal(200 * dpr);
      // The plot rectangle and value mapping, from the engine (CSS px), scaled to device px.
      const engine = (chart as unknown as { engine: { plotRect: { x: number; y: number; width: number; height: number }; yOfValue(v: number, y: number): number } }).engine;
      const r = engine.plotRect;
      const px = { x: r.x * dpr, y: r.y * dpr, width: r.width * dpr, height: r.height * dpr };
      const red = hexToRgba(SERIES);
      // Along the path: from (t0, 0) to (t1, 1).
      const y0 = engine.yOfValue(0, r.y + 1) * dpr;
      const y1 = engine.yOfValue(1, r.y + 1) * dpr;
      let onPath = 0;
      const samples = 20;
      for (let k = 1; k < samples; k++) {
        const f = k / samples;
        const x = px.x + f * px.width;
        const y = y0 + f * (y1 - y0);
        if (hasColorNear(pic, x, y, red, 1, 60)) onPath++;
      }
      expect(onPath, 'series colour along the expected path').to.equal(samples - 1);
      // Far from the path: no series colour (e.g. 40 px above and below the line's middle).
      const mx = px.x + px.width / 2;
      const my = (y0 + y1) / 2;
      expect(hasColorNear(pic, mx, my - 40 * dpr, red, 2, 60)).to.equal(false);
      expect(hasColorNear(pic, mx, my + 40 * dpr, red, 2, 60)).to.equal(false);
      // Background in an empty corner of the plot, grid colour somewhere in the plot.
      expect(hasColorNear(pic, px.x + px.width - 6 * dpr, px.y + px.height * 0.85, hexToRgba(BG), 0, 8)).to.equal(true);
      expect(countColor(pic, hexToRgba(GRID), 30)).to.be.greaterThan(50 * dpr);
      await setDevicePixelRatio(1);
    });
  }

  it('redraws at the new size when the element is resized', async () => {
    const chart = await makeChart(300, 150);
    let pic = await decodePng(await chart.toBlob());
    expect([pic.width, pic.height]).to.deep.equal([300, 150]);
    chart.style.width = '200px';
    chart.style.height = '240px';
    // The ResizeObserver reports asynchronously (later under load): wait for its redraw.
    const canvas = chart.shadowRoot!.querySelector('canvas.gpu') as HTMLCanvasElement;
    for (let i = 0; i < 100 && (canvas.width !== 200 || canvas.height !== 240); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await chart.updateComplete;
    }
    const blob = await chart.toBlob();
    pic = await decodePng(blob);
    expect([pic.width, pic.height]).to.deep.equal([200, 240]);
    expect(countColor(pic, hexToRgba(SERIES), 60)).to.be.greaterThan(100);
  });

  it('fires gpu-ready once with the adapter', async () => {
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = 'width:200px;height:120px';
    const ready = new Promise<CustomEvent>((r) => chart.addEventListener('gpu-ready', (e) => r(e), { once: true }));
    chart.data = { time: [T0, T1], value: [1, 2] };
    document.body.append(chart);
    const e = await ready;
    expect(e.detail.adapter).to.have.property('vendor');
    expect(e.bubbles && e.composed).to.equal(true);
  });

  it('draws on demand: an idle chart draws a change before the next animation frame, and never more than once per frame', async () => {
    const chart = await makeChart(240, 120);
    const engine = (chart as unknown as { engine: { frame(): boolean } }).engine;
    const original = engine.frame.bind(engine);
    let frames = 0;
    engine.frame = () => {
      frames++;
      return original();
    };
    const nextFrame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
    await nextFrame();
    await nextFrame();
    expect(frames, 'no frame without a change').to.equal(0);

    // The test's callback is queued before the change: a chart that waited for an animation
    // frame would only draw after it.
    let framesAtNextFrame = -1;
    const seen = new Promise<void>((r) => requestAnimationFrame(() => { framesAtNextFrame = frames; r(); }));
    chart.visibleRange = { from: T0, to: T0 + 30 * 60 * 1000 };
    await seen;
    expect(framesAtNextFrame, 'frames drawn before the next animation frame').to.equal(1);

    // A change in every task (several per display frame): at most one frame per animation frame.
    frames = 0;
    let ticks = 0;
    let counting = true;
    const tick = () => {
      ticks++;
      if (counting) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    for (let i = 0; i < 60; i++) {
      chart.visibleRange = { from: T0 + i * 1000, to: T0 + 30 * 60 * 1000 + i * 1000 };
      await new Promise((r) => setTimeout(r, 1));
    }
    await chart.updateComplete;
    counting = false;
    expect(frames).to.be.greaterThan(0);
    expect(frames, `${frames} frames in ${ticks} animation frames`).to.be.at.most(ticks + 1);
    await nextFrame();
    await nextFrame();
    const settled = frames;
    await nextFrame();
    await nextFrame();
    expect(frames, 'no frame once nothing changes').to.equal(settled);
  });

  it('presents an opaque canvas once it animates on an opaque background, and lets the page show through a translucent one', async () => {
    const chart = await makeChart(200, 120);
    const canvas = chart.shadowRoot!.querySelector('canvas')!;
    const engine = (chart as unknown as { engine: { frame(): boolean } }).engine;
    const context = canvas.getContext('webgpu')!;
    // What the page composites: the canvas read back in the task that drew it.
    const cornerAfterFrame = (): number[] => {
      expect(engine.frame()).to.equal(true);
      const copy = new OffscreenCanvas(canvas.width, canvas.height);
      const g = copy.getContext('2d', { willReadFrequently: true })!;
      g.drawImage(canvas, 0, 0);
      return [...g.getImageData(canvas.width - 3, canvas.height - 3, 1, 1).data];
    };
    const animate = () => {
      for (let i = 0; i < 3; i++) cornerAfterFrame();
    };
    const idle = () => new Promise((r) => setTimeout(r, 150));
    // Drawn once: a new canvas is not worth the browser's opaque conversion pipeline.
    expect(context.getConfiguration()?.alphaMode).to.equal('premultiplied');
    await idle();
    expect(cornerAfterFrame(), 'white drawn opaque either way').to.deep.equal([255, 255, 255, 255]);
    expect(context.getConfiguration()?.alphaMode).to.equal('premultiplied');
    animate();
    expect(context.getConfiguration()?.alphaMode).to.equal('opaque');
    await idle();
    expect(cornerAfterFrame()).to.deep.equal([255, 255, 255, 255]);
    expect(context.getConfiguration()?.alphaMode, 'stays opaque').to.equal('opaque');

    chart.style.setProperty('--gpu-chart-background', 'rgba(0, 0, 0, 0)');
    chart.refreshTheme();
    await chart.updateComplete;
    animate();
    expect(context.getConfiguration()?.alphaMode).to.equal('premultiplied');
    expect(cornerAfterFrame()[3], 'alpha where only the background is').to.equal(0);

    chart.style.setProperty('--gpu-chart-background', '#ffffff');
    chart.refreshTheme();
    await chart.updateComplete;
    animate();
    expect(context.getConfiguration()?.alphaMode).to.equal('opaque');
    expect(cornerAfterFrame()).to.deep.equal([255, 255, 255, 255]);
  });

  it('waits for a size: a chart in a hidden container settles without errors and draws once shown', async () => {
    const box = document.createElement('div');
    box.style.display = 'none';
    document.body.append(box);
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = `width:240px;height:140px;--gpu-chart-series-1:${SERIES};--gpu-chart-background:${BG};--gpu-chart-grid:${GRID};`;
    const errors: string[] = [];
    chart.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    chart.data = { time: [T0, T1], value: [0, 1] };
    box.append(chart);
    await chart.updateComplete;
    box.style.display = 'block';
    const canvas = chart.shadowRoot!.querySelector('canvas.gpu') as HTMLCanvasElement;
    for (let i = 0; i < 100 && canvas.width !== 240; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await chart.updateComplete;
    }
    const pic = await decodePng(await chart.toBlob());
    expect(errors).to.deep.equal([]);
    expect(countColor(pic, hexToRgba(SERIES), 60)).to.be.greaterThan(100);
    box.remove();
  });

  it('draws axis labels and the last-value tag on the GPU, beside the plot and not in it', async () => {
    const TEXT = '#00aa00';
    const chart = document.createElement('gpu-chart');
    chart.style.cssText = `width:320px;height:200px;--gpu-chart-series-1:${SERIES};--gpu-chart-background:${BG};--gpu-chart-grid:${BG};--gpu-chart-text:${TEXT};`;
    chart.setAttribute('legend', 'off');
    chart.data = { time: [T0, T0 + 1800_000, T1], value: [0, 10, 4] };
    document.body.append(chart);
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('labels.png', blob);
    const pic = await decodePng(blob);
    const plot = chart.paneRects[0];
    const green = hexToRgba(TEXT);
    const labels = chart.axisLabels();
    expect(labels.value.main.length).to.be.greaterThan(2);
    for (const l of labels.value.main) {
      const box = { x: Math.ceil(plot.x + plot.width) + 2, y: Math.round(l.y) - 7, width: 40, height: 14 };
      if (box.y < plot.y || box.y + box.height > plot.y + plot.height) continue;
      expect(countColor(pic, green, 90, box), `value label ${l.text}`).to.be.greaterThan(4);
    }
    for (const l of labels.time) {
      const box = { x: Math.round(l.x) - 15, y: Math.ceil(plot.y + plot.height) + 2, width: 30, height: 16 };
      if (box.x < 0 || box.x + box.width > pic.width) continue;
      expect(countColor(pic, green, 90, box), `time label ${l.text}`).to.be.greaterThan(4);
    }
    const inside = { x: Math.ceil(plot.x) + 1, y: Math.ceil(plot.y) + 1, width: Math.floor(plot.width) - 2, height: Math.floor(plot.height) - 2 };
    expect(countColor(pic, green, 60, inside), 'label pixels inside the plot').to.equal(0);
    // The last-value tag: a series-coloured box with white text at the last value's height.
    const y = Math.round(chart.valueToY(4));
    const tag = { x: Math.ceil(plot.x + plot.width) + 1, y: y - 6, width: 30, height: 12 };
    expect(countColor(pic, hexToRgba(SERIES), 60, tag)).to.be.greaterThan(40);
    expect(countColor(pic, hexToRgba('#ffffff'), 60, tag)).to.be.greaterThan(4);
  });
});

