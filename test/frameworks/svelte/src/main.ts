import { mount, unmount } from 'svelte';
import 'gpu-chart';
import type {} from 'gpu-chart/svelte';
import App from './App.svelte';
import type { FrameworkApp } from '../../shared';

const app = mount(App, { target: document.getElementById('app')! });
const api: FrameworkApp = {
  setType: (t) => (window as unknown as { __setType: (t: 'line' | 'candlestick') => void }).__setType(t),
  unmount: () => void unmount(app),
};
(window as unknown as { __app: FrameworkApp }).__app = api;
