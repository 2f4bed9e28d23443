/** Public types of the indicator library (re-exported by index.ts). */

/** Input columns, all aligned with `time` (milliseconds since the Unix epoch, UTC). */
export type IndicatorInputs = {
  time: Float64Array;
  open?: Float64Array;
  high?: Float64Array;
  low?: Float64Array;
  close?: Float64Array;
  volume?: Float64Array;
  [col: string]: Float64Array | undefined;
};

export type IndicatorParams = Record<string, number | string>;

/** One Float64Array per output, aligned with the input rows, NaN where undefined. */
export interface IndicatorOutput {
  [name: string]: Float64Array;
}

/**
 * How an output is drawn: `trend` is a line coloured by the `direction` output (up/down, no
 * join where it flips); `volume` columns are coloured by their candle (close ≥ open).
 */
export type OutputStyle = 'line' | 'dots' | 'histogram' | 'band-upper' | 'band-lower' | 'cloud-a' | 'cloud-b' | 'trend' | 'volume';

/** What a chart needs to know to draw an indicator. */
export interface IndicatorSpec {
  type: string;
  /** Display name. */
  name: string;
  outputs: string[];
  defaults: IndicatorParams;
  /** Drawn over the price series, or in a pane of its own. */
  placement: 'overlay' | 'pane';
  /** Input columns read ('source' stands for the column named by the `source` param). */
  needs: string[];
  styles: Record<string, OutputStyle>;
  /** Customary horizontal guide lines. */
  guides?: number[];
  /** Fixed value scale, where customary. */
  range?: [number, number];
  /** Outputs that carry data for styling rather than a series to plot (Supertrend's direction). */
  auxiliary?: string[];
}

export interface LiveIndicator {
  readonly outputs: IndicatorOutput;
  readonly length: number;
  reset(inputs: IndicatorInputs): void;
  /** inputs grew and/or its last row changed; computes only what is new; returns the first changed index */
  update(inputs: IndicatorInputs, updatedLast: boolean): number;
}
