// Dev helper: screenshots of views. node tests/e2e/shoot.mjs 'view=panda' out.png [width height wait_ms]
import { openPage } from './harness.mjs';
const [q, out, w = '1280', h = '720', wait = '3000', full = ''] = process.argv.slice(2);
const { page, errors, close } = await openPage(`/index.html?${q}`, { viewport: { width: +w, height: +h } });
await page.waitForTimeout(+wait);
await page.screenshot({ path: out, fullPage: !!full });
console.log(JSON.stringify(errors));
await close();
