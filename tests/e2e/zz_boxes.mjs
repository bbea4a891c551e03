import { openPage } from './harness.mjs';
const [q, wait = '3000', ...sels] = process.argv.slice(2);
const { page, errors, close } = await openPage(`/index.html?${q}`, { viewport: { width: 1280, height: 720 } });
await page.waitForTimeout(+wait);
const out = await page.evaluate((sels) => sels.map((s) => { const e = document.querySelector(s); if (!e) return [s, null]; const r = e.getBoundingClientRect(); return [s, Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height), getComputedStyle(e).fontSize]; }), sels);
for (const o of out) console.log(JSON.stringify(o));
console.log('scrollY', await page.evaluate(() => [window.scrollY, document.documentElement.scrollHeight]));
console.log(JSON.stringify(errors));
await close();
