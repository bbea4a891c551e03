// Small DOM helpers shared by the views.

/** Links the stylesheet `css/<name>.css` once, for a view that brings its own styles. */
export function useStylesheet(name) {
  if (document.querySelector(`link[data-view-css="${name}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL(`../css/${name}.css`, import.meta.url).href;
  link.dataset.viewCss = name;
  document.head.append(link);
}

/**
 * Gives a canvas as many pixels as its CSS box shows (CSS size × devicePixelRatio), from a
 * ResizeObserver entry. Returns true when the size changed (the canvas was cleared: redraw it).
 */
export function fitCanvas(entry) {
  const box = entry.devicePixelContentBoxSize?.[0];
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(box ? box.inlineSize : entry.contentRect.width * dpr);
  const h = Math.round(box ? box.blockSize : entry.contentRect.height * dpr);
  const c = entry.target;
  if (c.width === w && c.height === h) return false;
  c.width = w;
  c.height = h;
  return true;
}
