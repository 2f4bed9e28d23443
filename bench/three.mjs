// 3D cases (issue 18), wired into run.mjs: a point cloud (P3) and a surface (S3), each
// create → painted, then orbiting (one arrow-key step of 5° a frame, closed loop: step,
// painted, next step) in painted frames per second. gpu-chart only for now: the peers the
// issue names (Plotly's WebGL 3D, ECharts-GL) are not in bench/package.json. The in-page half is
// bench/three-page.mjs, injected into the same bench page.

const MS = (quick) => (quick ? 1500 : 2500);

async function taskSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

function job(id, size, call) {
  return {
    id, size, kind: 'line', libs: ['gpu-chart'], noLoad: true,
    // A 3D box covers about a third of the canvas's columns: enough red pixels anywhere.
    validPixels: (px) => px.red >= 1000,
    async run({ page, cdp, ev }) {
      await page.addScriptTag({ type: 'module', url: '/bench/three-page.mjs' });
      await page.waitForFunction(() => window.benchThree, { timeout: 20000 });
      const paint = await ev(call.create, size);
      const t0 = await taskSeconds(cdp);
      const orbit = await ev(call.orbit, call.ms);
      const t1 = await taskSeconds(cdp);
      return { paint, orbitPerSec: orbit.perSec, orbitMainMs: ((t1 - t0) * 1000) / orbit.count };
    },
  };
}

export function threeJobs(cases, { quick = false } = {}) {
  const list = [];
  const ms = MS(quick);
  const orbit = (duration) => window.benchThree.orbit(duration);
  if (cases.has('P3')) {
    for (const n of quick ? [100_000] : [100_000, 1_000_000, 4_000_000]) list.push(job('P3', n, { create: (k) => window.benchThree.cloud(k), orbit, ms }));
  }
  if (cases.has('S3')) {
    // size = grid values (side²): 500² and 2000² (4000² needs more memory than SwiftShader runs well with)
    for (const side of quick ? [500] : [500, 2000]) list.push(job('S3', side * side, { create: (k) => window.benchThree.surface(Math.round(Math.sqrt(k))), orbit, ms }));
  }
  return list;
}

export const THREE_METRICS = {
  P3: [['paint', 'point cloud: create → painted', 'low'], ['orbitPerSec', 'orbiting: painted frames / s', 'high'], ['orbitMainMs', 'orbiting: main-thread ms / frame', 'low']],
  S3: [['paint', 'surface: create → painted', 'low'], ['orbitPerSec', 'orbiting: painted frames / s', 'high'], ['orbitMainMs', 'orbiting: main-thread ms / frame', 'low']],
};

export const THREE_TITLES = { P3: 'P3 3D points', S3: 'S3 3D surface' };
