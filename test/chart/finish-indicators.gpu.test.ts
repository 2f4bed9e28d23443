/**
 * Issue 14 part B, indicators' presentation and the legend: one entry per indicator with short
 * output names, colours that do not repeat, Supertrend by direction, the Ichimoku cloud by which
 * span is above and projected ahead, volume by candle, swatches as drawn, the main pane's least
 * share, collapsing/maximising panes, legend toggles, and toBlob()'s legend wrapping.
 */
import { expect } from '@esm-bundle/chai';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/index.js';
import type { GpuChart, GpuIndicator } from '../../src/index.js';
import { computeIndicator } from '../../src/indicators/index.js';
import { colorDistance, countColor, decodePng, hexToRgba, logAdapterOnce, saveImage, type Picture, type RGBA } from '../helpers/pixels.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 6);
const UP = hexToRgba('#26a69a');
const DOWN = hexToRgba('#ef5350');

function candles(n: number, seed = 11) {
  let s = seed;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 4294967296;
  const time: number[] = [], open: number[] = [], high: number[] = [], low: number[] = [], close: number[] = [], volume: number[] = [];
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    // Long runs up and down, so that trends flip a few times.
    const c = o + (rnd() - 0.5) * 3 + Math.sin(i / 17) * 1.2;
    time.push(T0 + i * DAY);
    open.push(o);
    close.push(c);
    high.push(Math.max(o, c) + rnd() * 1.5);
    low.push(Math.min(o, c) - rnd() * 1.5);
    volume.push(1000 + rnd() * 800);
    p = c;
  }
  return { time, open, high, low, close, volume };
}

function indicator(type: string, attrs: Record<string, string> = {}): GpuIndicator {
  const el = document.createElement('gpu-indicator');
  el.setAttribute('type', type);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
}

async function chartWith(indicators: GpuIndicator[], size = 'width:700px;height:700px', attrs: Record<string, string> = {}, n = 200): Promise<GpuChart> {
  const chart = document.createElement('gpu-chart');
  chart.setAttribute('pixel-ratio', '1');
  chart.setAttribute('time-zone', 'UTC');
  chart.setAttribute('locale', 'en-US');
  for (const [k, v] of Object.entries(attrs)) chart.setAttribute(k, v);
  chart.style.cssText = size;
  chart.data = candles(n);
  chart.append(...indicators);
  document.body.append(chart);
  await chart.updateComplete;
  for (const ind of indicators) await ind.computed;
  await chart.updateComplete;
  return chart;
}

const legendRows = (chart: GpuChart) => Array.from(chart.shadowRoot!.querySelectorAll<HTMLElement>('.legend'));
const entries = (chart: GpuChart) => Array.from(chart.shadowRoot!.querySelectorAll<HTMLButtonElement>('.legend .item'));
const text = (el: Element) => el.textContent!.replace(/\s+/g, ' ').trim();

function inRect(p: Picture, r: { x: number; y: number; width: number; height: number }, color: RGBA, tolerance = 40): number {
  return countColor(p, color, tolerance, { x: Math.max(0, Math.round(r.x)), y: Math.max(0, Math.round(r.y)), width: Math.round(r.width), height: Math.round(r.height) });
}

