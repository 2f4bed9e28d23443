/** Axis tick generation: value (linear, log) and time (zoned, category) scales. */
export { niceValueTicks, logValueTicks, formatValue, formatCompact, type ValueTicks } from './value-ticks.js';
export {
  timeTicks,
  timeTickStep,
  DEFAULT_MIN_SPACING_PX,
  type TimeTick,
  type TimeTickLevel,
  type TimeTickOptions,
  type TimeStep,
} from './time-ticks.js';
export { categoryTicks, type CategoryTick } from './category-ticks.js';
export { formatTimeLabel } from './time-labels.js';
