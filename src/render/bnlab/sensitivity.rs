//! The sensitivity maps of the lab: validation loss over α × init scale, without and with BN.
//! Their cells are an RGBA raster ([`map_rgba`]); the frame and legend around them are drawn
//! with plotters ([`draw_sensitivity_frame`]).

use super::{font, rgb};
use crate::render::axis::format_value;
use crate::render::charts::FONT_FAMILY;
use crate::render::heatmap::{self, Cell, MarkerStyle, RowOrigin};
use crate::render::palette;
use crate::search::{CellStatus, SearchSpace};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The fixed colour range of the sensitivity maps, the same for both: validation loss on a log
/// scale from 0.04 (brightest, and anything below: a run that learned) to 0.7 (darkest, and
/// anything above: no better than guessing, ln 2 ≈ 0.69).
pub const MAP_LOSS_RANGE: (f64, f64) = (0.04, 0.7);

/// One sensitivity map to draw: the cells of a filled (or partly filled) landscape,
/// `iy·n + ix` with row 0 at the bottom.
#[derive(Clone, Debug)]
pub struct MapPanel<'a> {
    /// Cells per side.
    pub n: usize,
    /// Scores by cell (NaN where not scored).
    pub values: &'a [f64],
    /// Status by cell.
    pub status: &'a [CellStatus],
}

/// A sensitivity map's cells as an RGBA raster (`width × height`), diverged cells hatched,
/// pending ones light grey, with the current setting `mark` (unit coordinates) as a ring.
pub fn map_rgba(
    panel: &MapPanel,
    width: usize,
    height: usize,
    mark: Option<(f64, f64)>,
) -> Vec<u8> {
    let cells: Vec<Cell> = panel
        .values
        .iter()
        .zip(panel.status)
        .map(|(&v, &s)| match s {
            CellStatus::Scored => Cell::Value(v),
            CellStatus::Diverged | CellStatus::Failed => Cell::Diverged,
            CellStatus::Pending => Cell::Pending,
        })
        .collect();
    let mut rgba = heatmap::cells_rgba(
        &cells,
        panel.n,
        width,
        height,
        MAP_LOSS_RANGE,
        true,
        RowOrigin::Bottom,
    );
    if let Some((u, v)) = mark {
        heatmap::draw_markers(
            &mut rgba,
            width,
            height,
            &[(u.clamp(0.0, 1.0) as f32, v.clamp(0.0, 1.0) as f32)],
            MarkerStyle::Trial,
        );
    }
    rgba
}

/// A rectangle in pixels: (left, top, width, height).
pub type PixelRect = (i32, i32, u32, u32);

