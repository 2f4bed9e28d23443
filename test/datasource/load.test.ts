import { expect } from '@esm-bundle/chai';
import '../../src/elements/datasource/define.js';
import { GpuDatasource } from '../../src/elements/datasource/define.js';
import { loadColumns } from '../../src/data/load.js';
import { createSource, nextEvent, recordEvents, until } from './helpers.js';

const SAMPLES = ['candles.json', 'candles.csv', 'candles.gcol', 'candles.json.zst', 'candles.csv.zst', 'candles.gcol.zst'];

describe('<gpu-datasource> loading', () => {
  afterEach(() => {
    for (const el of document.querySelectorAll('gpu-datasource')) el.remove();
  });

  it('is defined and idle without a source', async () => {
    const el = document.createElement('gpu-datasource');
    expect(el).to.be.instanceOf(GpuDatasource);
    document.body.append(el);
    await el.updateComplete;
    expect(el.status).to.equal('idle');
    expect(el.getAttribute('status')).to.equal('idle');
    expect(el.length).to.equal(0);
    expect(getComputedStyle(el).display).to.equal('none');
  });

  it('loads every sample format to the same columns', async () => {
    const reference = (await loadColumns('/demo/data/candles.gcol')).columns!;
    for (const name of SAMPLES) {
      const el = createSource({ src: `/demo/data/${name}` });
      const data = await nextEvent(el, 'gpu-data');
      expect(data, name).to.deep.equal({ reason: 'load', length: reference.time.length, added: reference.time.length, fromCache: false });
      await el.loadComplete;
      expect(el.status, name).to.equal('ready');
      expect(el.getAttribute('status')).to.equal('ready');
      expect(el.length).to.equal(reference.time.length);
      for (const column of ['time', 'open', 'high', 'low', 'close', 'volume']) {
        expect([...el.data[column]], `${name} ${column}`).to.deep.equal([...reference[column]]);
      }
      el.remove();
    }
  });

  it('reports download progress up to the full size', async () => {
    const el = createSource({ src: '/demo/data/candles.json' });
    const progress = recordEvents(el, 'gpu-progress');
    await nextEvent(el, 'gpu-data');
    const size = (await (await fetch('/demo/data/candles.json')).arrayBuffer()).byteLength;
    expect(progress.length).to.be.greaterThan(0);
    for (let i = 1; i < progress.length; i++) expect(progress[i].loaded).to.be.greaterThan(progress[i - 1].loaded);
    expect(progress.at(-1)!.loaded).to.equal(size);
  });

  it('keeps the last good data when a new src fails, and shows the error', async () => {
    const el = createSource({ src: '/demo/data/candles.csv' });
    await nextEvent(el, 'gpu-data');
    const before = el.length;
    const errors = recordEvents(el, 'gpu-error');
    const data = recordEvents(el, 'gpu-data');
    el.src = '/demo/data/does-not-exist.json';
    await until(() => el.status === 'error', 'status error');
    expect(errors).to.have.length(1);
    expect(errors[0].phase).to.equal('fetch');
    expect(errors[0].message).to.match(/404/);
    expect(el.length).to.equal(before);
    expect(data).to.have.length(0);
    await el.updateComplete;
    expect(el.getAttribute('status')).to.equal('error');
    const message = el.shadowRoot!.querySelector('[part="message"]')!;
    expect(message.textContent).to.contain('404');
    expect(getComputedStyle(el).display).to.equal('block');

    // Content that is not data: a parse error, the rows still kept.
    el.src = '/package.json';
    await until(() => errors.length === 2, 'second error');
    expect(errors[1].phase).to.equal('parse');
    expect(el.length).to.equal(before);

    // A good file again clears the error.
    el.src = '/demo/data/candles.gcol';
    await until(() => el.status === 'ready', 'ready again');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part="message"]')).to.equal(null);
  });

  it('keeps only the newest `capacity` rows', async () => {
    const el = createSource({ src: '/demo/data/candles.gcol', capacity: '100' });
    await nextEvent(el, 'gpu-data');
    const all = (await loadColumns('/demo/data/candles.gcol')).columns!;
    expect(el.length).to.equal(100);
    expect([...el.data.time]).to.deep.equal([...all.time.subarray(all.time.length - 100)]);
    el.append({ time: all.time.at(-1)! + 60_000, close: 1 });
    expect(el.length).to.equal(100);
    expect(el.data.time.at(-1)).to.equal(all.time.at(-1)! + 60_000);
    el.capacity = 10;
    await el.updateComplete;
    expect(el.length).to.equal(10);
  });

  it('respects max-bytes', async () => {
    const el = createSource({ src: '/demo/data/candles.json', 'max-bytes': '1000' });
    const error = await nextEvent(el, 'gpu-error');
    expect(error.phase).to.equal('fetch');
    expect(error.message).to.match(/limit/);
    expect(el.status).to.equal('error');
  });

  it('accepts rows and columns through `data`, and append() updates or extends', async () => {
    const el = createSource({});
    const events = recordEvents(el, 'gpu-data');
    el.data = [
      { t: 1.7e12 + 2000, close: 2 },
      { t: 1.7e12 + 1000, close: 1 },
    ];
    expect([...el.data.time]).to.deep.equal([1.7e12 + 1000, 1.7e12 + 2000]); // sorted
    expect([...el.data.close]).to.deep.equal([1, 2]);
    expect(events.at(-1)).to.deep.equal({ reason: 'load', length: 2, added: 2, fromCache: false });

    el.data = { time: new Float64Array([1, 2, 3]).map((x) => x * 1e12), value: [5, 6, 7] };
    expect(el.length).to.equal(3);
    expect([...el.data.value]).to.deep.equal([5, 6, 7]);

    const updated = el.append({ time: 3e12, value: 70 });
    expect(updated).to.include({ added: 0, updatedLast: true });
    expect(events.at(-1)).to.include({ reason: 'update', length: 3, added: 0 });
    const added = el.append([{ time: 4e12, value: 8 }, { time: 5e12, value: 9 }]);
    expect(added).to.include({ added: 2 });
    expect(events.at(-1)).to.include({ reason: 'append', length: 5, added: 2 });
    const old = el.append({ time: 1, value: 0 }); // epoch seconds (1000 ms), older than the rest: merged into its place
    expect(old).to.include({ added: 1, merged: 1, outOfOrder: 0 });
    expect([...el.data.value]).to.deep.equal([0, 5, 6, 70, 8, 9]);
    await el.updateComplete;
    expect(el.status).to.equal('ready');

    const errors = recordEvents(el, 'gpu-error');
    el.data = { close: [1, 2] } as unknown as Record<string, number[]>; // no time column
    expect(errors).to.have.length(1);
    expect(errors[0].phase).to.equal('parse');
    expect(el.length).to.equal(6);

    el.clear();
    expect(events.at(-1)).to.deep.equal({ reason: 'clear', length: 0, added: 0, fromCache: false });
    expect(el.length).to.equal(0);
  });

  it('stays a normal DOM node for append(node)', () => {
    const el = createSource({});
    const child = document.createElement('span');
    el.append(child);
    expect(child.parentNode).to.equal(el);
  });

  it('aborts a load on disconnect and resumes it on reconnect', async () => {
    const el = createSource({ src: '/demo/data/candles.csv.zst' });
    el.remove();
    await new Promise((r) => setTimeout(r, 50));
    expect(el.length).to.equal(0);
    const loaded = nextEvent(el, 'gpu-data');
    document.body.append(el);
    await loaded;
    expect(el.length).to.be.greaterThan(0);
  });
});
