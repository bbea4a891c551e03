//! The formula of batch norm with the batch's numbers, and its step-through on a number line.

use super::{example_colour, font, rgb};
use crate::render::axis::{self, format_value, Bounds, TickStyle};
use crate::render::charts::{chart_scale, ChartResult};
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
    match stage {
        0 => {
            let input = if v.layer == 0 {
                "x(i)".to_string()
            } else {
                format!("a[{}](i)", v.layer)
            };
            format!(
                "z(i) = W[{l}]·{input} for the m = {m} examples of the mini-batch \
                 (no bias b: β takes its place)"
            )
        }
        1 => format!(
            "μ = (1/m) Σ z(i) = (1/{m}) · {} = {}",
            paren(sum),
            format_value(v.mean as f64)
        ),
        2 => format!(
            "σ² = (1/m) Σ (z(i) − μ)² = (1/{m}) · {} = {}",
            format_value(squares),
            format_value(v.var as f64)
        ),
        3 => format!(
            "z_norm(i) = (z(i) − μ) / √(σ² + ε) = (z(i) − {}) / √({} + {}) = (z(i) − {}) / {}",
            paren(v.mean as f64),
            format_value(v.var as f64),
            format_value(v.eps as f64),
            paren(v.mean as f64),
            format_value(v.std() as f64)
        ),
        _ => format!(
            "z̃(i) = γ · z_norm(i) + β = {} · z_norm(i) + {}",
            format_value(v.gamma as f64),
            paren(v.beta as f64)
        ),
    }
}

