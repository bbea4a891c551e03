//! The sensitivity maps of the lab: validation loss over α × init scale, without and with BN.
//! Their cells are an RGBA raster ([`map_rgba`]); the frame and legend around them are
//! described as data ([`SensitivityFrame`], built by [`sensitivity_frame`]) and drawn with
//! plotters ([`draw_sensitivity_frame`]).

use super::{font, rgb};
use crate::i18n::{text, Msg};
use crate::render::axis::{self, format_value, TickStyle};
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

/// The frame of the two sensitivity maps, described as data: every piece of text it draws.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityFrame {
    /// Above each map (left: without BN, right: with BN).
    pub titles: [String; 2],
    /// Below each map: the x axis (α).
    pub x_title: String,
    /// Left of each map, rotated: the y axis (init scale).
    pub y_title: String,
    /// Ticks along each map's x axis: (unit coordinate, label).
    pub x_ticks: Vec<(f64, String)>,
    /// Ticks along each map's y axis: (unit coordinate, label).
    pub y_ticks: Vec<(f64, String)>,
    /// Above the colour bar of the legend.
    pub caption: String,
    /// Under the colour bar: (validation loss, label); the first is left-aligned at its value,
    /// the last right-aligned, the others centred.
    pub bar_labels: Vec<(f64, String)>,
    /// Next to the diverged hatch.
    pub diverged: String,
    /// Next to the ring that marks the current setting.
    pub setting: String,
}

/// The frame of the maps over `space` (α along x, init scale along y, both log axes ticked at
/// whole decades) with `titles` above them, and its legend.
pub fn sensitivity_frame(space: &SearchSpace, titles: [&str; 2]) -> SensitivityFrame {
    let decades = |a: usize| -> Vec<(f64, String)> {
        let Some(axis_) = space.axes().get(a) else {
            return Vec::new();
        };
        let (lo, hi) = (
            axis_.lo().log10().ceil() as i32,
            axis_.hi().log10().floor() as i32,
        );
        (lo..=hi)
            .map(|e| {
                let u = axis_.to_unit(10f64.powi(e));
                (u, axis::format_tick(e as f64, 1.0, TickStyle::Log))
            })
            .collect()
    };
    let (low, high) = MAP_LOSS_RANGE;
    SensitivityFrame {
        titles: titles.map(String::from),
        x_title: text("bnlab.map.x-title"),
        y_title: text("bnlab.map.y-title"),
        x_ticks: decades(0),
        y_ticks: decades(1),
        caption: text("bnlab.map.caption"),
        bar_labels: vec![
            (
                low,
                Msg::new("bnlab.map.at-most")
                    .text("loss", format_value(low))
                    .render(),
            ),
            (0.2, format_value(0.2)),
            (
                high,
                Msg::new("bnlab.map.at-least-chance")
                    .text("loss", format_value(high))
                    .render(),
            ),
        ],
        diverged: text("bnlab.map.diverged"),
        setting: text("bnlab.map.setting"),
    }
}

/// Where the parts of the frame go on a `w × h` area, in pixels.
struct Geometry {
    /// Size multiplier: how many times larger than 720 × 380 (1 to 4).
    s: f64,
    /// Area height.
    h: i32,
    /// Height of the legend below the maps.
    legend_h: i32,
    /// Width of one map with its y axis, and the gap between the two.
    panel_w: i32,
    gap: i32,
    /// Room left of each map (y ticks and title) and above it (title).
    left_pad: i32,
    top_pad: i32,
    /// The side of each (square) map.
    side: i32,
}

