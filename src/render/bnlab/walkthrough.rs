//! The formula of batch norm with the batch's numbers, and its step-through on a number line:
//! described as data ([`Walkthrough`], built by [`walkthrough`]), then drawn
//! ([`draw_walkthrough`]).

use super::{example_colour, font, rgb};
use crate::config::BnPlace;
use crate::i18n::Msg;
use crate::render::axis::{self, format_value, Bounds, TickStyle};
use crate::render::charts::{chart_scale, ChartResult, Marker};
use crate::render::palette::{self, Rgb};
use crate::views::bnlab::{UnitView, FORMULA_STAGES};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// [`format_value`] in parentheses when negative, for use after an operator.
fn paren(v: f64) -> String {
    if v < 0.0 {
        format!("({})", format_value(v))
    } else {
        format_value(v)
    }
}

/// The symbol of what BN normalizes: z, or a when BN sits after the activation.
fn input_symbol(v: &UnitView) -> &'static str {
    match v.place {
        BnPlace::Z => "z",
        BnPlace::A => "a",
    }
}

/// The symbol of BN's output: z̃, or ã.
fn tilde(v: &UnitView) -> &'static str {
    match v.place {
        BnPlace::Z => "z̃",
        BnPlace::A => "ã",
    }
}

/// The formula of stage `stage` (an index into [`FORMULA_STAGES`]) with the batch's numbers:
/// "μ = (1/m) Σ z(i) = (1/16) · 2.31 = 0.144", and so on.
pub fn formula(v: &UnitView, stage: usize) -> String {
    let m = v.m();
    let sum: f64 = v.z.iter().map(|&z| z as f64).sum();
    let squares: f64 =
        v.z.iter()
            .map(|&z| (z as f64 - v.mean as f64).powi(2))
            .sum();
    let l = v.layer + 1;
    let s = input_symbol(v);
    match stage {
        0 => {
            let input = if v.layer == 0 {
                "x(i)".to_string()
            } else {
                format!("a[{}](i)", v.layer)
            };
            let (id, formula) = match v.place {
                BnPlace::Z => ("bnlab.formula.z", format!("z(i) = W[{l}]·{input}")),
                BnPlace::A => (
                    "bnlab.formula.a",
                    format!("a(i) = g(W[{l}]·{input} + b[{l}])"),
                ),
            };
            Msg::new(id)
                .text("formula", formula)
                .num("m", m as f64)
                .render()
        }
        1 => format!(
            "μ = (1/m) Σ {s}(i) = (1/{m}) · {} = {}",
            paren(sum),
            format_value(v.mean as f64)
        ),
        2 => format!(
            "σ² = (1/m) Σ ({s}(i) − μ)² = (1/{m}) · {} = {}",
            format_value(squares),
            format_value(v.var as f64)
        ),
        3 => format!(
            "{s}_norm(i) = ({s}(i) − μ) / √(σ² + ε) = ({s}(i) − {}) / √({} + {}) = ({s}(i) − {}) / {}",
            paren(v.mean as f64),
            format_value(v.var as f64),
            format_value(v.eps as f64),
            paren(v.mean as f64),
            format_value(v.std() as f64)
        ),
        _ => format!(
            "{}(i) = γ · {s}_norm(i) + β = {} · {s}_norm(i) + {}",
            tilde(v),
            format_value(v.gamma as f64),
            paren(v.beta as f64)
        ),
    }
}

/// The step-through of the BN formula on a number line, described as data: one row per
/// quantity (z, z_norm, z̃) on a shared range, with the batch's values as dots, a band and a
/// centre line per row, and some examples followed from row to row.
#[derive(Clone, Debug, PartialEq)]
pub struct Walkthrough {
    /// The rows, top to bottom.
    pub rows: Vec<WalkRow>,
    /// The row that is tinted (the one the current stage is about).
    pub active: usize,
    /// The range of the number line, shared by every row.
    pub range: (f64, f64),
    /// How the number line labels its ticks.
    pub ticks: TickStyle,
    /// The examples followed through the rows, in drawing order.
    pub examples: Vec<WalkExample>,
}

/// One row of a [`Walkthrough`].
#[derive(Clone, Debug, PartialEq)]
pub struct WalkRow {
    /// Written at the left of the row.
    pub name: String,
    /// Shown yet: a row of a later stage is a grey name on an empty line.
    pub shown: bool,
    /// Every example of the batch: a value on the line.
    pub values: Vec<f64>,
    /// A labelled band across the row, e.g. μ ± σ.
    pub band: Option<WalkBand>,
    /// A line across the row at some value with its label, e.g. μ.
    pub centre: Option<Marker>,
}

