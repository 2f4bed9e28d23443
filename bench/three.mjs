// 3D cases (issue 18), wired into run.mjs: a point cloud (P3) and a surface (S3), each
// create → painted, then orbiting (a 5° camera step per frame, closed loop: step, painted, next
// step) in painted frames per second and main-thread ms per frame; S3 also every z value
// replaced per frame. gpu-chart beside Plotly's WebGL 3D (npm plotly.js-gl3d-dist-min) and
// ECharts-GL (npm echarts-gl). The in-page half is bench/three-page.mjs, injected into the same
// bench page.

/** The libraries with a 3D adapter in three-page.mjs. */
export const THREE_LIBS = ['gpu-chart', 'plotly', 'echarts-gl'];

const MS = (quick) => (quick ? 1500 : 2500);

async function taskSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/** Runs `call` in the page and adds main-thread ms per step (CDP TaskDuration ÷ steps). */
async function timedLoop(cdp, ev, call, ms, name) {
  await ev(() => window.gpuPasses?.reset());
  const t0 = await taskSeconds(cdp);
  const r = await ev(call, ms);
  const t1 = await taskSeconds(cdp);
  // run.mjs --gpu-passes: the loop's GPU ms per pass and submit → done
  const passes = await ev(() => window.gpuPasses?.summary());
  if (passes) console.log(`[gpu-passes] ${name}: ${JSON.stringify(passes)}`);
  return { perSec: r.perSec, mainMs: ((t1 - t0) * 1000) / r.count };
}

function job(id, size, create, ms) {
  return {
    id, size, kind: 'line', libs: THREE_LIBS, noLoad: true,
    // A 3D box covers about a third of the canvas's columns; a blank or nearly blank picture (a
    // peer that drew nothing) is INVALID.
    validPixels: (px) => px.red >= 1000 && px.redCols >= 0.15,
    async run({ page, cdp, ev }) {
      await page.addScriptTag({ type: 'module', url: '/bench/three-page.mjs' });
      await page.waitForFunction(() => window.benchThree, { timeout: 20000 });
      const paint = await ev(create, size);
      await ev(() => window.benchThree.orbitStart());
      const orbit = await timedLoop(cdp, ev, (t) => window.benchThree.orbit(t), ms, `${id} ${size} orbit`);
      await ev(() => window.benchThree.orbitEnd());
      const out = { paint, orbitPerSec: orbit.perSec, orbitMainMs: orbit.mainMs };
      // Where a WebGL peer drew (a real-GPU run whose peers fell back to software is not a comparison).
      const gl = await ev(() => window.benchThree.webglRenderer());
      if (gl) out.note = `WebGL: ${gl}`;
      if (id === 'S3') {
        const replace = await timedLoop(cdp, ev, (t) => window.benchThree.replace(t), ms, `${id} ${size} replace`);
        Object.assign(out, { replacePerSec: replace.perSec, replaceMainMs: replace.mainMs });
      }
      return out;
    },
  };
}

/** `realGpu`: also the 8000² surface (too big for SwiftShader). */
export function threeJobs(cases, { quick = false, realGpu = false } = {}) {
  const list = [];
  const ms = MS(quick);
  if (cases.has('P3')) {
    for (const n of quick ? [100_000] : [100_000, 1_000_000, 4_000_000]) list.push(job('P3', n, (k) => window.benchThree.cloud(k), ms));
  }
  if (cases.has('S3')) {
    // size = grid values (side²)
    const sides = quick ? [500] : realGpu ? [500, 2000, 4000, 8000] : [500, 2000, 4000];
    for (const side of sides) list.push(job('S3', side * side, (k) => window.benchThree.surface(Math.round(Math.sqrt(k))), ms));
  }
  return list;
}

export const THREE_METRICS = {
  P3: [['paint', 'point cloud: create → painted', 'low'], ['orbitPerSec', 'orbiting: painted frames / s', 'high'], ['orbitMainMs', 'orbiting: main-thread ms / frame', 'low']],
  S3: [
    ['paint', 'surface: create → painted', 'low'], ['orbitPerSec', 'orbiting: painted frames / s', 'high'], ['orbitMainMs', 'orbiting: main-thread ms / frame', 'low'],
    ['replacePerSec', 'every z replaced: painted updates / s', 'high'], ['replaceMainMs', 'every z replaced: main-thread ms / update', 'low'],
  ],
};

export const THREE_TITLES = { P3: 'P3 3D points', S3: 'S3 3D surface' };
