//! Text-free RGBA rasters: decision fields with their data points, and score landscapes with
//! the trials of a search. Pure Rust, no plotters, the same on every target: the page puts the
//! buffers on a canvas with `ImageData`.
//!
//! Every buffer is `width × height` pixels, row-major from the top-left, 4 bytes per pixel
//! (R, G, B, A), fully opaque where painted. Pixel (i, j) covers [i, i + 1) × [j, j + 1), so
//! its centre is (i + ½, j + ½).
//!
//! Two coordinate systems are used:
//! - the **input plane** [−extent, extent]²: x₀ = −extent at the left edge, x₀ = +extent at the
//!   right edge, x₁ = +extent at the top edge (the same orientation as [`Field`]: row 0 is the
//!   top, column 0 the left). Pixel centre of (x₀, x₁):
//!   `px = (x₀ + e)/(2e)·width`, `py = (e − x₁)/(2e)·height`;
//! - **unit coordinates** [0, 1]² of a search space, y up: `px = u·width`, `py = (1 − v)·height`.

use super::palette::{self, Rgb};
use crate::data::{Dataset, Points};
use crate::train::{Field, PLANE_EXTENT};

/// At full confidence a decision field shows this share of the class colour over
/// [`palette::NEUTRAL`]; the rest is kept light so the data points stand out.
pub const FIELD_STRENGTH: f32 = 0.6;

/// The colour of a two-class decision field where P(class 1) = `p`.
///
/// With t = 2p − 1 ∈ [−1, 1] (−1: surely class 0, 0: unsure, 1: surely class 1):
/// `colour = NEUTRAL + (class(t) − NEUTRAL) · FIELD_STRENGTH · |t|`, where class(t) is
/// [`palette::CLASS0`] for t < 0 and [`palette::CLASS1`] for t > 0. So p = ½ is the near-white
/// neutral, and the lightness of a pixel shows how confident the network is there. A NaN `p`
/// is drawn in [`palette::DIVERGED`].
pub fn two_class_colour(p: f32) -> Rgb {
    if p.is_nan() {
        return palette::DIVERGED;
    }
    let t = (2.0 * p - 1.0).clamp(-1.0, 1.0);
    let class = if t < 0.0 {
        palette::CLASS0
    } else {
        palette::CLASS1
    };
    palette::mix(palette::NEUTRAL, class, FIELD_STRENGTH * t.abs())
}

/// The colour of a C-class decision field with class probabilities `probs`.
///
/// The probabilities are normalized to sum 1; their weighted class colour
/// `m = Σₖ pₖ · class(k)` is faded towards [`palette::NEUTRAL`] by the confidence
/// `c = (max pₖ − 1/C) / (1 − 1/C)` ∈ [0, 1] (0 when all classes are equally likely, 1 when one
/// is certain): `colour = NEUTRAL + (m − NEUTRAL) · FIELD_STRENGTH · c`. For C = 2 this agrees
/// with [`two_class_colour`] wherever one class is certain or both are equally likely.
/// Non-finite or all-zero probabilities are drawn in [`palette::DIVERGED`] and the neutral
/// colour respectively.
pub fn class_mix_colour(probs: &[f32]) -> Rgb {
    let c = probs.len();
    if c == 0 {
        return palette::NEUTRAL;
    }
    if probs.iter().any(|p| !p.is_finite()) {
        return palette::DIVERGED;
    }
    let sum: f32 = probs.iter().map(|p| p.max(0.0)).sum();
    if sum <= 0.0 {
        return palette::NEUTRAL;
    }
    let mut m = [0f32; 3];
    let mut max = 0f32;
    for (k, &p) in probs.iter().enumerate() {
        let p = p.max(0.0) / sum;
        max = max.max(p);
        let col = palette::class_colour(k);
        for ch in 0..3 {
            m[ch] += p * col[ch] as f32;
        }
    }
    let uniform = 1.0 / c as f32;
    let confidence = if c == 1 {
        1.0
    } else {
        ((max - uniform) / (1.0 - uniform)).clamp(0.0, 1.0)
    };
    let m = [m[0].round() as u8, m[1].round() as u8, m[2].round() as u8];
    palette::mix(palette::NEUTRAL, m, FIELD_STRENGTH * confidence)
}