impl Geometry {
    fn of(w: u32, h: u32) -> Geometry {
        let s = (w as f64 / 720.0).min(h as f64 / 380.0).clamp(1.0, 4.0);
        let px = |v: f64| (v * s).round() as i32;
        let legend_h = px(44.0);
        let (left_pad, bottom_pad, top_pad, gap) = (px(56.0), px(40.0), px(22.0), px(24.0));
        let panel_w = (w as i32 - gap) / 2;
        let plot_h = h as i32 - legend_h - bottom_pad - top_pad;
        Geometry {
            s,
            h: h as i32,
            legend_h,
            panel_w,
            gap,
            left_pad,
            top_pad,
            side: (panel_w - left_pad - px(6.0)).min(plot_h).max(10),
        }
    }
    /// `v` scaled pixels.
    fn px(&self, v: f64) -> i32 {
        (v * self.s).round() as i32
    }
    /// Text of `size` (scaled) anchored at `pos`.
    fn text(&self, size: f64, pos: Pos) -> TextStyle<'static> {
        font(size * self.s, palette::TEXT, pos)
    }
    /// Where map `k` (0 left, 1 right) goes.
    fn map(&self, k: usize) -> PixelRect {
        let x0 = k as i32 * (self.panel_w + self.gap) + self.left_pad;
        (x0, self.top_pad, self.side as u32, self.side as u32)
    }
}

/// Draws the frame of the two sensitivity maps side by side — titles, the ticks and titles of
/// both axes — and the legend below them (the loss colour bar, the diverged hatch, the ring of
/// the current setting), all text from `frame`. Returns where each map's cells go, for
/// [`map_rgba`] rasters.
pub fn draw_sensitivity_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &SensitivityFrame,
) -> Result<[PixelRect; 2], DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let g = Geometry::of(w, h);
    let rects = [g.map(0), g.map(1)];
    for (rect, title) in rects.iter().zip(&frame.titles) {
        draw_map_frame(area, frame, title, *rect, &g)?;
    }
    let (ly, bar_x0) = (g.h - g.legend_h, rects[0].0);
    area.draw(&Text::new(
        frame.caption.clone(),
        (bar_x0, ly),
        g.text(12.0, Pos::new(HPos::Left, VPos::Top)),
    ))?;
    let bar = (bar_x0, ly + g.px(16.0), g.px(220.0), g.px(12.0));
    draw_colour_bar(area, frame, bar, &g)?;
    draw_swatches(area, frame, bar, &g)?;
    Ok(rects)
}

/// One map's title, border, ticks and axis titles around its cells at `rect`.
fn draw_map_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &SensitivityFrame,
    title: &str,
    (x0, y0, side, _): PixelRect,
    g: &Geometry,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let side = side as i32;
    let centre = |pos| g.text(12.0, pos);
    area.draw(&Text::new(
        title.to_string(),
        (x0 + side / 2, g.px(3.0)),
        g.text(13.0, Pos::new(HPos::Center, VPos::Top)),
    ))?;
    area.draw(&Rectangle::new(
        [(x0 - 1, y0 - 1), (x0 + side, y0 + side)],
        rgb(palette::TEXT).mix(0.55).stroke_width(1),
    ))?;
    let tick = rgb(palette::TEXT).stroke_width(1);
    for (u, label) in &frame.x_ticks {
        let x = x0 + (u * side as f64).round() as i32;
        let (y, label) = (y0 + side, label.clone());
        area.draw(&PathElement::new(vec![(x, y), (x, y + g.px(4.0))], tick))?;
        let pos = Pos::new(HPos::Center, VPos::Top);
        area.draw(&Text::new(label, (x, y + g.px(6.0)), centre(pos)))?;
    }
    for (u, label) in &frame.y_ticks {
        let y = y0 + ((1.0 - u) * side as f64).round() as i32;
        area.draw(&PathElement::new(
            vec![(x0 - g.px(4.0), y), (x0 - 1, y)],
            tick,
        ))?;
        let pos = Pos::new(HPos::Right, VPos::Center);
        area.draw(&Text::new(label.clone(), (x0 - g.px(6.0), y), centre(pos)))?;
    }
    area.draw(&Text::new(
        frame.x_title.clone(),
        (x0 + side / 2, y0 + side + g.px(22.0)),
        centre(Pos::new(HPos::Center, VPos::Top)),
    ))?;
    area.draw(&Text::new(
        frame.y_title.clone(),
        (x0 - g.px(50.0), y0 + side / 2),
        TextStyle {
            font: (FONT_FAMILY, crate::render::text_px(12.0 * g.s))
                .into_font()
                .transform(FontTransform::Rotate270),
            color: rgb(palette::TEXT).to_backend_color(),
            pos: Pos::new(HPos::Center, VPos::Top),
        },
    ))?;
    Ok(())
}

