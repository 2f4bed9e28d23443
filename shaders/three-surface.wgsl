// Surfaces built on the GPU: no vertex or index buffers. The z values live in up to four storage
// buffers ("bands", float32 relative to an origin, NaN for a hole), the grid columns' x and rows'
// y in the box in one more; each vertex's position, normal (from neighbouring z) and colour
// position come from vertex_index. Triangles: six vertices per drawn cell (two triangles); a cell
// with a non-finite corner puts all six outside the clip volume, so it is dropped whole (a hole).
// The grid is drawn every kx-th column and ky-th row (level of detail; the last column and row
// always), so a grid with more cells than pixels costs what the pixels do; each drawn grid point
// then takes the extreme of the block it stands for (three-surface-pool.wgsl: a spike narrower
// than k stays), read from `pooledZ`. Lit by a head light
// (two-sided Lambert plus ambient), coloured through the lookup table. The wireframe draws grid
// lines (every wx-th column and wy-th row: at least a few px apart), each in segments over the
// drawn cells so it follows the surface, pulled slightly towards the eye so it stays on top.
struct Grid {
  columns: u32,
  rows: u32,
  kx: u32,
  ky: u32,
  // cells drawn along x and y at this step
  cellsX: u32,
  cellsY: u32,
  // floats per z band
  bandCells: u32,
  // 1: drawn grid points read `pooledZ` (the level of detail's extremes), 0: the grid's own values
  pooled: u32,
  // wireframe: a line every wx-th column and wy-th row (multiples of kx, ky), lineCols and lineRows of them
  wx: u32,
  wy: u32,
  lineCols: u32,
  lineRows: u32,
  // box z = z · zScale + zOffset; colour position t = z · tScale + tOffset
  zScale: f32,
  zOffset: f32,
  tScale: f32,
  tOffset: f32,
};

@group(0) @binding(2) var<storage, read> axes: array<f32>;
@group(0) @binding(3) var<storage, read> z0: array<u32>;
@group(0) @binding(4) var<storage, read> z1: array<u32>;
@group(0) @binding(5) var<storage, read> z2: array<u32>;
@group(0) @binding(6) var<storage, read> z3: array<u32>;
@group(0) @binding(7) var<uniform> g: Grid;
// (cellsX + 1) × (cellsY + 1) drawn grid points' values (three-surface-pool.wgsl), when g.pooled is 1
@group(0) @binding(8) var<storage, read> pooledZ: array<u32>;

// The raw bits of grid point (c, r)'s value (bitcast: a NaN test on a float may be optimized away).
fn zBits(c: u32, r: u32) -> u32 {
  let i = r * g.columns + c;
  let b = i / g.bandCells;
  let l = i - b * g.bandCells;
  if (b == 0u) {
    return z0[l];
  }
  if (b == 1u) {
    return z1[l];
  }
  if (b == 2u) {
    return z2[l];
  }
  return z3[l];
}

fn isFinite(bits: u32) -> bool {
  return (bits & 0x7f800000u) != 0x7f800000u;
}

// Grid column (row) of drawn column (row) l: every k-th one, the last at the end.
fn colAt(l: u32) -> u32 {
  return min(l * g.kx, g.columns - 1u);
}

fn rowAt(l: u32) -> u32 {
  return min(l * g.ky, g.rows - 1u);
}

// The bits of drawn grid point (lc, lr): the extreme of its block (level of detail) or its own value.
fn drawnBits(lc: u32, lr: u32) -> u32 {
  if (g.pooled == 1u) {
    return pooledZ[lr * (g.cellsX + 1u) + lc];
  }
  return zBits(colAt(lc), rowAt(lr));
}

fn xAt(c: u32) -> f32 {
  return axes[c];
}

fn yAt(r: u32) -> f32 {
  return axes[g.columns + r];
}

fn boxZ(bits: u32) -> f32 {
  return bitcast<f32>(bits) * g.zScale + g.zOffset;
}

// Slope in the box between two grid points' values `da` apart; ok false when either is missing.
struct Slope {
  value: f32,
  ok: bool,
};

fn slope(a: u32, b: u32, da: f32) -> Slope {
  if (!isFinite(a) || !isFinite(b) || da == 0.0) {
    return Slope(0.0, false);
  }
  return Slope((bitcast<f32>(b) - bitcast<f32>(a)) * g.zScale / da, true);
}

