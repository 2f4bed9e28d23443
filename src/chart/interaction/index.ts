/** Interaction and accessibility for charts, written against InteractionTarget. */
export {
  InteractionController,
  DEFAULT_INTERACTION_OPTIONS,
  type ChartInteractionTarget,
  type CrosshairMode,
  type InteractionOptions,
  type InteractionTargetExtras,
  type InteractionReports,
  type CrosshairReport,
} from './controller.js';
export { XAxis } from './x-axis.js';
export { FrameThrottle, requestFrame } from './frame-throttle.js';
export { SyncHub, pageSyncHub, type SyncMember } from './sync-hub.js';
export { createTooltip, hideTooltip } from './tooltip.js';
export { updateTooltip, dataTableRows, fillDataTable, type TooltipContent } from './readouts.js';
export {
  A11Y_TABLE_MAX_ROWS,
  CHART_ROLE,
  CHART_ROLE_DESCRIPTION,
  chartSummary,
  barAnnouncement,
  namedValues,
  createDataTable,
  createLiveRegion,
  makeVisuallyHidden,
  type DataTableRows,
  type A11yTextSource,
} from './a11y.js';
export { formatTime, formatValue, timeText, valueText, stepAt, type FormatOptions } from './format.js';
export { lowerBound, nearestIndex, indexRange } from './search.js';
export { clampRange, viewLimits, zoomAround, shift, timeAtX, xOfTime, sameRange, type TimeRange, type ViewLimits } from './view-math.js';
