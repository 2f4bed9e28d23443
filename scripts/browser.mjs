// Finds a Chromium for the tests and the bench, and the flags WebGPU needs on SwiftShader.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

/** Flags without which WebGPU canvas presentation fails on SwiftShader (see DEVELOPERS.md). */
const SWIFTSHADER_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--enable-unsafe-webgpu',
  '--ignore-gpu-blocklist',
  '--enable-gpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
];

/**
 * The browser's WebGPU flags: GPU_CHART_BROWSER_FLAGS (space-separated) when set — a machine with
 * a real GPU (../shared/gpu/ sets the Vulkan flags that reach it) — else the SwiftShader ones.
 */
export const WEBGPU_FLAGS = process.env.GPU_CHART_BROWSER_FLAGS?.trim() ? process.env.GPU_CHART_BROWSER_FLAGS.trim().split(/\s+/) : SWIFTSHADER_FLAGS;

function which(name) {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function isDebianLike() {
  try {
    const os = readFileSync('/etc/os-release', 'utf8');
    return /ID(_LIKE)?=.*(debian|ubuntu)/.test(os);
  } catch {
    return false;
  }
}

/** Returns a Chromium path: CHROME_PATH, then chromium, google-chrome; installs Debian's chromium as root. */
export function findBrowser({ install = true } = {}) {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, but no file is there.`);
  }
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const found = which(name);
    if (found) return found;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (install && isRoot && isDebianLike() && which('apt-get')) {
    console.log('[gpu-chart] No Chromium found: installing Debian\'s chromium with apt-get …');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const found = which('chromium');
    if (found) return found;
  }
  throw new Error(
    'No Chromium or Chrome found. Install one (Debian/Ubuntu: `sudo apt-get install chromium`; ' +
      'elsewhere: install Google Chrome) or set CHROME_PATH to its executable.',
  );
}
