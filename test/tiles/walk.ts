/**
 * The 1M-row walk that scripts/tiles-middleware.mjs serves as tiles (/tiles/walk/m4), made here
 * in the browser by the same integer formula (so both hold exactly the same rows).
 */
export const WALK_ROWS = 1_000_000;
export const WALK_T0 = 1_704_067_200_000;

export function makeWalk(): { time: Float64Array; value: Float64Array } {
  const time = new Float64Array(WALK_ROWS);
  const value = new Float64Array(WALK_ROWS);
  let sum = 0;
  for (let i = 0; i < WALK_ROWS; i++) {
    time[i] = WALK_T0 + i * 1000 + ((i * 7919) % 500);
    sum += ((i * 2654435761) % 4294967296) % 201 - 100;
    value[i] = sum;
  }
  return { time, value };
}

/** The walk with gaps, as scripts/tiles-middleware.mjs serves it (`gappy`): two NaN rows every 997, and 500 from row 600 000. */
export function makeGappyWalk(): { time: Float64Array; value: Float64Array } {
  const walk = makeWalk();
  for (let i = 0; i < WALK_ROWS; i++) if (i % 997 < 2 || (i >= 600_000 && i < 600_500)) walk.value[i] = NaN;
  return walk;
}