/// Bilinear sampling positions along one axis: for each of `pixels` output pixels, the two
/// neighbouring cells of `n` (cell centres at (i + ½)/n) and the weight of the second.
/// Beyond the outermost cell centres the edge cell is repeated.
fn bilinear_axis(pixels: usize, n: usize) -> Vec<(usize, usize, f32)> {
    (0..pixels)
        .map(|p| {
            let u = (p as f32 + 0.5) / pixels as f32 * n as f32 - 0.5;
            if u <= 0.0 {
                (0, 0, 0.0)
            } else if u >= (n - 1) as f32 {
                (n - 1, n - 1, 0.0)
            } else {
                let i = u.floor() as usize;
                (i, i + 1, u - i as f32)
            }
        })
        .collect()
}

/// Writes an opaque colour at pixel index `i` (in pixels) of an RGBA buffer.
fn put(rgba: &mut [u8], i: usize, c: Rgb) {
    rgba[4 * i..4 * i + 4].copy_from_slice(&[c[0], c[1], c[2], 255]);
}

/// The decision field drawn as a `width × height` RGBA image of the input plane
/// [−extent, extent]² (`field.extent`), row 0 at the top.
///
/// The field's n × n cell values are resampled bilinearly (cell centres at
/// `cell_centre(i, n, extent)`, edge cells repeated beyond the outermost centres) — the
/// probabilities are interpolated, then coloured: by [`two_class_colour`] of P(class 1) for two
/// classes, by [`class_mix_colour`] of the C probabilities otherwise. A field with no cells or
/// too few values is drawn in the neutral colour.
pub fn field_rgba(field: &Field, width: usize, height: usize) -> Vec<u8> {
    let mut out = vec![0u8; width * height * 4];
    let n = field.n;
    let per_cell = if field.classes <= 2 { 1 } else { field.classes };
    if n == 0 || field.values.len() < n * n * per_cell {
        for i in 0..width * height {
            put(&mut out, i, palette::NEUTRAL);
        }
        return out;
    }
    let cols = bilinear_axis(width, n);
    let rows = bilinear_axis(height, n);
    let v = &field.values;
    let sample = |r0: usize, r1: usize, fy: f32, c0: usize, c1: usize, fx: f32, k: usize| {
        let at = |r: usize, c: usize| v[(r * n + c) * per_cell + k];
        let top = at(r0, c0) * (1.0 - fx) + at(r0, c1) * fx;
        let bottom = at(r1, c0) * (1.0 - fx) + at(r1, c1) * fx;
        top * (1.0 - fy) + bottom * fy
    };
    let mut probs = vec![0f32; per_cell];
    for (y, &(r0, r1, fy)) in rows.iter().enumerate() {
        for (x, &(c0, c1, fx)) in cols.iter().enumerate() {
            let colour = if per_cell == 1 {
                two_class_colour(sample(r0, r1, fy, c0, c1, fx, 0))
            } else {
                for (k, p) in probs.iter_mut().enumerate() {
                    *p = sample(r0, r1, fy, c0, c1, fx, k);
                }
                class_mix_colour(&probs)
            };
            put(&mut out, y * width + x, colour);
        }
    }
    out
}

/// How data points are drawn on a decision field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointStyle {
    /// Training points: a disc in the class colour with a white outline.
    Train,
    /// Validation points: a disc in the class colour with a dark ([`palette::INK`]) outline.
    Valid,
}

/// Radius in pixels of a data point on a canvas `width` pixels wide: `max(2, width/100)`.
pub fn point_radius(width: usize) -> f32 {
    (width as f32 / 100.0).max(2.0)
}

/// Composites `colour` with opacity `alpha` ∈ [0, 1] over pixel `i` ("over" operator; the
/// result is opaque where the buffer was).
fn blend(rgba: &mut [u8], i: usize, colour: Rgb, alpha: f32) {
    if alpha <= 0.0 {
        return;
    }
    let px = &mut rgba[4 * i..4 * i + 4];
    let a = alpha.min(1.0);
    let dst_a = px[3] as f32 / 255.0;
    let out_a = a + dst_a * (1.0 - a);
    for ch in 0..3 {
        let v = (colour[ch] as f32 * a + px[ch] as f32 * dst_a * (1.0 - a)) / out_a;
        px[ch] = v.round().clamp(0.0, 255.0) as u8;
    }
    px[3] = (out_a * 255.0).round() as u8;
}