/// A translucent band across a row of a [`Walkthrough`], from one value to another, labelled.
#[derive(Clone, Debug, PartialEq)]
pub struct WalkBand {
    /// One end.
    pub from: f64,
    /// The other end.
    pub to: f64,
    /// Written right of the band (left of it when it would not fit).
    pub label: String,
    /// Fill, edge and label colour.
    pub colour: Rgb,
}

/// An example followed through a [`Walkthrough`].
#[derive(Clone, Debug, PartialEq)]
pub struct WalkExample {
    /// Its index in every row's values.
    pub index: usize,
    /// Its dot's colour.
    pub colour: Rgb,
    /// Written above its dot ("1", "2", …).
    pub label: String,
}

/// The step-through at stage `stage` (an index into [`FORMULA_STAGES`]) of the unit `v`, with
/// `examples` (indices into the batch) in [`example_colour`] numbered 1, 2, …: z (with μ at
/// stage ≥ 1 and the band μ ± σ at stage ≥ 2), z_norm (stage ≥ 3, with the band ±1) and
/// z̃ (stage 4, with the band β ± γ). The row of the current stage is the active one.
pub fn walkthrough(v: &UnitView, examples: &[usize], stage: usize) -> Walkthrough {
    let stage = stage.min(FORMULA_STAGES.len() - 1);
    let (mean, sd) = (v.mean as f64, v.std() as f64);
    let (gamma, beta) = (v.gamma as f64, v.beta as f64);
    let shown_rows = match stage {
        0..=2 => 1,
        3 => 2,
        _ => 3,
    };
    let ink = palette::TRAIN;
    let values = |xs: &[f32]| xs.iter().map(|&x| x as f64).collect::<Vec<f64>>();
    let centre = |x: f64, label: String| Some(Marker::new(x, label, ink));
    let band = |from: f64, to: f64, label: String| {
        Some(WalkBand {
            from,
            to,
            label,
            colour: ink,
        })
    };
    let row = |r: usize, name: &str, xs: &[f32]| WalkRow {
        name: name.into(),
        shown: r < shown_rows,
        values: values(xs),
        band: None,
        centre: None,
    };
    let s = input_symbol(v);
    let mut rows = vec![
        row(0, s, &v.z),
        row(1, &format!("{s}_norm"), &v.z_norm),
        row(2, tilde(v), &v.z_tilde),
    ];
    if stage >= 1 {
        rows[0].centre = centre(mean, format!("μ = {}", format_value(mean)));
    }
    if stage >= 2 {
        let label = format!("μ ± √(σ²+ε) = μ ± {}", format_value(sd));
        rows[0].band = band(mean - sd, mean + sd, label);
    }
    if stage >= 3 {
        rows[1].band = band(-1.0, 1.0, "±1".into());
        rows[1].centre = centre(0.0, "0".into());
    }
    if stage >= 4 {
        let label = format!(
            "β ± γ = {} ± {}",
            format_value(beta),
            format_value(gamma.abs())
        );
        rows[2].band = band(beta - gamma, beta + gamma, label);
        rows[2].centre = centre(beta, format!("β = {}", format_value(beta)));
    }
    let band_ends = [
        mean - sd,
        mean + sd,
        -1.0,
        1.0,
        beta - gamma.abs(),
        beta + gamma.abs(),
    ];
    Walkthrough {
        range: number_line(&rows, &band_ends),
        rows,
        active: shown_rows - 1,
        ticks: TickStyle::Plain,
        examples: examples
            .iter()
            .enumerate()
            .map(|(k, &index)| WalkExample {
                index,
                colour: example_colour(k),
                label: format!("{}", k + 1),
            })
            .collect(),
    }
}

/// The range of the number line: every value of every row (shown yet or not, so the line
/// stays put from stage to stage) and every band's ends at any stage, with 4 % to spare.
fn number_line(rows: &[WalkRow], band_ends: &[f64]) -> (f64, f64) {
    let mut b = Bounds::default();
    rows.iter().flat_map(|r| &r.values).for_each(|&x| b.add(x));
    band_ends.iter().for_each(|&x| b.add(x));
    let (lo, hi) = b.0.unwrap_or((-1.0, 1.0));
    let (lo, hi) = axis::widen(lo, hi);
    let pad = 0.04 * (hi - lo);
    (lo - pad, hi + pad)
}

