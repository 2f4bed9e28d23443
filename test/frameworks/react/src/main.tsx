// React 19 app: the chart as a JSX element with typed props and `ongpu-…` event props, no
// hand-written declarations (the types come from 'gpu-chart/react'). test/frameworks/run.mjs drives
// it through window.__app and reads what the React handlers received from window.__events.
import { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'gpu-chart';
import type {} from 'gpu-chart/react';
import { makeData, record, type FrameworkApp } from '../../shared';

function App() {
  const [type, setType] = useState<'line' | 'candlestick'>('line');
  const data = useMemo(makeData, []);
  (window as unknown as { __setType: typeof setType }).__setType = setType;
  return (
    <gpu-chart
      type={type}
      data={data}
      pixelRatio={1}
      timeZone="UTC"
      legend="off"
      kinetic={false}
      style={{ display: 'block', width: '480px', height: '300px', '--gpu-chart-series-1': '#d02090', '--gpu-chart-up': '#d02090', '--gpu-chart-down': '#d02090' }}
      ongpu-ready={(e) => record('gpu-ready', e.detail.adapter.vendor)}
      ongpu-range={(e) => record('gpu-range', e.detail.to - e.detail.from)}
      ongpu-crosshair={(e) => record('gpu-crosshair', e.detail?.index ?? null)}
      ongpu-error={(e) => record('gpu-error', e.detail.message)}
    />
  );
}

const root = createRoot(document.getElementById('root')!);
root.render(<App />);
const app: FrameworkApp = {
  setType: (t) => (window as unknown as { __setType: (t: 'line' | 'candlestick') => void }).__setType(t),
  unmount: () => root.unmount(),
};
(window as unknown as { __app: FrameworkApp }).__app = app;