/// A paintable view of an RGBA buffer (rows beyond the buffer's length are ignored).
struct Canvas<'a> {
    rgba: &'a mut [u8],
    width: usize,
    height: usize,
}

impl<'a> Canvas<'a> {
    fn new(rgba: &'a mut [u8], width: usize, height: usize) -> Option<Canvas<'a>> {
        if width == 0 {
            return None;
        }
        let height = height.min(rgba.len() / 4 / width);
        (height > 0).then_some(Canvas {
            rgba,
            width,
            height,
        })
    }

    /// Paints `colour` over the pixels within `reach` of (cx, cy), each with the opacity
    /// `coverage(x, y)` returns for its centre (x, y).
    fn paint(
        &mut self,
        cx: f32,
        cy: f32,
        reach: f32,
        colour: Rgb,
        coverage: impl Fn(f32, f32) -> f32,
    ) {
        if !(cx.is_finite() && cy.is_finite()) {
            return;
        }
        let x0 = (cx - reach - 1.0).floor().max(0.0) as usize;
        let y0 = (cy - reach - 1.0).floor().max(0.0) as usize;
        let x1 = ((cx + reach + 1.0).ceil().max(0.0) as usize).min(self.width);
        let y1 = ((cy + reach + 1.0).ceil().max(0.0) as usize).min(self.height);
        for y in y0..y1 {
            for x in x0..x1 {
                let a = coverage(x as f32 + 0.5, y as f32 + 0.5);
                if a > 0.0 {
                    blend(self.rgba, y * self.width + x, colour, a);
                }
            }
        }
    }

    /// An anti-aliased disc of radius `r` (coverage ≈ clamp(r − d + ½, 0, 1) at distance d).
    fn disc(&mut self, cx: f32, cy: f32, r: f32, colour: Rgb) {
        self.paint(cx, cy, r, colour, |x, y| {
            let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
            (r - d + 0.5).clamp(0.0, 1.0)
        });
    }

    /// A disc of radius `r` in `fill` inside a ring `ring` pixels wide in `outline`.
    fn outlined_disc(&mut self, cx: f32, cy: f32, r: f32, ring: f32, fill: Rgb, outline: Rgb) {
        self.disc(cx, cy, r + ring, outline);
        self.disc(cx, cy, r, fill);
    }

    /// An anti-aliased thick segment from a to b, `half` pixels either side.
    fn segment(&mut self, a: (f32, f32), b: (f32, f32), half: f32, colour: Rgb) {
        let (cx, cy) = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        let reach = ((b.0 - a.0).hypot(b.1 - a.1)) / 2.0 + half;
        let (dx, dy) = (b.0 - a.0, b.1 - a.1);
        let len2 = (dx * dx + dy * dy).max(1e-12);
        self.paint(cx, cy, reach, colour, |x, y| {
            let t = (((x - a.0) * dx + (y - a.1) * dy) / len2).clamp(0.0, 1.0);
            let d = (x - a.0 - t * dx).hypot(y - a.1 - t * dy);
            (half - d + 0.5).clamp(0.0, 1.0)
        });
    }

    /// A filled polygon (even-odd rule), anti-aliased by 4 × 4 supersampling.
    fn polygon(&mut self, vertices: &[(f32, f32)], colour: Rgb) {
        let n = vertices.len() as f32;
        let cx = vertices.iter().map(|v| v.0).sum::<f32>() / n;
        let cy = vertices.iter().map(|v| v.1).sum::<f32>() / n;
        let reach = vertices
            .iter()
            .map(|v| (v.0 - cx).hypot(v.1 - cy))
            .fold(0.0, f32::max);
        self.paint(cx, cy, reach, colour, |x, y| {
            let mut hits = 0;
            for sy in 0..4 {
                for sx in 0..4 {
                    let px = x - 0.5 + (sx as f32 + 0.5) / 4.0;
                    let py = y - 0.5 + (sy as f32 + 0.5) / 4.0;
                    if inside(vertices, px, py) {
                        hits += 1;
                    }
                }
            }
            hits as f32 / 16.0
        });
    }
}

/// Even-odd point-in-polygon test.
fn inside(v: &[(f32, f32)], x: f32, y: f32) -> bool {
    let mut odd = false;
    let mut j = v.len() - 1;
    for i in 0..v.len() {
        let (xi, yi) = v[i];
        let (xj, yj) = v[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            odd = !odd;
        }
        j = i;
    }
    odd
}

/// The decision field of a run with its training points (filled, white outline) and validation
/// points (dark outline) on top: what every view shows of a network, `width × height` RGBA.
pub fn field_with_points(field: &Field, data: &Dataset, width: usize, height: usize) -> Vec<u8> {
    let mut rgba = field_rgba(field, width, height);
    for (points, style) in [
        (&data.train, PointStyle::Train),
        (&data.valid, PointStyle::Valid),
    ] {
        draw_points(&mut rgba, width, height, PLANE_EXTENT, points, style);
    }
    rgba
}

/// Draws labelled points over an RGBA image of the input plane [−extent, extent]² (use
/// [`crate::train::PLANE_EXTENT`], the extent decision fields are computed over).
///
/// Point (x₀, x₁) is centred at pixel `((x₀ + e)/(2e)·width, (e − x₁)/(2e)·height)`, drawn as an
/// anti-aliased disc of radius [`point_radius`] in its class colour ([`palette::class_colour`])
/// with an outline `max(1, r/3)` pixels wide: white for [`PointStyle::Train`], dark for
/// [`PointStyle::Valid`]. Points outside the plane are clipped; a buffer shorter than
/// `width × height × 4` is drawn as far as it goes.
pub fn draw_points(
    rgba: &mut [u8],
    width: usize,
    height: usize,
    extent: f32,
    points: &Points,
    style: PointStyle,
) {
    let Some(mut canvas) = Canvas::new(rgba, width, height) else {
        return;
    };
    if !(extent.is_finite() && extent > 0.0) {
        return;
    }
    let r = point_radius(width);
    let ring = (r / 3.0).max(1.0);
    let outline = match style {
        PointStyle::Train => palette::WHITE,
        PointStyle::Valid => palette::INK,
    };
    let n = points.len().min(points.x.len() / 2);
    for i in 0..n {
        let [x0, x1] = points.point(i);
        let px = (x0 + extent) / (2.0 * extent) * width as f32;
        let py = (extent - x1) / (2.0 * extent) * height as f32;
        let fill = palette::class_colour(points.y[i] as usize);
        canvas.outlined_disc(px, py, r, ring, fill, outline);
    }
}

/// One cell of a score landscape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell {
    /// A measured score (lower is better).
    Value(f64),
    /// Training diverged (or the point failed): drawn as the diverged hatch.
    Diverged,
    /// Not evaluated yet: drawn in [`palette::PENDING`].
    Pending,
}