/// Draws the frame of the two sensitivity maps side by side — titles, log-axis ticks of α and
/// init scale, axis names — and the legend below them (the loss colour bar and the diverged
/// hatch). Returns where each map's cells go, for [`map_rgba`] rasters.
pub fn draw_sensitivity_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    space: &SearchSpace,
    titles: [&str; 2],
) -> Result<[PixelRect; 2], DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let s = (w as f64 / 720.0).min(h as f64 / 380.0).clamp(1.0, 4.0);
    let px = |v: f64| (v * s).round() as i32;
    let text = |size: f64, pos: Pos| font(size * s, palette::TEXT, pos);
    let legend_h = px(44.0);
    let (left_pad, bottom_pad, top_pad, gap) = (px(56.0), px(40.0), px(22.0), px(24.0));
    let panel_w = (w as i32 - gap) / 2;
    let plot_h = h as i32 - legend_h - bottom_pad - top_pad;
    let side = (panel_w - left_pad - px(6.0)).min(plot_h).max(10);
    let axes = space.axes();
    let mut rects = [(0, 0, 0, 0); 2];
    for (k, title) in titles.iter().enumerate() {
        let x0 = k as i32 * (panel_w + gap) + left_pad;
        let y0 = top_pad;
        rects[k] = (x0, y0, side as u32, side as u32);
        area.draw(&Text::new(
            title.to_string(),
            (x0 + side / 2, px(3.0)),
            text(13.0, Pos::new(HPos::Center, VPos::Top)),
        ))?;
        area.draw(&Rectangle::new(
            [(x0 - 1, y0 - 1), (x0 + side, y0 + side)],
            rgb(palette::TEXT).mix(0.55).stroke_width(1),
        ))?;
        // Decades along each axis.
        for (a, axis_) in axes.iter().enumerate().take(2) {
            let (lo, hi) = (
                axis_.lo().log10().ceil() as i32,
                axis_.hi().log10().floor() as i32,
            );
            for e in lo..=hi {
                let v = 10f64.powi(e);
                let u = axis_.to_unit(v);
                let label = format_value(v);
                if a == 0 {
                    let x = x0 + (u * side as f64).round() as i32;
                    area.draw(&PathElement::new(
                        vec![(x, y0 + side), (x, y0 + side + px(4.0))],
                        rgb(palette::TEXT).stroke_width(1),
                    ))?;
                    area.draw(&Text::new(
                        label,
                        (x, y0 + side + px(6.0)),
                        text(12.0, Pos::new(HPos::Center, VPos::Top)),
                    ))?;
                } else {
                    let y = y0 + ((1.0 - u) * side as f64).round() as i32;
                    area.draw(&PathElement::new(
                        vec![(x0 - px(4.0), y), (x0 - 1, y)],
                        rgb(palette::TEXT).stroke_width(1),
                    ))?;
                    area.draw(&Text::new(
                        label,
                        (x0 - px(6.0), y),
                        text(12.0, Pos::new(HPos::Right, VPos::Center)),
                    ))?;
                }
            }
        }
        area.draw(&Text::new(
            "learning rate α (log scale)".to_string(),
            (x0 + side / 2, y0 + side + px(22.0)),
            text(12.0, Pos::new(HPos::Center, VPos::Top)),
        ))?;
        area.draw(&Text::new(
            "init scale".to_string(),
            (x0 - px(50.0), y0 + side / 2),
            TextStyle {
                font: (FONT_FAMILY, 12.0 * s)
                    .into_font()
                    .transform(FontTransform::Rotate270),
                color: rgb(palette::TEXT).to_backend_color(),
                pos: Pos::new(HPos::Center, VPos::Top),
            },
        ))?;
    }
    // Legend: a caption over the colour bar (log loss), then the diverged hatch and the
    // setting marker to its right.
    let ly = h as i32 - legend_h;
    let bar_x0 = rects[0].0;
    let (bar_w, bar_h) = (px(220.0), px(12.0));
    let bar_y = ly + px(16.0);
    area.draw(&Text::new(
        "final validation loss: bright = low = learned".to_string(),
        (bar_x0, ly),
        text(12.0, Pos::new(HPos::Left, VPos::Top)),
    ))?;
    let (lo, hi) = (MAP_LOSS_RANGE.0.log10(), MAP_LOSS_RANGE.1.log10());
    let steps = 64;
    for i in 0..steps {
        let t = (i as f64 + 0.5) / steps as f64;
        let c = heatmap::score_colour(10f64.powf(lo + t * (hi - lo)), MAP_LOSS_RANGE, true);
        let xa = bar_x0 + bar_w * i / steps;
        let xb = bar_x0 + bar_w * (i + 1) / steps;
        area.draw(&Rectangle::new(
            [(xa, bar_y), (xb, bar_y + bar_h)],
            rgb(c).filled(),
        ))?;
    }
    for (v, label, anchor) in [
        (
            MAP_LOSS_RANGE.0,
            format!("≤ {}", format_value(MAP_LOSS_RANGE.0)),
            HPos::Left,
        ),
        (0.2, "0.2".to_string(), HPos::Center),
        (
            MAP_LOSS_RANGE.1,
            format!("≥ {} (chance)", format_value(MAP_LOSS_RANGE.1)),
            HPos::Right,
        ),
    ] {
        let x = bar_x0 + ((v.log10() - lo) / (hi - lo) * bar_w as f64).round() as i32;
        area.draw(&Text::new(
            label,
            (x, bar_y + bar_h + px(2.0)),
            text(11.0, Pos::new(anchor, VPos::Top)),
        ))?;
    }
    // Diverged swatch: the hatch, pixel by pixel.
    let sx = bar_x0 + bar_w + px(40.0);
    let sw = px(28.0);
    let period = px(6.0).max(3) as usize;
    for dx in 0..sw {
        for dy in 0..bar_h {
            let c = palette::diverged_hatch(dx as usize, dy as usize, period);
            area.draw_pixel((sx + dx, bar_y + dy), &rgb(c))?;
        }
    }
    let label_style = text(12.0, Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(
        "diverged".to_string(),
        (sx + sw + px(6.0), bar_y + bar_h / 2),
        label_style.clone(),
    ))?;
    let (dw, _) = area.estimate_text_size("diverged", &label_style)?;
    let mx = sx + sw + px(6.0) + dw as i32 + px(30.0);
    let r = px(5.0);
    area.draw(&Circle::new(
        (mx, bar_y + bar_h / 2),
        r + 1,
        rgb(palette::INK).filled(),
    ))?;
    area.draw(&Circle::new((mx, bar_y + bar_h / 2), r - 1, WHITE.filled()))?;
    area.draw(&Text::new(
        "your α and init scale".to_string(),
        (mx + r + px(6.0), bar_y + bar_h / 2),
        label_style,
    ))?;
    Ok(rects)
}
