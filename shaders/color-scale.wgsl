// Shared by heatmap.wgsl, density.wgsl and color-bar.wgsl (prepended in TypeScript, like
// three-common.wgsl): colormaps.ts colorPosition on the GPU. Position 0…1 on the colormap of v
// between lo and hi on the scale `scale` (0 linear, 1 log, 2 sqrt); -1 where the value has no
// colour (log of v ≤ 0).
fn scaledColorPosition(v: f32, lo: f32, hi: f32, scale: u32) -> f32 {
  var t: f32;
  if (scale == 1u) {
    if (v <= 0.0 || lo <= 0.0) { return -1.0; }
    let l0 = log2(lo);
    let span = log2(hi) - l0;
    t = (log2(v) - l0) / select(span, 1.0, span == 0.0);
  } else {
    let span = hi - lo;
    t = (v - lo) / select(span, 1.0, span == 0.0);
    if (scale == 2u) { t = sqrt(max(t, 0.0)); }
  }
  return clamp(t, 0.0, 1.0);
}