// The drawn grid's normal at drawn column lc, row lr: central differences over the drawn
// neighbours, one-sided at edges and holes (as the grid's own steps, so uneven edges tilt right).
fn normalAt(lc: u32, lr: u32) -> vec3f {
  let c = colAt(lc);
  let r = rowAt(lr);
  let here = drawnBits(lc, lr);
  let cl = select(c, colAt(lc - 1u), lc > 0u);
  let cr = colAt(lc + 1u);
  let rd = select(r, rowAt(lr - 1u), lr > 0u);
  let ru = rowAt(lr + 1u);
  let nan = 0x7fc00000u;
  var left = nan;
  var right = nan;
  var down = nan;
  var up = nan;
  if (cl != c) {
    left = drawnBits(lc - 1u, lr);
  }
  if (cr != c) {
    right = drawnBits(lc + 1u, lr);
  }
  if (rd != r) {
    down = drawnBits(lc, lr - 1u);
  }
  if (ru != r) {
    up = drawnBits(lc, lr + 1u);
  }
  var sx = slope(left, right, xAt(cr) - xAt(cl));
  if (!sx.ok) {
    sx = slope(here, right, xAt(cr) - xAt(c));
  }
  if (!sx.ok) {
    sx = slope(left, here, xAt(c) - xAt(cl));
  }
  var sy = slope(down, up, yAt(ru) - yAt(rd));
  if (!sy.ok) {
    sy = slope(here, up, yAt(ru) - yAt(r));
  }
  if (!sy.ok) {
    sy = slope(down, here, yAt(r) - yAt(rd));
  }
  return normalize(vec3f(-sx.value, -sy.value, 1.0));
}

struct SurfaceOut {
  @builtin(position) pos: vec4f,
  @location(0) normal: vec3f,
  @location(1) world: vec3f,
  @location(2) t: f32,
};

@vertex
fn vs(@builtin(vertex_index) vi: u32) -> SurfaceOut {
  var o: SurfaceOut;
  let cell = vi / 6u;
  let corner = vi % 6u;
  let cx = cell % g.cellsX;
  let cy = cell / g.cellsX;
  // Triangles (0,0) (1,0) (1,1) and (0,0) (1,1) (0,1) of the cell.
  let dc = select(0u, 1u, corner == 1u || corner == 2u || corner == 4u);
  let dr = select(0u, 1u, corner == 2u || corner == 4u || corner == 5u);
  let c0 = colAt(cx);
  let c1 = colAt(cx + 1u);
  let r0 = rowAt(cy);
  let r1 = rowAt(cy + 1u);
  if (!isFinite(drawnBits(cx, cy)) || !isFinite(drawnBits(cx + 1u, cy)) || !isFinite(drawnBits(cx, cy + 1u)) || !isFinite(drawnBits(cx + 1u, cy + 1u))) {
    o.pos = offscreen();
    return o;
  }
  let c = select(c0, c1, dc == 1u);
  let r = select(r0, r1, dr == 1u);
  let bits = drawnBits(cx + dc, cy + dr);
  let p = vec3f(xAt(c), yAt(r), boxZ(bits));
  o.pos = u.vp * vec4f(p, 1.0);
  o.normal = normalAt(cx + dc, cy + dr);
  o.world = p;
  o.t = bitcast<f32>(bits) * g.tScale + g.tOffset;
  return o;
}

@fragment
fn fs(i: SurfaceOut) -> @location(0) vec4f {
  let n = normalize(i.normal);
  let toEye = select(u.eye.xyz, u.eye.xyz - i.world, u.eye.w > 0.5);
  let l = normalize(toEye);
  let diffuse = abs(dot(n, l));
  let base = lutColor(i.t);
  let shade = 0.35 + 0.65 * diffuse;
  let a = base.a;
  return vec4f(base.rgb * shade * a, a);
}

@vertex
fn vs_wire(@builtin(vertex_index) vi: u32) -> @builtin(position) vec4f {
  let segment = vi / 2u;
  let far = vi % 2u == 1u;
  // Lines along x first (lineRows of them, cellsX segments each), then lines along y.
  let alongX = g.lineRows * g.cellsX;
  // drawn indices of the segment's ends (wx, wy are multiples of kx, ky)
  var lc: u32;
  var lr: u32;
  var lc2: u32;
  var lr2: u32;
  if (segment < alongX) {
    let l = segment % g.cellsX;
    lr = min((segment / g.cellsX) * (g.wy / g.ky), g.cellsY);
    lr2 = lr;
    lc = l;
    lc2 = l + 1u;
  } else {
    let s = segment - alongX;
    let l = s % g.cellsY;
    lc = min((s / g.cellsY) * (g.wx / g.kx), g.cellsX);
    lc2 = lc;
    lr = l;
    lr2 = l + 1u;
  }
  let a = drawnBits(lc, lr);
  let b = drawnBits(lc2, lr2);
  if (!isFinite(a) || !isFinite(b)) {
    return offscreen();
  }
  let c = colAt(lc);
  let r = rowAt(lr);
  let c2 = colAt(lc2);
  let r2 = rowAt(lr2);
  let pc = select(c, c2, far);
  let pr = select(r, r2, far);
  let clip = u.vp * vec4f(xAt(pc), yAt(pr), boxZ(select(a, b, far)), 1.0);
  return vec4f(clip.xy, clip.z - u.params.x * clip.w, clip.w);
}

@fragment
fn fs_wire() -> @location(0) vec4f {
  return vec4f(u.color.rgb * u.color.a, u.color.a);
}
