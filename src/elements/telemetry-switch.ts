/**
 * Telemetry for every element of the page (`GpuChart.telemetry = true`), read by charts and
 * data sources alike; each element's own `telemetry` attribute turns it on for that element.
 */
export const pageTelemetry = { on: false };
