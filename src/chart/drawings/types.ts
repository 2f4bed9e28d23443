/**
 * The drawing tools' names: all the element needs of drawings before the drawings chunk
 * (elements/chart/drawings-part.ts) has loaded (the `tools` attribute, `drawingTool`'s check).
 */
export const DRAWING_TYPES = [
  'trendline',
  'ray',
  'extended-line',
  'hline',
  'hray',
  'vline',
  'rectangle',
  'channel',
  'fib-retracement',
  'fib-extension',
  'text',
  'arrow',
  'price-range',
  'date-range',
] as const;

export type DrawingType = (typeof DRAWING_TYPES)[number];

export function isDrawingType(type: unknown): type is DrawingType {
  return typeof type === 'string' && (DRAWING_TYPES as readonly string[]).includes(type);
}