/// Which row of a landscape's values comes first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowOrigin {
    /// Row 0 is the top row of the image.
    Top,
    /// Row 0 is the bottom row (y up, as `search::Landscape` stores cells: index `iy·n + ix`).
    Bottom,
}

/// Where a score falls in `range`, 0 (low, best) to 1 (high, worst), clamped.
///
/// Linear: `t = (v − lo)/(hi − lo)`; log: `t = (ln v − ln lo)/(ln hi − ln lo)` with values
/// floored at the smallest positive f64. A degenerate range (hi ≤ lo or non-finite) gives ½.
pub fn score_position(v: f64, range: (f64, f64), log: bool) -> f64 {
    let (mut lo, mut hi, mut v) = (range.0, range.1, v);
    if log {
        let ln = |x: f64| x.max(f64::MIN_POSITIVE).ln();
        (lo, hi, v) = (ln(lo), ln(hi), ln(v));
    }
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return 0.5;
    }
    ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
}

/// The colour of a score: `viridis(1 − t)` with t = [`score_position`], so lower (better)
/// scores are brighter (yellow) and the worst are dark purple; a non-finite score is
/// [`palette::DIVERGED`].
pub fn score_colour(v: f64, range: (f64, f64), log: bool) -> Rgb {
    if !v.is_finite() {
        return palette::DIVERGED;
    }
    palette::viridis(1.0 - score_position(v, range, log))
}