describe('finish: indicator presentation and legend', () => {
  before(logAdapterOnce);
  afterEach(() => document.querySelectorAll('gpu-chart').forEach((c) => c.remove()));

  it('one legend entry per indicator with short names; pivots as one entry; colours never repeat', async () => {
    const chart = await chartWith([
      indicator('ichimoku'),
      indicator('pivots'),
      indicator('bollinger'),
      indicator('sma', { period: '50' }),
      indicator('ema', { period: '21' }),
      indicator('keltner'),
      indicator('donchian'),
      indicator('macd'),
    ]);
    await saveImage('finish/indicators-legend.png', await chart.toBlob());
    const main = legendRows(chart)[0];
    const items = Array.from(main.querySelectorAll('.item')).map(text);
    expect(items.filter((t) => t.startsWith('Pivots')), 'pivots: one entry').to.have.length(1);
    const ichimoku = items.find((t) => t.startsWith('Ichimoku 9 26 52 '))!;
    expect(ichimoku, 'Ichimoku 9 26 52 · Cloud … · Tenkan … · Kijun …').to.match(/^Ichimoku 9 26 52 · Cloud \d.* · Tenkan \d/);
    expect(ichimoku).to.contain('· Kijun ');
    expect(ichimoku).to.contain('· Chikou ');
    expect(items.find((t) => t.startsWith('Pivots'))).to.match(/^Pivots · P \d.* · R1 \d.* · S3 \d/);
    expect(items.some((t) => /^SMA 50 \d/.test(t)), items.join('\n')).to.equal(true);
    expect(items.every((t) => !/[A-Z]{4,} .* (tenkan|kijun|pp)\b/.test(t))).to.equal(true);
    // Every line's swatch colour differs from every other's.
    const swatches = Array.from(chart.shadowRoot!.querySelectorAll<HTMLElement>('.legend .swatch')).map((s) => getComputedStyle(s).backgroundColor + getComputedStyle(s).backgroundImage);
    const lines = swatches.filter((s) => !s.includes('gradient'));
    expect(lines.length, "more lines than the theme has colours").to.be.at.least(20);
    expect(new Set(lines).size, lines.join('\n')).to.equal(lines.length);
  });

  it('Supertrend: up in the up colour, down in the down colour, no vertical join at a flip', async () => {
    const st = indicator('supertrend', { period: '7', multiplier: '2' });
    const chart = await chartWith([st], 'width:800px;height:400px', { type: 'line' });
    const blob = await chart.toBlob();
    await saveImage('finish/supertrend.png', blob);
    const pic = await decodePng(blob);
    const plot = chart.paneRects[0];
    expect(inRect(pic, plot, UP, 30), 'up part').to.be.greaterThan(100);
    expect(inRect(pic, plot, DOWN, 30), 'down part').to.be.greaterThan(100);
    const dir = st.values.direction;
    const value = st.values.value;
    let flips = 0;
    for (let i = 1; i < dir.length; i++) {
      if (!(dir[i] !== dir[i - 1] && Number.isFinite(dir[i - 1]))) continue;
      flips++;
      // Between the bar before the flip and the flip bar, no line joins the two levels: the
      // column halfway has neither colour between the two values.
      const x = Math.round((chart.timeToX(T0 + (i - 1) * DAY) + chart.timeToX(T0 + i * DAY)) / 2);
      const y0 = chart.valueToY(value[i - 1]);
      const y1 = chart.valueToY(value[i]);
      const top = Math.min(y0, y1) + 3;
      const bottom = Math.max(y0, y1) - 3;
      let joined = 0;
      for (let y = Math.round(top); y <= bottom; y++) {
        const c = pic.at(x, y);
        if (colorDistance(c, UP) < 40 || colorDistance(c, DOWN) < 40) joined++;
      }
      expect(joined, `flip at row ${i}`).to.equal(0);
    }
    expect(flips, 'the data flips').to.be.greaterThan(1);
    // One entry, its value, a swatch of both colours.
    const entry = entries(chart).find((e) => text(e).startsWith('Supertrend 7 2'))!;
    expect(text(entry)).to.match(/^Supertrend 7 2 \d+\.\d+$/);
    const bg = getComputedStyle(entry.querySelector('.swatch')!).backgroundImage;
    expect(bg).to.contain('rgb(38, 166, 154)');
    expect(bg).to.contain('rgb(239, 83, 80)');
  });

  it('Ichimoku: cloud green where span A is above, red where B is, drawn 26 bars past the last bar', async () => {
    const ich = indicator('ichimoku');
    const chart = await chartWith([ich], 'width:900px;height:400px', { type: 'line' }, 160);
    const last = T0 + 159 * DAY;
    chart.visibleRange = { from: T0 + 60 * DAY, to: last + 30 * DAY };
    await chart.updateComplete;
    const blob = await chart.toBlob();
    await saveImage('finish/ichimoku.png', blob);
    const pic = await decodePng(blob);
    const table = ich.table;
    const a = table.column('senkouA')!;
    const b = table.column('senkouB')!;
    expect(table.length, 'projected rows').to.equal(160 + 26);
    expect(table.time[table.length - 1]).to.equal(last + 26 * DAY);
    expect(Number.isFinite(a[185]) && Number.isFinite(b[185])).to.equal(true);
    // Cloud colours where the spans are well apart, right of the last bar included.
    let checked = 0;
    for (let i = 100; i < 185; i++) {
      const gap = Math.abs(chart.valueToY(a[i]) - chart.valueToY(b[i]));
      if (!(gap > 8) || !(Math.abs(a[i - 1] - b[i - 1]) > 0) || Math.sign(a[i - 1] - b[i - 1]) !== Math.sign(a[i] - b[i]) || Math.sign(a[i + 1] - b[i + 1]) !== Math.sign(a[i] - b[i])) continue;
      const x = chart.timeToX(table.time[i]);
      const y = (chart.valueToY(a[i]) + chart.valueToY(b[i])) / 2;
      const c = pic.at(x, y);
      if (Math.min(c[0], c[1], c[2]) < 170) continue; // a line crosses here, not the fill alone
      // A faint fill over white: green-teal has more green than red, the red one more red.
      const greenish = c[1] - c[0];
      if (a[i] >= b[i]) expect(greenish, `row ${i} A above: ${c}`).to.be.greaterThan(10);
      else expect(-greenish, `row ${i} B above: ${c}`).to.be.greaterThan(10);
      checked++;
    }
    expect(checked).to.be.greaterThan(10);
    expect(chart.timeToX(last + 26 * DAY)).to.be.lessThan(chart.paneRects[0].x + chart.paneRects[0].width);
  });

  it('volume bars take their candle\'s up/down colour; swatches show the drawn colours', async () => {
    const chart = await chartWith([indicator('volume'), indicator('macd')], 'width:700px;height:500px');
    const blob = await chart.toBlob();
    await saveImage('finish/volume-macd.png', blob);
    const pic = await decodePng(blob);
    const volPane = chart.paneRects[1];
    const data = candles(200);
    let up = 0;
    let down = 0;
    for (let i = 20; i < 200; i += 7) {
      const x = chart.timeToX(data.time[i]);
      const y = chart.valueToY(data.volume[i] / 2, volPane.id);
      // The bar's most coloured pixel around its centre (bars have 1 px gaps).
      const c = [-1, 0, 1].map((dx) => pic.at(x + dx, y)).sort((p, q) => (Math.max(...q.slice(0, 3)) - Math.min(...q.slice(0, 3))) - (Math.max(...p.slice(0, 3)) - Math.min(...p.slice(0, 3))))[0];
      const rising = data.close[i] >= data.open[i];
      expect(colorDistance(c, rising ? UP : DOWN), `row ${i} ${rising ? 'up' : 'down'} ${c} at ${x},${y} in ${JSON.stringify(volPane)}`).to.be.lessThan(colorDistance(c, rising ? DOWN : UP));
      rising ? up++ : down++;
    }
    expect(up > 3 && down > 3).to.equal(true);
    // The volume and MACD histogram swatches are the up and down colours (not the palette blue).
    const swatch = (row: number) => getComputedStyle(legendRows(chart)[row].querySelector('.swatch')!).backgroundImage;
    for (const row of [1, 2]) {
      const bg = swatch(row) || '';
      const hist = Array.from(legendRows(chart)[row].querySelectorAll<HTMLElement>('.swatch')).map((s) => getComputedStyle(s).backgroundImage).find((b) => b.includes('gradient'));
      expect(hist ?? bg, `row ${row}`).to.contain('rgb(38, 166, 154)');
      expect(hist ?? bg).to.contain('rgb(239, 83, 80)');
    }
  });

  it('four oscillator panes leave the price pane its least share; panes collapse and maximise', async () => {
    const chart = await chartWith([indicator('rsi'), indicator('macd'), indicator('stochastic'), indicator('cci')], 'width:700px;height:700px');
    const rects = chart.paneRects;
    expect(rects).to.have.length(5);
    const shared = rects.reduce((a, r) => a + r.height, 0);
    expect(rects[0].height / shared, `main ${rects[0].height} of ${shared}`).to.be.at.least(0.54);
    await saveImage('finish/panes-default.png', await chart.toBlob());
    const rsiPane = rects[1].id;
    // The pane buttons: collapse the RSI pane from its legend row.
    const collapse = legendRows(chart)[1].querySelector<HTMLButtonElement>('.pane-button[data-action="collapsed"]')!;
    expect(collapse.getAttribute('aria-label')).to.equal('Collapse pane');
    collapse.click();
    await chart.updateComplete;
    expect(chart.paneStates[rsiPane]).to.equal('collapsed');
    const collapsed = chart.paneRects;
    expect(collapsed[1].height).to.be.lessThan(30);
    expect(collapsed[0].height).to.be.greaterThan(rects[0].height);
    expect(chart.axisLabels().value[rsiPane], 'no labels in a strip').to.deep.equal([]);
    await saveImage('finish/panes-collapsed.png', await chart.toBlob());
    chart.setPaneState('main', 'maximized');
    await chart.updateComplete;
    const max = chart.paneRects;
    expect(max[0].height / max.reduce((a, r) => a + r.height, 0)).to.be.greaterThan(0.8);
    const maxBlob = await chart.toBlob();
    await saveImage('finish/panes-maximized.png', maxBlob);
    // The strips hold their legend row and nothing drawn across them (no guides, no grid).
    const maxPic = await decodePng(maxBlob);
    const axisColor = hexToRgba('#c0c4cc');
    for (const strip of max.slice(1)) {
      // Below the divider line at its top, right of the legend text.
      for (let y = Math.round(strip.y) + 2; y < strip.y + strip.height - 1; y++) {
        let lineish = 0;
        for (let x = Math.round(strip.x + strip.width * 0.6); x < strip.x + strip.width - 2; x++) if (colorDistance(maxPic.at(x, y), axisColor) < 12) lineish++;
        expect(lineish, `strip ${strip.id} at y ${y}`).to.be.lessThan(10);
      }
    }
    chart.setPaneState('main', 'normal');
    chart.setPaneState(rsiPane, 'normal');
    await chart.updateComplete;
    expect(chart.paneRects.map((r) => Math.round(r.height))).to.deep.equal(rects.map((r) => Math.round(r.height)));
  });

  it('clicking a legend entry hides and shows its series; entries are toggle buttons', async () => {
    const sma = indicator('sma', { period: '10', color: '#0000ff' });
    const chart = await chartWith([sma], 'width:600px;height:300px');
    const blue = hexToRgba('#0000ff');
    const plot = chart.paneRects[0];
    const shown = await decodePng(await chart.toBlob());
    expect(inRect(shown, plot, blue, 40)).to.be.greaterThan(100);
    const entry = entries(chart).find((e) => text(e).startsWith('SMA 10'))!;
    expect(entry.tagName).to.equal('BUTTON');
    expect(entry.getAttribute('aria-pressed')).to.equal('true');
    entry.click();
    await chart.updateComplete;
    expect(chart.hiddenSeries).to.deep.equal([sma.legendId]);
    const again = entries(chart).find((e) => text(e).startsWith('SMA 10'))!;
    expect(again.getAttribute('aria-pressed')).to.equal('false');
    const hidden = await decodePng(await chart.toBlob());
    await saveImage('finish/legend-hidden.png', await chart.toBlob());
    expect(inRect(hidden, plot, blue, 40), 'not drawn').to.equal(0);
    // From the keyboard: focus the entry, press Enter.
    again.focus();
    await sendKeys({ press: 'Enter' });
    await chart.updateComplete;
    expect(chart.hiddenSeries).to.deep.equal([]);
    expect(inRect(await decodePng(await chart.toBlob()), plot, blue, 40)).to.be.greaterThan(100);
    // A real mouse click on the entry (the chart's pan gesture leaves it alone).
    const r = entries(chart).find((e) => text(e).startsWith('SMA 10'))!.getBoundingClientRect();
    const range = chart.visibleRange;
    await sendMouse({ type: 'click', position: [Math.round(r.left + r.width / 2), Math.round(r.top + r.height / 2)] });
    await chart.updateComplete;
    expect(chart.hiddenSeries).to.deep.equal([sma.legendId]);
    expect(chart.visibleRange).to.deep.equal(range);
    await resetMouse();
  });

  it('ma-type picks TA-Lib\'s moving average for PPO, Bollinger and Stochastic; a bad one is reported', async () => {
    const boll = indicator('bollinger', { 'ma-type': 'ema' });
    const stoch = indicator('stochastic', { 'ma-type': 't3' });
    const ppo = indicator('ppo', { 'ma-type': 'kama', fast: '5', slow: '10' });
    const chart = await chartWith([boll, stoch, ppo], 'width:600px;height:500px');
    const data = candles(200);
    const inputs = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Float64Array.from(v)])) as unknown as Parameters<typeof computeIndicator>[1];
    expect(Array.from(boll.values.middle)).to.deep.equal(Array.from(computeIndicator('bollinger', inputs, { maType: 'ema' }).middle));
    expect(Array.from(stoch.values.d)).to.deep.equal(Array.from(computeIndicator('stochastic', inputs, { maType: 't3' }).d));
    expect(Array.from(ppo.values.value)).to.deep.equal(Array.from(computeIndicator('ppo', inputs, { maType: 'kama', fast: 5, slow: 10 }).value));
    // Not the SMA's values.
    expect(Array.from(ppo.values.value)).to.not.deep.equal(Array.from(computeIndicator('ppo', inputs, { fast: 5, slow: 10 }).value));
    const titles = entries(chart).map(text);
    expect(titles.some((t) => t.startsWith('Bollinger 20 2 EMA'))).to.equal(true);
    expect(titles.some((t) => t.startsWith('PPO 5 10 KAMA'))).to.equal(true);
    const errors: string[] = [];
    boll.addEventListener('gpu-error', (e) => errors.push(e.detail.message));
    boll.setAttribute('ma-type', 'hull');
    await new Promise((r) => setTimeout(r, 50));
    await boll.computed;
    expect(errors).to.have.length(1);
    expect(errors[0]).to.contain('maType');
    for (const t of ['sma', 'ema', 'wma', 'dema', 'tema', 'trima', 'kama', 't3']) expect(errors[0]).to.contain(t);
  });

  it('toBlob() paints the legend wrapped as on screen: every entry shown of ten indicators is in the picture, the cut-off ones are not', async () => {
    const types = ['sma', 'ema', 'wma', 'dema', 'tema', 'kama', 'bollinger', 'keltner', 'donchian', 'psar'];
    const chart = await chartWith(types.map((t) => indicator(t)), 'width:640px;height:420px', { 'pixel-ratio': '2' });
    const blob = await chart.toBlob();
    await saveImage('finish/legend-wrapped-dpr2.png', blob);
    const pic = await decodePng(blob);
    const row = legendRows(chart)[0];
    const lines = new Set(Array.from(row.querySelectorAll('.item')).map((e) => Math.round(e.getBoundingClientRect().top)));
    expect(lines.size, 'the legend wraps').to.be.greaterThan(1);
    const origin = chart.getBoundingClientRect();
    // Each entry's swatch is painted where the screen shows it (its colour at its centre).
    // Entries past the two-line limit are cut off on screen, and so left out of the picture.
    const box = row.getBoundingClientRect();
    const all = Array.from(row.querySelectorAll<HTMLElement>('.item > .swatch, .part > .swatch')).filter((s) => getComputedStyle(s).backgroundImage === 'none');
    const swatches = all.filter((s) => s.getBoundingClientRect().bottom <= box.bottom + 0.5);
    expect(swatches.length).to.be.greaterThan(4);
    expect(all.length, "some entries are cut off").to.be.greaterThan(swatches.length);
    for (const s of all.filter((e) => !swatches.includes(e))) {
      const r = s.getBoundingClientRect();
      const x = (r.left - origin.left + r.width / 2) * 2;
      const y = (r.top - origin.top + r.height / 2) * 2;
      const css = getComputedStyle(s).backgroundColor.match(/\d+/g)!.map(Number);
      expect(colorDistance(pic.at(x, y), [css[0], css[1], css[2], 255]), `hidden swatch at ${x},${y}`).to.be.greaterThan(30);
    }
    for (const s of swatches) {
      const r = s.getBoundingClientRect();
      const css = getComputedStyle(s).backgroundColor.match(/\d+/g)!.map(Number);
      const x = (r.left - origin.left + r.width / 2) * 2;
      const y = (r.top - origin.top + r.height / 2) * 2;
      expect(colorDistance(pic.at(x, y), [css[0], css[1], css[2], 255]), `swatch at ${x},${y}`).to.be.lessThan(30);
    }
  });
});