/// The colour bar of the validation loss (log scale over [`MAP_LOSS_RANGE`]) at
/// `(x, y, width, height)`, with its labels below.
fn draw_colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &SensitivityFrame,
    (bar_x0, bar_y, bar_w, bar_h): (i32, i32, i32, i32),
    g: &Geometry,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
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
    // The ends' labels first; a label between them only where it overlaps neither (large text —
    // presenter mode, or a long translation — leaves it out rather than print over them).
    let last = frame.bar_labels.len().saturating_sub(1);
    let mut placed: Vec<(i32, i32)> = Vec::new();
    let order = [0, last].into_iter().chain(1..last);
    for i in order.take(frame.bar_labels.len()) {
        let (v, label) = &frame.bar_labels[i];
        let anchor = match i {
            0 => HPos::Left,
            _ if i == last => HPos::Right,
            _ => HPos::Center,
        };
        let style = g.text(11.0, Pos::new(anchor, VPos::Top));
        let x = bar_x0 + ((v.log10() - lo) / (hi - lo) * bar_w as f64).round() as i32;
        let w = area.estimate_text_size(label, &style)?.0 as i32;
        let span = match anchor {
            HPos::Left => (x, x + w),
            HPos::Right => (x - w, x),
            HPos::Center => (x - w / 2, x + w / 2),
        };
        let gap = g.px(6.0);
        if placed
            .iter()
            .any(|&(a, b)| span.0 < b + gap && a < span.1 + gap)
        {
            continue;
        }
        placed.push(span);
        area.draw(&Text::new(
            label.clone(),
            (x, bar_y + bar_h + g.px(2.0)),
            style,
        ))?;
    }
    Ok(())
}

/// Right of the colour bar at `(x, y, width, height)`: the diverged hatch, pixel by pixel,
/// and the ring of the current setting, each with its label.
fn draw_swatches<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &SensitivityFrame,
    (bar_x0, bar_y, bar_w, bar_h): (i32, i32, i32, i32),
    g: &Geometry,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let sx = bar_x0 + bar_w + g.px(40.0);
    let sw = g.px(28.0);
    let period = g.px(6.0).max(3) as usize;
    for dx in 0..sw {
        for dy in 0..bar_h {
            let c = palette::diverged_hatch(dx as usize, dy as usize, period);
            area.draw_pixel((sx + dx, bar_y + dy), &rgb(c))?;
        }
    }
    let mid = bar_y + bar_h / 2;
    let label_style = g.text(12.0, Pos::new(HPos::Left, VPos::Center));
    area.draw(&Text::new(
        frame.diverged.clone(),
        (sx + sw + g.px(6.0), mid),
        label_style.clone(),
    ))?;
    let (dw, _) = area.estimate_text_size(&frame.diverged, &label_style)?;
    let mx = sx + sw + g.px(6.0) + dw as i32 + g.px(30.0);
    let r = g.px(5.0);
    area.draw(&Circle::new((mx, mid), r + 1, rgb(palette::INK).filled()))?;
    area.draw(&Circle::new((mx, mid), r - 1, WHITE.filled()))?;
    area.draw(&Text::new(
        frame.setting.clone(),
        (mx + r + g.px(6.0), mid),
        label_style,
    ))?;
    Ok(())
}
