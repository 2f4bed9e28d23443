// Scientific cases (issue 16), wired into run.mjs: heatmap create → painted (H1, also 16 000²
// outside --quick) and all cells replaced each frame (H2) at 1000² and 4000² cells, zoom/pan
// steps at 16 000² (H3, outside --quick), gpu-chart beside ECharts' heatmap (Plotly is
// not a bench dependency), density (gpu-chart only) of 1M and 10M points create → painted and zoom step → painted (DN).
// The in-page half is bench/science-page.mjs.

async function inject(page, ev) {
  await page.addScriptTag({ type: 'module', url: '/bench/science-page.mjs' });
  await page.waitForFunction(() => window.benchScience, { timeout: 20000 });
  void ev;
}

/** A heatmap's picture counts when red fills most of the box's height too (ECharts once drew one strip of rows). */
const fillsPlot = (px) => px.red >= 1000 && px.redCols >= 0.5 && px.redRows >= 0.75;

function job(id, size, call, libs = ['gpu-chart'], validPixels = undefined) {
  return {
    id, size, kind: 'line', libs, noLoad: true, validPixels,
    async run({ page, ev }) {
      await inject(page, ev);
      return call(ev);
    },
  };
}

/**
 * H2: the chart made first, then the closed loop of replacements; its main-thread ms per
 * replacement (CDP TaskDuration over the loop, as case B's) and the profile (--profile) cover the
 * loop only.
 */
function replaceJob(side, ms) {
  return {
    id: 'H2', size: side * side, kind: 'line', libs: HEATMAP_LIBS, noLoad: true, validPixels: fillsPlot, profilesItself: true,
    async run({ page, ev, cdp, profileFrom }) {
      await inject(page, ev);
      await ev((s) => window.benchScience.heatmapReplaceSetup(s), side);
      await profileFrom();
      const t0 = await taskSeconds(cdp);
      const out = await ev((t) => window.benchScience.heatmapReplace(t), ms);
      const t1 = await taskSeconds(cdp);
      return { ...out, mainMsPerUpdate: ((t1 - t0) * 1000) / out.count };
    },
  };
}

async function taskSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

/** Libraries with a heatmap to compare (bench/science-page.mjs has an adapter for each). */
const HEATMAP_LIBS = ['gpu-chart', 'echarts'];
const BIG = 16000;

export function scienceJobs(cases, { quick = false } = {}) {
  const list = [];
  const ms = quick ? 1500 : 2500;
  if (cases.has('H1')) for (const side of [1000, 4000]) list.push(job('H1', side * side, (ev) => ev((s) => window.benchScience.heatmapCreate(s), side), HEATMAP_LIBS, fillsPlot));
  // 16 000² cells: 1 GiB of values in the page, 1.33 GiB of GPU buffers with the pyramid (in bands
  // where one binding cannot hold it); gpu-chart only (ECharts does not paint 1 000² in 60 s)
  if (cases.has('H1') && !quick) list.push(job('H1', BIG * BIG, (ev) => ev((s) => window.benchScience.heatmapCreate(s), BIG), ['gpu-chart'], fillsPlot));
  if (cases.has('H3') && !quick) list.push(job('H3', BIG * BIG, (ev) => ev((s) => window.benchScience.heatmapZoom(s), BIG), ['gpu-chart'], fillsPlot));
  if (cases.has('H2')) for (const side of [1000, 4000]) list.push(replaceJob(side, ms));
  // F3: the floor of H2 (no library): one writeBuffer of the matrix and one pass reading it per update.
  // F3M: the same through a ring of mapped staging buffers instead of writeBuffer.
  for (const [id, upload] of [['F3', 'write'], ['F3M', 'mapped']]) {
    if (!cases.has(id)) continue;
    for (const side of [1000, 4000]) {
      list.push({
        id, size: side * side, kind: 'line', libs: ['gpu-chart'], noLoad: true, validPixels: fillsPlot, profilesItself: true,
        async run({ page, ev, cdp }) {
          await inject(page, ev);
          await ev((s, u) => window.benchScience.replaceFloorSetup(s, u), side, upload);
          const t0 = await taskSeconds(cdp);
          const out = await ev((t) => window.benchScience.heatmapReplace(t), ms);
          const t1 = await taskSeconds(cdp);
          return { ...out, mainMsPerUpdate: ((t1 - t0) * 1000) / out.count };
        },
      });
    }
  }
  if (cases.has('DN')) for (const n of quick ? [1_000_000] : [1_000_000, 10_000_000]) list.push(job('DN', n, (ev) => ev((k) => window.benchScience.density(k), n)));
  return list;
}

export const SCIENCE_METRICS = {
  H1: [['paint', 'heatmap cells: create → painted', 'low'], ['gpuBytesPerCell', 'GPU buffer bytes / cell', 'low']],
  H3: [['zoomPaint', 'zoom/pan step → painted, median', 'low']],
  H2: [['perSec', 'heatmap, every cell replaced: painted updates / s', 'high'], ['mainMsPerUpdate', 'main-thread ms / replacement', 'low']],
  F3: [['perSec', 'floor of H2 (no library): matrix written and drawn, updates / s', 'none'], ['mainMsPerUpdate', 'main-thread ms / update', 'none']],
  F3M: [['perSec', 'F3 through mapped staging buffers: updates / s', 'none'], ['mainMsPerUpdate', 'main-thread ms / update', 'none']],
  DN: [['paint', 'density points: create → painted', 'low'], ['zoomPaint', 'zoom step → binned and painted, median', 'low']],
};

export const SCIENCE_TITLES = { F3: 'F3 replace floor', F3M: 'F3M replace, mapped', H1: 'H1 heatmap', H2: 'H2 heatmap replace', H3: 'H3 heatmap zoom', DN: 'DN density' };