/// Where the parts of a [`Walkthrough`] go on a `w × h` area, in pixels.
struct Geometry {
    /// Size multiplier (as charts, at most 2).
    s: f64,
    /// Area width.
    w: i32,
    /// Left and right end of the number line.
    left: i32,
    right: i32,
    /// Top of the first row and bottom of the last (the tick labels go below).
    top: i32,
    bottom: i32,
    /// Height of a row.
    row_h: i32,
    /// The number line's range.
    range: (f64, f64),
}

impl Geometry {
    fn of(w: u32, h: u32, range: (f64, f64)) -> Geometry {
        let s = chart_scale(w, h).min(2.0);
        let px = |v: f64| (v * s).round() as i32;
        let (top, bottom) = (px(6.0), h as i32 - px(26.0));
        Geometry {
            s,
            w: w as i32,
            left: px(70.0),
            right: w as i32 - px(14.0),
            top,
            bottom,
            row_h: (bottom - top) / 3,
            range,
        }
    }
    /// `v` scaled pixels.
    fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }
    /// The pixel column of value `x`.
    fn to_x(&self, x: f64) -> i32 {
        let (lo, hi) = self.range;
        self.left + ((x - lo) / (hi - lo) * (self.right - self.left) as f64).round() as i32
    }
    /// The pixel row of the middle of row `r`.
    fn row_y(&self, r: usize) -> i32 {
        self.top + self.row_h * r as i32 + self.row_h / 2
    }
    /// The top and bottom of the bands and lines of row `r`.
    fn row_span(&self, r: usize) -> (i32, i32) {
        let y = self.row_y(r);
        (y - self.row_h * 2 / 5, y + self.row_h * 2 / 5)
    }
    /// Text of `size` (scaled) in `colour`, anchored at `pos`.
    fn text(&self, size: f64, colour: Rgb, pos: Pos) -> TextStyle<'static> {
        font(size * self.s, colour, pos)
    }
}

/// Draws a [`Walkthrough`] over the whole area (cleared first) and presents it: the active row
/// tinted, each row's name and line, ticks along the bottom, the bands and centre lines, then
/// every value of the batch as a grey dot on the shown rows and the examples as large numbered
/// dots, joined from row to row so each one can be followed through the formula.
pub fn draw_walkthrough<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    walk: &Walkthrough,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let g = Geometry::of(w, h, walk.range);
    draw_rows(&area, walk, &g)?;
    draw_ticks(&area, walk, &g)?;
    for (r, row) in walk.rows.iter().enumerate() {
        if let Some(band) = &row.band {
            draw_band(&area, &g, r, band)?;
        }
        if let Some(m) = &row.centre {
            draw_centre(&area, &g, r, m)?;
        }
    }
    draw_connectors(&area, walk, &g)?;
    draw_dots(&area, walk, &g)?;
    area.present()
}