/// The smallest and largest finite values (positive values only when `log`), if any.
pub fn finite_range(values: &[f64], log: bool) -> Option<(f64, f64)> {
    values
        .iter()
        .copied()
        .filter(|v| v.is_finite() && (!log || *v > 0.0))
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

/// Period in pixels of the diverged hatch on a canvas `width` pixels wide.
fn hatch_period(width: usize) -> usize {
    (width / 50).max(6)
}

/// An n × n landscape of cells drawn as a `width × height` RGBA image, with **nearest**
/// sampling: each cell is a flat square, because each cell is one measured run and blending
/// neighbours would invent scores (and has no meaning next to a diverged cell).
///
/// Pixel (i, j) shows column `⌊(i + ½)/width · n⌋` and, for [`RowOrigin::Top`], row
/// `⌊(j + ½)/height · n⌋` (for [`RowOrigin::Bottom`] the rows are counted from the bottom).
/// Scores are coloured by [`score_colour`] over `range` (linear or `log`), diverged cells with
/// [`palette::diverged_hatch`], pending cells in [`palette::PENDING`]. Missing cells (fewer
/// than n² given) are pending.
pub fn cells_rgba(
    cells: &[Cell],
    n: usize,
    width: usize,
    height: usize,
    range: (f64, f64),
    log: bool,
    origin: RowOrigin,
) -> Vec<u8> {
    let mut out = vec![0u8; width * height * 4];
    let period = hatch_period(width);
    let col_of: Vec<usize> = (0..width)
        .map(|x| ((((x as f64 + 0.5) / width as f64) * n as f64) as usize).min(n.saturating_sub(1)))
        .collect();
    for y in 0..height {
        let mut row =
            ((((y as f64 + 0.5) / height as f64) * n as f64) as usize).min(n.saturating_sub(1));
        if origin == RowOrigin::Bottom {
            row = n.saturating_sub(1) - row;
        }
        for (x, &col) in col_of.iter().enumerate() {
            let cell = if n == 0 {
                Cell::Pending
            } else {
                cells.get(row * n + col).copied().unwrap_or(Cell::Pending)
            };
            let colour = match cell {
                Cell::Value(v) if v.is_finite() => score_colour(v, range, log),
                Cell::Value(_) | Cell::Diverged => palette::diverged_hatch(x, y, period),
                Cell::Pending => palette::PENDING,
            };
            put(&mut out, y * width + x, colour);
        }
    }
    out
}

/// An n × n landscape of scores (`values[row·n + col]`, row 0 at the top) as a
/// `width × height` RGBA image: [`cells_rgba`] with every finite value a score and every NaN or
/// infinite value a diverged cell (the diverged hatch). Lower scores are brighter.
pub fn values_rgba(
    values: &[f64],
    n: usize,
    width: usize,
    height: usize,
    range: (f64, f64),
    log: bool,
) -> Vec<u8> {
    let cells: Vec<Cell> = values
        .iter()
        .map(|&v| {
            if v.is_finite() {
                Cell::Value(v)
            } else {
                Cell::Diverged
            }
        })
        .collect();
    cells_rgba(&cells, n, width, height, range, log, RowOrigin::Top)
}

/// How search trials are marked on a landscape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerStyle {
    /// A tried point: a small white disc with a dark outline.
    Trial,
    /// The best trial: a dark five-pointed star with a white outline, about twice as large.
    Best,
    /// A trial that diverged or failed: a white × with a dark outline.
    Failed,
}

/// Radius in pixels of a trial marker on a canvas `width` pixels wide: `max(2.5, width/80)`.
pub fn marker_radius(width: usize) -> f32 {
    (width as f32 / 80.0).max(2.5)
}

