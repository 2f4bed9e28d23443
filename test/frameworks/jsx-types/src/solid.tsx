// Solid: <gpu-chart> with typed props and `on:gpu-…` handlers from 'gpu-chart/solid'.
import 'gpu-chart';
import type {} from 'gpu-chart/solid';

export const ok = () => (
  <gpu-chart type="candlestick" legend="off" pixelRatio={2} on:gpu-range={(e) => e.detail.to - e.detail.from} on:gpu-crosshair={(e) => e.detail?.index}>
    <gpu-indicator type="sma" period={20} on:gpu-indicator={(e) => e.detail.changedFrom} />
  </gpu-chart>
);
// The declarations check values and event details: each line below must be an error.
// @ts-expect-error legend is 'on' | 'off'
export const badProp = () => <gpu-chart legend="sideways" />;
// @ts-expect-error gpu-range's detail has no `index`
export const badEvent = () => <gpu-chart on:gpu-range={(e) => e.detail.index} />;
