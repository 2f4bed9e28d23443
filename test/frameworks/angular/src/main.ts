// Angular app (zoneless, standalone): the chart with property and event bindings. Angular checks
// templates strictly, but not the bindings of an element under CUSTOM_ELEMENTS_SCHEMA (Angular's
// own limit), so the handlers take the typed events from GlobalEventHandlersEventMap, which the
// package declares (no hand-written declarations here).
import { Component, CUSTOM_ELEMENTS_SCHEMA, provideZonelessChangeDetection, signal } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import 'gpu-chart';
import { makeData, record, type FrameworkApp } from '../../shared';

@Component({
  selector: 'app-root',
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  template: `<gpu-chart
    [type]="type()"
    [data]="data"
    pixel-ratio="1"
    time-zone="UTC"
    legend="off"
    kinetic="false"
    style="display: block; width: 480px; height: 300px; --gpu-chart-series-1: #d02090; --gpu-chart-up: #d02090; --gpu-chart-down: #d02090"
    (gpu-ready)="ready($event)"
    (gpu-range)="range($event)"
    (gpu-crosshair)="crosshair($event)"
    (gpu-error)="error($event)"
  ></gpu-chart>`,
})
class App {
  readonly type = signal<'line' | 'candlestick'>('line');
  readonly data = makeData();
  constructor() {
    (window as unknown as { __setType: (t: 'line' | 'candlestick') => void }).__setType = (t) => this.type.set(t);
  }
  ready(e: GlobalEventHandlersEventMap['gpu-ready']) {
    record('gpu-ready', e.detail.adapter.vendor);
  }
  range(e: GlobalEventHandlersEventMap['gpu-range']) {
    record('gpu-range', e.detail.to - e.detail.from);
  }
  crosshair(e: GlobalEventHandlersEventMap['gpu-crosshair']) {
    record('gpu-crosshair', e.detail?.index ?? null);
  }
  error(e: GlobalEventHandlersEventMap['gpu-error']) {
    record('gpu-error', e.detail.message);
  }
}

const appRef = await bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] });
const api: FrameworkApp = {
  setType: (t) => (window as unknown as { __setType: (t: 'line' | 'candlestick') => void }).__setType(t),
  unmount: () => appRef.destroy(),
};
(window as unknown as { __app: FrameworkApp }).__app = api;
