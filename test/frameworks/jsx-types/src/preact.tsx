// Preact: <gpu-chart> with typed props and `ongpu-…` handlers from 'gpu-chart/preact'.
import 'gpu-chart';
import type {} from 'gpu-chart/preact';

export const ok = (
  <gpu-chart type="candlestick" legend="off" pixelRatio={2} ongpu-range={(e) => e.detail.to - e.detail.from} ongpu-crosshair={(e) => e.detail?.index}>
    <gpu-indicator type="sma" period={20} ongpu-indicator={(e) => e.detail.changedFrom} />
  </gpu-chart>
);
// The declarations check values and event details: each line below must be an error.
// @ts-expect-error legend is 'on' | 'off'
export const badProp = <gpu-chart legend="sideways" />;
// @ts-expect-error gpu-range's detail has no `index`
export const badEvent = <gpu-chart ongpu-range={(e) => e.detail.index} />;