/// Marks points given in unit coordinates (u, v) ∈ [0, 1]², v up, on an RGBA image of a
/// landscape: pixel centre `(u·width, (1 − v)·height)`. Radius [`marker_radius`]; see
/// [`MarkerStyle`] for the shapes. Non-finite points are skipped; markers are clipped at the
/// edges.
pub fn draw_markers(
    rgba: &mut [u8],
    width: usize,
    height: usize,
    points: &[(f32, f32)],
    style: MarkerStyle,
) {
    let Some(mut canvas) = Canvas::new(rgba, width, height) else {
        return;
    };
    let r = marker_radius(width);
    let ring = (r / 3.0).max(1.0);
    for &(u, v) in points {
        let (cx, cy) = (u * width as f32, (1.0 - v) * height as f32);
        if !(cx.is_finite() && cy.is_finite()) {
            continue;
        }
        match style {
            MarkerStyle::Trial => {
                canvas.outlined_disc(cx, cy, r, ring, palette::WHITE, palette::INK)
            }
            MarkerStyle::Best => {
                let outer = 2.2 * r;
                canvas.polygon(&star(cx, cy, outer + 1.6 * ring), palette::WHITE);
                canvas.polygon(&star(cx, cy, outer), [0x22, 0x22, 0x22]);
            }
            MarkerStyle::Failed => {
                let k = r * 0.9;
                let arms = [
                    ((cx - k, cy - k), (cx + k, cy + k)),
                    ((cx - k, cy + k), (cx + k, cy - k)),
                ];
                for (a, b) in arms {
                    canvas.segment(a, b, ring + ring.max(1.0), palette::INK);
                }
                for (a, b) in arms {
                    canvas.segment(a, b, ring * 0.75, palette::WHITE);
                }
            }
        }
    }
}

/// The 10 vertices of a five-pointed star with outer radius `outer` (inner radius 0.45·outer),
/// one point up.
fn star(cx: f32, cy: f32, outer: f32) -> Vec<(f32, f32)> {
    (0..10)
        .map(|k| {
            let r = if k % 2 == 0 { outer } else { 0.45 * outer };
            let a = core::f32::consts::PI * (k as f32) / 5.0;
            (cx + r * a.sin(), cy - r * a.cos())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_class_colour_ends_and_middle() {
        assert_eq!(two_class_colour(0.5), palette::NEUTRAL);
        assert_eq!(
            two_class_colour(0.0),
            palette::mix(palette::NEUTRAL, palette::CLASS0, FIELD_STRENGTH)
        );
        assert_eq!(
            two_class_colour(1.0),
            palette::mix(palette::NEUTRAL, palette::CLASS1, FIELD_STRENGTH)
        );
        assert_eq!(two_class_colour(f32::NAN), palette::DIVERGED);
    }

    #[test]
    fn class_mix_agrees_with_two_class_at_certainty_and_doubt() {
        assert_eq!(class_mix_colour(&[1.0, 0.0]), two_class_colour(0.0));
        assert_eq!(class_mix_colour(&[0.0, 1.0]), two_class_colour(1.0));
        assert_eq!(class_mix_colour(&[0.5, 0.5]), palette::NEUTRAL);
        assert_eq!(class_mix_colour(&[1.0, 1.0, 1.0]), palette::NEUTRAL);
        assert_eq!(
            class_mix_colour(&[0.0, 0.0, 1.0]),
            palette::mix(palette::NEUTRAL, palette::CLASS2, FIELD_STRENGTH)
        );
    }

    #[test]
    fn bilinear_axis_repeats_edges_and_hits_centres() {
        let a = bilinear_axis(8, 4);
        assert_eq!(a[0], (0, 0, 0.0));
        assert_eq!(a[7], (3, 3, 0.0));
        // Pixel 2's centre (2.5/8 = 0.3125) lies between cell centres 0.125 and 0.375.
        assert_eq!((a[2].0, a[2].1), (0, 1));
        assert!((a[2].2 - 0.75).abs() < 1e-6);
    }

    #[test]
    fn star_is_inside_itself() {
        let s = star(10.0, 10.0, 5.0);
        assert!(inside(&s, 10.0, 10.0));
        assert!(inside(&s, 10.0, 5.5));
        assert!(!inside(&s, 14.0, 14.0));
    }
}
