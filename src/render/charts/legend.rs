//! Legends: entries (a line or a block of the series' colour, then its name) in one row in
//! the header, or stacked in a box in a corner of the plot.

use super::layout::{rgb, Coords, Frame, Look};
use super::{ChartResult, Legend};
use crate::render::palette::{self, Rgb};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Glyph {
    Line {
        dashed: bool,
    },
    /// A filled block at this opacity (the fill's own).
    Block(f64),
}

/// A legend entry.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Entry {
    pub(super) name: String,
    pub(super) colour: Rgb,
    pub(super) glyph: Glyph,
}

/// Draws one legend entry with its glyph's left end at (x, y_mid) (area pixels); returns its
/// width.
pub(super) fn draw_entry<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    (x, y): (i32, i32),
    e: &Entry,
    look: Look,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let gw = look.px(18.0);
    let colour = rgb(e.colour);
    match e.glyph {
        Glyph::Line { dashed } => {
            let style = colour.stroke_width(look.line(2.0));
            let (a, b) = if dashed {
                (gw * 2 / 5, gw * 3 / 5)
            } else {
                (gw / 2, gw / 2)
            };
            area.draw(&PathElement::new(vec![(x, y), (x + a, y)], style))?;
            area.draw(&PathElement::new(vec![(x + b, y), (x + gw, y)], style))?;
        }
        Glyph::Block(alpha) => {
            let r = look.px(5.0);
            area.draw(&Rectangle::new(
                [(x, y - r), (x + gw, y + r)],
                colour.mix(alpha).filled(),
            ))?;
        }
    }
    let style = look.text().pos(Pos::new(HPos::Left, VPos::Center));
    let tx = x + gw + look.px(4.0);
    area.draw(&Text::new(e.name.clone(), (tx, y), style.clone()))?;
    let (tw, _) = area.estimate_text_size(&e.name, &style)?;
    Ok(gw + look.px(4.0) + tw as i32)
}

/// Width of an entry as [`draw_entry`] draws it.
pub(super) fn entry_width<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    e: &Entry,
    look: Look,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    let (tw, _) = area.estimate_text_size(&e.name, &look.text())?;
    Ok(look.px(22.0) + tw as i32)
}

/// The title (left) and the legend above the plot (right) in the header row.
pub(super) fn draw_header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &Frame,
    look: Look,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let y = look.px(11.0);
    if !f.title.is_empty() {
        let style = look
            .font(13.0, palette::TEXT)
            .pos(Pos::new(HPos::Left, VPos::Center));
        area.draw(&Text::new(f.title.to_string(), (look.px(6.0), y), style))?;
    }
    if f.legend == Legend::Above && !f.entries.is_empty() {
        let gap = look.px(12.0);
        let mut widths = Vec::with_capacity(f.entries.len());
        for e in f.entries {
            widths.push(entry_width(area, e, look)?);
        }
        let total: i32 = widths.iter().sum::<i32>() + gap * (widths.len() as i32 - 1);
        let mut x = area.dim_in_pixel().0 as i32 - look.px(12.0) - total;
        for (e, w) in f.entries.iter().zip(widths) {
            draw_entry(area, (x, y), e, look)?;
            x += w + gap;
        }
    }
    Ok(())
}

/// A legend box inside a corner of the plot (for the corner positions of [`Legend`]).
pub(super) fn draw_legend_box<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    cc: &ChartContext<'_, DB, Coords>,
    entries: &[Entry],
    legend: Legend,
    look: Look,
) -> ChartResult<DB> {
    if entries.is_empty() || matches!(legend, Legend::Hidden | Legend::Above) {
        return Ok(());
    }
    let (xr, yr) = cc.plotting_area().get_pixel_range();
    let base = area.get_base_pixel();
    let (x0, x1, y0, y1) = (
        xr.start - base.0,
        xr.end - base.0,
        yr.start - base.1,
        yr.end - base.1,
    );
    let mut w = 0;
    for e in entries {
        w = w.max(entry_width(area, e, look)?);
    }
    let (pad, row) = (look.px(6.0), look.px(17.0));
    let (bw, bh) = (w + 2 * pad, row * entries.len() as i32 + pad);
    let inset = look.px(6.0);
    let left = match legend {
        Legend::UpperLeft | Legend::LowerLeft => x0 + inset,
        _ => x1 - inset - bw,
    };
    let top = match legend {
        Legend::UpperLeft | Legend::UpperRight => y0 + inset,
        _ => y1 - inset - bh,
    };
    area.draw(&Rectangle::new(
        [(left, top), (left + bw, top + bh)],
        WHITE.mix(0.85).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(left, top), (left + bw, top + bh)],
        rgb(palette::GRID).stroke_width(1),
    ))?;
    for (i, e) in entries.iter().enumerate() {
        let y = top + pad / 2 + row * i as i32 + row / 2;
        draw_entry(area, (left + pad, y), e, look)?;
    }
    Ok(())
}
