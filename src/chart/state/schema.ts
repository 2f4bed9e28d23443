/**
 * The chart configuration's JSON Schema (draft 2020-12). It ships as `config.schema.json`
 * (written from this object by `npm run build`; a Node test keeps the two equal) and is what
 * `validateConfig` checks a config against, so the schema users read is the one enforced.
 */

import { CONFIG_VERSION } from './version.js';

export { CONFIG_VERSION };

const color = { type: 'string', format: 'css-color', maxLength: 200 } as const;
const finite = { type: 'number' } as const;

export const CONFIG_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://gpu-chart.dev/config.schema.json',
  title: 'gpu-chart configuration',
  description: 'Everything a user can set on a <gpu-chart>: chart.config, the config slot, config-src, persistence and messages.',
  type: 'object',
  properties: {
    version: { type: 'integer', minimum: 1, maximum: CONFIG_VERSION, description: 'Format version; older versions are migrated.' },
    type: { type: 'string', maxLength: 100, description: 'The default series type (`candlestick`, `line`, …, or `none`).' },
    series: {
      type: 'array',
      maxItems: 200,
      description: 'Further series (SeriesSpec objects; 3D series with their columns as arrays of numbers, null for a missing value).',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { type: 'string', maxLength: 100 },
          title: { type: 'string', maxLength: 200 },
          color,
          upColor: color,
          downColor: color,
          topColor: color,
          bottomColor: color,
          width: { type: 'number', minimum: 0, maximum: 50 },
          pane: { type: 'string', maxLength: 100 },
          scale: { enum: ['right', 'left'] },
        },
      },
    },
    panes: {
      type: 'array',
      maxItems: 50,
      description: 'Pane heights (relative), fixed ranges and guide lines.',
      items: {
        type: 'object',
        required: ['id'],
        additionalProperties: false,
        properties: {
          id: { type: 'string', maxLength: 100 },
          height: { type: 'number', exclusiveMinimum: 0, maximum: 1000 },
          range: { type: 'array', items: finite, minItems: 2, maxItems: 2 },
          guides: { type: 'array', items: finite, maxItems: 50 },
        },
      },
    },
    valueScale: { enum: ['linear', 'log', 'percent'] },
    valueAxis: { enum: ['right', 'left', 'both'] },
    timeScale: { enum: ['time', 'category'] },
    theme: { enum: ['light', 'dark'] },
    colors: {
      type: 'object',
      additionalProperties: false,
      description: 'Colours over the theme (CSS colours).',
      properties: {
        background: color,
        text: color,
        grid: color,
        axis: color,
        up: color,
        down: color,
        series: { type: 'array', items: color, maxItems: 8 },
      },
    },
    timeZone: { type: ['string', 'null'], maxLength: 100 },
    locale: { type: ['string', 'null'], maxLength: 100 },
    crosshair: { enum: ['normal', 'magnet', 'hidden'] },
    tooltip: { type: 'boolean' },
    legend: { enum: ['on', 'off'] },
    indicators: {
      type: 'array',
      maxItems: 100,
      description: '<gpu-indicator> children: the type and its attributes (period, pane, color, …).',
      items: {
        type: 'object',
        required: ['type'],
        properties: { type: { type: 'string', maxLength: 50 } },
        additionalProperties: { type: ['string', 'number', 'boolean'], maxLength: 500 },
      },
    },
    drawings: {
      type: 'array',
      maxItems: 5000,
      description: 'Drawings (docs/drawings.md); each is checked in full when applied.',
      items: {
        type: 'object',
        required: ['type', 'anchors'],
        properties: {
          id: { type: 'string', maxLength: 200 },
          type: { type: 'string', maxLength: 50 },
          anchors: { type: 'array', maxItems: 3, items: { type: 'object', required: ['time', 'value'], properties: { time: finite, value: finite } } },
        },
      },
    },
    camera: {
      type: ['object', 'null'],
      description: '3D charts: the orbit camera (degrees; distance in box units; target in data coordinates), or null (a 2D chart, or not drawn yet).',
      additionalProperties: false,
      properties: {
        azimuth: finite,
        elevation: { type: 'number', minimum: -89, maximum: 89 },
        distance: { type: 'number', minimum: 0.4, maximum: 60 },
        target: { type: 'array', items: finite, minItems: 3, maxItems: 3 },
      },
    },
    projection: { enum: ['perspective', 'orthographic'], description: '3D charts: the camera projection.' },
    visibleRange: {
      type: ['object', 'null'],
      description: 'The visible time range in ms, or null to show all data and follow it.',
      required: ['from', 'to'],
      additionalProperties: false,
      properties: { from: finite, to: finite },
    },
  },
  additionalProperties: false,
} as const;

/** Parts of a config, for `persist-parts`, cross-tab sync and `gpu-config` events. */
export const CONFIG_PARTS = {
  type: ['type'],
  series: ['series'],
  panes: ['panes'],
  scales: ['valueScale', 'valueAxis', 'timeScale'],
  theme: ['theme', 'colors'],
  locale: ['timeZone', 'locale'],
  interaction: ['crosshair', 'tooltip', 'legend'],
  indicators: ['indicators'],
  drawings: ['drawings'],
  range: ['visibleRange'],
  camera: ['camera', 'projection'],
} as const;

export type ConfigPart = keyof typeof CONFIG_PARTS;
export const ALL_PARTS = Object.keys(CONFIG_PARTS) as ConfigPart[];
