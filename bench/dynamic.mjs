// Dynamic-data cases (issue 24), wired into run.mjs: every y value replaced each frame (Y1), a
// fixed value range set each frame on 100 series (Y2), a line of 1M rows in data order (Y3) and
// columnar appends of 1000 rows per frame into a 1M FIFO (Y4). The in-page half is
// bench/dynamic-page.mjs, injected into the same bench page; each case is a closed loop (update,
// painted, next update), so updates/s counts painted frames.

/** Updates run before the measured loop (first-update allocations are not the steady rate). */
const WARM_UPDATES = 3;
const MS = (quick) => (quick ? 1500 : 2500);

async function taskSeconds(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
}

async function inject(page, ev) {
  await page.addScriptTag({ type: 'module', url: '/bench/dynamic-page.mjs' });
  await page.waitForFunction(() => window.benchDynamic, { timeout: 20000 });
  await ev(() => window.benchDynamic.load());
}

/**
 * A closed-loop case: painted updates / s and main-thread ms per update (CDP TaskDuration over
 * the loop only: `call` prepares the data and the first frame, then the loop runs on its own).
 */
function loop(id, size, libs, call) {
  return {
    id, size, kind: 'line', libs, noLoad: true, profilesItself: true,
    async run({ page, cdp, ev, profileFrom }) {
      await inject(page, ev);
      const ready = await call(ev);
      if (ready.na) return ready;
      await ev((n) => window.benchDynamic.warmPrepared(n), WARM_UPDATES);
      await profileFrom();
      const t0 = await taskSeconds(cdp);
      const r = await ev(() => window.benchDynamic.runPrepared());
      if (r.na) return r;
      const t1 = await taskSeconds(cdp);
      return { ...r, mainMsPerUpdate: ((t1 - t0) * 1000) / r.count };
    },
  };
}

export function dynamicJobs(cases, { quick = false, sizes = null } = {}) {
  const list = [];
  const peers = ['gpu-chart', 'uplot', 'echarts', 'chartgpu'];
  const ms = MS(quick);
  if (cases.has('Y1')) {
    for (const n of sizes?.Y1 ?? [100_000, 1_000_000, 5_000_000]) {
      list.push(loop('Y1', n, peers, (ev) => ev((a, b) => window.benchDynamic.replaceLoop(a, b), n, ms)));
    }
  }
  if (cases.has('Y2')) list.push(loop('Y2', 1_000_000, peers, (ev) => ev((a, b) => window.benchDynamic.rangeLoop(100, 10_000, a), ms)));
  if (cases.has('Y3')) {
    list.push({
      id: 'Y3', size: 1_000_000, kind: 'line', libs: peers, noLoad: true,
      async run({ page, ev }) {
        await inject(page, ev);
        return ev((n) => window.benchDynamic.xyLine(n), 1_000_000);
      },
    });
  }
  if (cases.has('Y4')) list.push(loop('Y4', 1_000_000, peers, (ev) => ev((a, b) => window.benchDynamic.fifoLoop(1_000_000, 1000, a), ms)));
  return list;
}

export const DYNAMIC_METRICS = {
  Y1: [['perSec', 'all y replaced: painted updates / s', 'high'], ['mainMsPerUpdate', 'main-thread ms / update', 'low']],
  Y2: [['perSec', '100 series × 10k, range set: painted updates / s', 'high'], ['mainMsPerUpdate', 'main-thread ms / update', 'low']],
  Y3: [['paint', 'XY line in data order: create → painted', 'low'], ['zoomPaint', 'zoom step → painted', 'low']],
  Y4: [['perSec', '1000 rows / frame into a 1M FIFO: painted updates / s', 'high'], ['mainMsPerUpdate', 'main-thread ms / update', 'low']],
};

export const DYNAMIC_TITLES = { Y1: 'Y1 replace y', Y2: 'Y2 fixed range', Y3: 'Y3 XY line', Y4: 'Y4 FIFO append' };