/// The tint of the active row, then each row's line and name (grey until it is shown).
fn draw_rows<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    walk: &Walkthrough,
    g: &Geometry,
) -> ChartResult<DB> {
    let (y, half) = (g.row_y(walk.active), g.row_h / 2);
    area.draw(&Rectangle::new(
        [(0, y - half), (g.w, y + half)],
        rgb([0xf3, 0xf0, 0xfa]).filled(),
    ))?;
    for (r, row) in walk.rows.iter().enumerate() {
        let y = g.row_y(r);
        let c = if row.shown {
            palette::TEXT
        } else {
            [0xbb, 0xbb, 0xbb]
        };
        area.draw(&PathElement::new(
            vec![(g.left, y), (g.right, y)],
            rgb(palette::GRID).stroke_width(1),
        ))?;
        area.draw(&Text::new(
            row.name.clone(),
            (g.px(8.0), y),
            g.text(14.0, c, Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    Ok(())
}

/// Ticks of the number line along the bottom, labelled in the walkthrough's tick style.
fn draw_ticks<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    walk: &Walkthrough,
    g: &Geometry,
) -> ChartResult<DB> {
    let (lo, hi) = walk.range;
    let max = ((g.right - g.left) as f64 / (70.0 * g.s)) as usize;
    let ticks = walk.ticks.ticks(lo, hi, max);
    let labels = axis::tick_labels(&ticks, walk.ticks);
    for (t, label) in ticks.into_iter().zip(labels) {
        let x = g.to_x(t);
        area.draw(&PathElement::new(
            vec![(x, g.bottom), (x, g.bottom + g.px(4.0))],
            rgb(palette::TEXT).stroke_width(1),
        ))?;
        area.draw(&Text::new(
            label,
            (x, g.bottom + g.px(6.0)),
            g.text(12.0, palette::TEXT, Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    Ok(())
}

/// A translucent band across row `r` with edge lines, its label right of it, or left of it
/// when it would not fit.
fn draw_band<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    g: &Geometry,
    r: usize,
    band: &WalkBand,
) -> ChartResult<DB> {
    let (a, b, colour, label) = (band.from, band.to, band.colour, &band.label);
    let (y0, y1) = g.row_span(r);
    let (x0, x1) = (g.to_x(a.min(b)), g.to_x(a.max(b)));
    area.draw(&Rectangle::new(
        [(x0, y0), (x1, y1)],
        rgb(colour).mix(0.14).filled(),
    ))?;
    for x in [x0, x1] {
        area.draw(&PathElement::new(
            vec![(x, y0), (x, y1)],
            rgb(colour).mix(0.6).stroke_width(1),
        ))?;
    }
    let style = g.text(12.0, colour, Pos::new(HPos::Left, VPos::Top));
    let (tw, _) = area.estimate_text_size(label, &style)?;
    let (x, pos) = if x1 + g.px(3.0) + tw as i32 <= g.w {
        (x1 + g.px(3.0), Pos::new(HPos::Left, VPos::Top))
    } else {
        (x0 - g.px(3.0), Pos::new(HPos::Right, VPos::Top))
    };
    area.draw(&Text::new(label.to_string(), (x, y0), style.pos(pos)))?;
    Ok(())
}

/// A line across row `r` at the marker's value, its label at the bottom right of it.
fn draw_centre<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    g: &Geometry,
    r: usize,
    m: &Marker,
) -> ChartResult<DB> {
    let (y0, y1) = g.row_span(r);
    let x = g.to_x(m.x);
    area.draw(&PathElement::new(
        vec![(x, y0), (x, y1)],
        rgb(m.colour).stroke_width(g.px(2.0).max(1) as u32),
    ))?;
    area.draw(&Text::new(
        m.label.clone(),
        (x + g.px(3.0), y1),
        g.text(12.0, m.colour, Pos::new(HPos::Left, VPos::Bottom)),
    ))?;
    Ok(())
}

/// Each example joined from each shown row to the next.
fn draw_connectors<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    walk: &Walkthrough,
    g: &Geometry,
) -> ChartResult<DB> {
    for e in &walk.examples {
        let style = rgb(e.colour).mix(0.7).stroke_width(g.px(1.5).max(1) as u32);
        for (r, pair) in walk.rows.windows(2).enumerate() {
            let (from, to) = (&pair[0], &pair[1]);
            if !to.shown {
                continue;
            }
            area.draw(&PathElement::new(
                vec![
                    (g.to_x(from.values[e.index]), g.row_y(r)),
                    (g.to_x(to.values[e.index]), g.row_y(r + 1)),
                ],
                style,
            ))?;
        }
    }
    Ok(())
}

/// On every shown row, the batch as grey dots, then the examples as large dots with their
/// labels above.
fn draw_dots<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    walk: &Walkthrough,
    g: &Geometry,
) -> ChartResult<DB> {
    let dot = g.px(3.0).max(2);
    let big = g.px(6.0).max(3);
    for (r, row) in walk.rows.iter().enumerate().filter(|(_, row)| row.shown) {
        for &x in &row.values {
            area.draw(&Circle::new(
                (g.to_x(x), g.row_y(r)),
                dot,
                rgb([0x88, 0x88, 0x88]).mix(0.8).filled(),
            ))?;
        }
        for e in &walk.examples {
            let p = (g.to_x(row.values[e.index]), g.row_y(r));
            area.draw(&Circle::new(p, big + 1, WHITE.filled()))?;
            area.draw(&Circle::new(p, big, rgb(e.colour).filled()))?;
            area.draw(&Text::new(
                e.label.clone(),
                (p.0, p.1 - big - g.px(1.0)),
                g.text(11.0, e.colour, Pos::new(HPos::Center, VPos::Bottom)),
            ))?;
        }
    }
    Ok(())
}