/// The step-through of the formula on a number line, one row per quantity: z (with μ at
/// stage ≥ 1 and the band μ ± σ at stage ≥ 2), z_norm (stage ≥ 3, with the band ±1) and
/// z̃ (stage 4, with the band β ± γ). Every example of the batch is a grey dot; the `examples`
/// are large dots in [`example_colour`] numbered 1, 2, …, joined from row to row so each one
/// can be followed through the formula. The row of the current stage is tinted.
pub fn draw_walkthrough<DB: DrawingBackend>(
    area: DrawingArea<DB, Shift>,
    v: &UnitView,
    examples: &[usize],
    stage: usize,
) -> ChartResult<DB> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let s = chart_scale(w, h).min(2.0);
    let px = |v: f64| (v * s).round() as i32;
    let stage = stage.min(FORMULA_STAGES.len() - 1);
    let sd = v.std() as f64;
    let mut b = Bounds::default();
    let (mean, gamma, beta) = (v.mean as f64, v.gamma as f64, v.beta as f64);
    for x in v.z.iter().chain(&v.z_norm).chain(&v.z_tilde) {
        b.add(*x as f64);
    }
    for x in [
        mean - sd,
        mean + sd,
        -1.0,
        1.0,
        beta - gamma.abs(),
        beta + gamma.abs(),
    ] {
        b.add(x);
    }
    let (lo, hi) = b.0.unwrap_or((-1.0, 1.0));
    let (lo, hi) = axis::widen(lo, hi);
    let pad = 0.04 * (hi - lo);
    let (lo, hi) = (lo - pad, hi + pad);
    let (left, right) = (px(70.0), w as i32 - px(14.0));
    let (top, bottom) = (px(6.0), h as i32 - px(26.0));
    let to_x = |x: f64| left + ((x - lo) / (hi - lo) * (right - left) as f64).round() as i32;
    let row_h = (bottom - top) / 3;
    let row_y = |r: usize| top + row_h * r as i32 + row_h / 2;
    let text = |size: f64, c: Rgb, pos: Pos| font(size * s, c, pos);
    let active_row = match stage {
        0..=2 => 0,
        3 => 1,
        _ => 2,
    };
    // Tint of the active row, baselines and row names.
    area.draw(&Rectangle::new(
        [
            (0, row_y(active_row) - row_h / 2),
            (w as i32, row_y(active_row) + row_h / 2),
        ],
        rgb([0xf3, 0xf0, 0xfa]).filled(),
    ))?;
    let names = ["z", "z_norm", "z̃"];
    let shown_rows = match stage {
        0..=2 => 1,
        3 => 2,
        _ => 3,
    };
    for (r, name) in names.iter().enumerate() {
        let y = row_y(r);
        let c = if r < shown_rows {
            palette::TEXT
        } else {
            [0xbb, 0xbb, 0xbb]
        };
        area.draw(&PathElement::new(
            vec![(left, y), (right, y)],
            rgb(palette::GRID).stroke_width(1),
        ))?;
        area.draw(&Text::new(
            name.to_string(),
            (px(8.0), y),
            text(14.0, c, Pos::new(HPos::Left, VPos::Center)),
        ))?;
    }
    // x ticks along the bottom.
    let ticks = axis::linear_ticks(lo, hi, ((right - left) as f64 / (70.0 * s)) as usize);
    let step = axis::tick_step(&ticks);
    for t in ticks {
        let x = to_x(t);
        area.draw(&PathElement::new(
            vec![(x, bottom), (x, bottom + px(4.0))],
            rgb(palette::TEXT).stroke_width(1),
        ))?;
        area.draw(&Text::new(
            axis::format_tick(t, step, TickStyle::Plain),
            (x, bottom + px(6.0)),
            text(12.0, palette::TEXT, Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    // Bands: μ ± σ on z, ±1 on z_norm, β ± γ on z̃.
    let band = |r: usize, a: f64, c: f64, colour: Rgb, label: String| -> ChartResult<DB> {
        let (y0, y1) = (row_y(r) - row_h * 2 / 5, row_y(r) + row_h * 2 / 5);
        let (x0, x1) = (to_x(a.min(c)), to_x(a.max(c)));
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
        // The label right of the band, or left of it when it would not fit.
        let style = text(12.0, colour, Pos::new(HPos::Left, VPos::Top));
        let (tw, _) = area.estimate_text_size(&label, &style)?;
        let (x, pos) = if x1 + px(3.0) + tw as i32 <= w as i32 {
            (x1 + px(3.0), Pos::new(HPos::Left, VPos::Top))
        } else {
            (x0 - px(3.0), Pos::new(HPos::Right, VPos::Top))
        };
        area.draw(&Text::new(label, (x, y0), style.pos(pos)))?;
        Ok(())
    };
    let centre_line = |r: usize, x: f64, colour: Rgb, label: String| -> ChartResult<DB> {
        let (y0, y1) = (row_y(r) - row_h * 2 / 5, row_y(r) + row_h * 2 / 5);
        area.draw(&PathElement::new(
            vec![(to_x(x), y0), (to_x(x), y1)],
            rgb(colour).stroke_width(px(2.0).max(1) as u32),
        ))?;
        area.draw(&Text::new(
            label,
            (to_x(x) + px(3.0), y1),
            text(12.0, colour, Pos::new(HPos::Left, VPos::Bottom)),
        ))?;
        Ok(())
    };
    let ink = palette::TRAIN;
    if stage >= 2 {
        band(
            0,
            mean - sd,
            mean + sd,
            ink,
            format!("μ ± √(σ²+ε) = μ ± {}", format_value(sd)),
        )?;
    }
    if stage >= 1 {
        centre_line(0, mean, ink, format!("μ = {}", format_value(mean)))?;
    }
    if stage >= 3 {
        band(1, -1.0, 1.0, ink, "±1".into())?;
        centre_line(1, 0.0, ink, "0".into())?;
    }
    if stage >= 4 {
        band(
            2,
            beta - gamma,
            beta + gamma,
            ink,
            format!(
                "β ± γ = {} ± {}",
                format_value(beta),
                format_value(gamma.abs())
            ),
        )?;
        centre_line(2, beta, ink, format!("β = {}", format_value(beta)))?;
    }
    // Connectors from row to row for the examples.
    let rows: [&[f32]; 3] = [&v.z, &v.z_norm, &v.z_tilde];
    for (k, &i) in examples.iter().enumerate() {
        let c = rgb(example_colour(k))
            .mix(0.7)
            .stroke_width(px(1.5).max(1) as u32);
        for r in 1..shown_rows {
            area.draw(&PathElement::new(
                vec![
                    (to_x(rows[r - 1][i] as f64), row_y(r - 1)),
                    (to_x(rows[r][i] as f64), row_y(r)),
                ],
                c,
            ))?;
        }
    }
    // Dots: the batch in grey, then the examples.
    let dot = px(3.0).max(2);
    let big = px(6.0).max(3);
    for (r, values) in rows.iter().enumerate().take(shown_rows) {
        for x in values.iter() {
            area.draw(&Circle::new(
                (to_x(*x as f64), row_y(r)),
                dot,
                rgb([0x88, 0x88, 0x88]).mix(0.8).filled(),
            ))?;
        }
        for (k, &i) in examples.iter().enumerate() {
            let p = (to_x(values[i] as f64), row_y(r));
            area.draw(&Circle::new(p, big + 1, WHITE.filled()))?;
            area.draw(&Circle::new(p, big, rgb(example_colour(k)).filled()))?;
            area.draw(&Text::new(
                format!("{}", k + 1),
                (p.0, p.1 - big - px(1.0)),
                text(
                    11.0,
                    example_colour(k),
                    Pos::new(HPos::Center, VPos::Bottom),
                ),
            ))?;
        }
    }
    area.present()
}
