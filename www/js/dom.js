// Small DOM helpers shared by the views.

/**
 * Gives a canvas as many pixels as its CSS box shows (CSS size × devicePixelRatio). `target` is a
 * ResizeObserver entry (its exact device-pixel size is used when the browser reports one) or the
 * canvas itself (its layout size now). Returns true when the size changed: the canvas was
 * cleared, so redraw it. A canvas that is not laid out (hidden) gets 0 × 0: skip drawing it.
 */
export function fitCanvas(target) {
  const dpr = window.devicePixelRatio || 1;
  let c;
  let w;
  let h;
  if (target instanceof HTMLCanvasElement) {
    c = target;
    w = Math.round(c.clientWidth * dpr);
    h = Math.round(c.clientHeight * dpr);
  } else {
    const box = target.devicePixelContentBoxSize?.[0];
    c = target.target;
    w = Math.round(box ? box.inlineSize : target.contentRect.width * dpr);
    h = Math.round(box ? box.blockSize : target.contentRect.height * dpr);
  }
  if (c.width === w && c.height === h) return false;
  c.width = w;
  c.height = h;
  return true;
}
