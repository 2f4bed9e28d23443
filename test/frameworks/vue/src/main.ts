import { createApp } from 'vue';
import 'gpu-chart';
import type {} from 'gpu-chart/vue';
import App from './App.vue';
import type { FrameworkApp } from '../../shared';

const app = createApp(App);
app.mount('#app');
const api: FrameworkApp = {
  setType: (t) => (window as unknown as { __setType: (t: 'line' | 'candlestick') => void }).__setType(t),
  unmount: () => app.unmount(),
};
(window as unknown as { __app: FrameworkApp }).__app = api;
