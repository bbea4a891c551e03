// Shared checks of the classroom tests of the scale and softmax views (issue 11): canvases
// compared pixel for pixel, a view module's exports read in the page, PNG downloads measured,
// and presenter mode's type sizes.

/** A fingerprint of every canvas matching `selector` (size and all pixels), in DOM order. */
export function canvasPixels(page, selector) {
  return page.$$eval(selector, (canvases) => canvases.map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let h = 2166136261;
    let ink = 0;
    for (let i = 0; i < d.length; i++) {
      h = Math.imul(h ^ d[i], 16777619) >>> 0;
      if (i % 4 === 3 && d[i]) ink++;
    }
    return { id: c.id || `${c.dataset.param ?? c.dataset.twin}-${c.dataset.sampler ?? ''}-${c.dataset.log ?? ''}`, w: c.width, h: c.height, hash: h, ink };
  }));
}

/** Calls `fn` (an exported function's name) of the open view's module inside the page. */
export function viewExport(page, view, fn) {
  return page.evaluate(async ([view, fn]) => {
    const m = await import(`/js/views/${view}.js`);
    return JSON.parse(JSON.stringify(m[fn]()));
  }, [view, fn]);
}

/**
 * Clicks the PNG button of the figure holding `canvasSelector`; returns the downloaded image's
 * size, the shown canvas's CSS size and how many of its pixels are not blank (drawn in the page).
 */
export async function pngExport(page, canvasSelector) {
  const shown = await page.$eval(canvasSelector, (c) => {
    const r = c.getBoundingClientRect();
    return { width: r.width, height: r.height };
  });
  const button = page.locator(`figure:has(${canvasSelector}) [data-tool="png"]`).first();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  const png = Buffer.concat(chunks);
  const size = { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
  const inked = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = Object.assign(document.createElement('canvas'), { width: img.width, height: img.height });
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const first = [d[0], d[1], d[2], d[3]];
    let differs = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== first[0] || d[i + 1] !== first[1] || d[i + 2] !== first[2] || d[i + 3] !== first[3]) differs++;
    return differs;
  }, png.toString('base64'));
  return { name: download.suggestedFilename(), size, shown, inked };
}

/**
 * Presenter mode's type: the smallest font size of any visible text in the open view and the
 * lesson's words, the elements below `min` px, and whether the page scrolls sideways.
 */
export function presenterType(page, min) {
  return page.evaluate((min) => {
    // The view and the lesson's words (the lesson bar's buttons are the classroom's, not the view's).
    const roots = [document.querySelector('[role="tabpanel"]:not([hidden])'), document.querySelector('.lesson-bar .lesson-say')].filter(Boolean);
    const small = [];
    let smallest = Infinity;
    for (const root of roots) {
      const it = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let n = it.nextNode(); n; n = it.nextNode()) {
        const el = n.parentElement;
        if (!n.textContent.trim() || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
        if (el.closest('.visually-hidden, .chart-tools, .view-exports')) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        smallest = Math.min(smallest, size);
        if (size < min) small.push(`${el.tagName.toLowerCase()}.${el.className} "${n.textContent.trim().slice(0, 30)}" ${size}px`);
      }
    }
    return { smallest, small: small.slice(0, 10), sideways: document.documentElement.scrollWidth > window.innerWidth };
  }, min);
}
