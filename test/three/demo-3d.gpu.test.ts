/** The 3D demo page (demo/3d.html) loads and draws its three charts without an error. */
import { expect } from '@esm-bundle/chai';
import type { GpuChart } from '../../src/index.js';
import { decodePng, saveImage } from '../helpers/pixels.js';

describe('demo/3d.html', function () {
  this.timeout(120_000);

  it('draws the surface, the point cloud and the streaming trajectory', async () => {
    const frame = document.createElement('iframe');
    frame.style.cssText = 'width:1000px;height:1600px;border:0';
    frame.src = new URL('../../demo/3d.html', import.meta.url).href;
    const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    document.body.append(frame);
    await loaded;
    const doc = frame.contentDocument!;
    const errors: string[] = [];
    doc.addEventListener('gpu-error', (e) => errors.push((e as CustomEvent).detail.message));
    await frame.contentWindow!.customElements.whenDefined('gpu-chart');
    for (const id of ['surface', 'cloud', 'trajectory']) {
      const chart = doc.getElementById(id) as GpuChart;
      await chart.updateComplete;
      const blob = await chart.toBlob();
      await saveImage(`demo-3d-${id}.png`, blob);
      const pic = await decodePng(blob);
      // Not blank: many pixels differ from the white background.
      let drawn = 0;
      for (let i = 0; i < pic.data.length; i += 4) if (pic.data[i] < 200 || pic.data[i + 1] < 200 || pic.data[i + 2] < 200) drawn++;
      expect(drawn, `${id} drawn pixels`).to.be.greaterThan(pic.width * pic.height * 0.01);
    }
    expect(errors).to.deep.equal([]);
    frame.remove();
  });
});
