/** Reads a table's GPU copy back and compares it with the rows it was made from. */
import type { TableGpu } from '../../src/chart/gpu-columns.js';
import type { ColumnTable } from '../../src/data/table.js';

export async function readFloats(device: GPUDevice, buffer: GPUBuffer, count: number): Promise<Float32Array> {
  const bytes = count * 4;
  const staging = device.createBuffer({ size: Math.ceil(bytes / 4) * 4, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const enc = device.createCommandEncoder();
  enc.copyBufferToBuffer(buffer, 0, staging, 0, staging.size);
  device.queue.submit([enc.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.unmap();
  staging.destroy();
  return out;
}

/**
 * Uploads every row of `column` (rows go up when a draw first reads them; a dense line reads
 * none), reads time and values back and throws at the first row that differs from the table's
 * float32 offsets. Returns the number of rows compared.
 */
export async function expectGpuRowsMatch(device: GPUDevice, tg: TableGpu, table: ColumnTable, column: string, label: string): Promise<number> {
  const n = table.length;
  const offset = table.offset;
  const col = tg.value(column)!;
  tg.time.ensureRows(offset, offset + n - 1);
  col.ensureRows(offset, offset + n - 1);
  const xs = await readFloats(device, tg.time.xs.buffer, offset + n);
  const ys = await readFloats(device, col.ys.buffer, offset + n);
  const t = table.time;
  const v = table.column(column)!;
  for (let i = 0; i < n; i++) {
    const g = offset + i;
    const expectX = Math.fround(t[i] - tg.time.blockOrigins[g >> 10]);
    const expectY = Math.fround(v[i] - col.origin);
    if (xs[g] !== expectX || ys[g] !== expectY) throw new Error(`${label}: row ${i} GPU (${xs[g]}, ${ys[g]}) CPU (${expectX}, ${expectY})`);
  }
  return n;
}
