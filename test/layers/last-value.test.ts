import { expect } from '@esm-bundle/chai';
import { stackTags } from '../../src/chart/layers/last-value.js';

describe('last-value tags stack without overlap', () => {
  it('tags closer than their height move apart, keeping their order, inside the pane', () => {
    const tags = [{ y: 100 }, { y: 96 }, { y: 103 }, { y: 300 }];
    stackTags(tags, 20, 0, 400);
    const ys = tags.map((t) => t.y);
    expect(ys).to.deep.equal([96, 116, 136, 300]);
  });

  it('tags at the pane bottom are pushed up, and stay below the top when there is no room', () => {
    const low = [{ y: 395 }, { y: 398 }];
    stackTags(low, 20, 0, 400);
    expect(low.map((t) => t.y)).to.deep.equal([370, 390]);
    const crowded = Array.from({ length: 5 }, () => ({ y: 50 }));
    stackTags(crowded, 20, 0, 60);
    expect(crowded[0].y).to.equal(10);
    for (let i = 1; i < 5; i++) expect(crowded[i].y - crowded[i - 1].y).to.equal(20);
  });
});
