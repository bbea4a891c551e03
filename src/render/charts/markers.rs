//! Markers: dashed vertical lines at some x, their labels at the top of the plot in rows that
//! do not overlap. Shared by line charts and histograms.

use super::layout::{rgb, Coords, Look};
use super::{ChartResult, Marker, TickStyle};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A marker at its position on the x axis.
pub(super) type Placed<'m> = (f64, &'m Marker);

/// The markers that can be placed on an x axis of `style`, with their positions.
pub(super) fn place_markers(markers: &[Marker], style: TickStyle) -> Vec<Placed<'_>> {
    markers
        .iter()
        .filter_map(|m| Some((style.position(m.x)?, m)))
        .collect()
}

/// Dashed vertical lines at the markers inside the x range.
pub(super) fn draw_marker_lines<DB: DrawingBackend>(
    cc: &mut ChartContext<'_, DB, Coords>,
    markers: &[Placed],
    x: (f64, f64),
    y: (f64, f64),
    look: Look,
) -> ChartResult<DB> {
    for &(mx, m) in markers {
        if !(mx >= x.0 && mx <= x.1) {
            continue;
        }
        let style = rgb(m.colour).stroke_width(look.line(1.5));
        cc.draw_series(DashedLineSeries::new(
            vec![(mx, y.0), (mx, y.1)],
            look.px(4.0),
            look.px(3.0),
            style,
        ))?;
    }
    Ok(())
}

/// The labels of markers at the top of the plot, on a translucent white backing, in rows so
/// they do not overlap (greedy, by x; at most 4 rows).
pub(super) fn draw_marker_labels<DB: DrawingBackend>(
    cc: &mut ChartContext<'_, DB, Coords>,
    area: &DrawingArea<DB, Shift>,
    markers: &[Placed],
    x: (f64, f64),
    y: (f64, f64),
    look: Look,
) -> ChartResult<DB> {
    let mut shown: Vec<Placed> = markers
        .iter()
        .copied()
        .filter(|&(mx, m)| !m.label.is_empty() && mx >= x.0 && mx <= x.1)
        .collect();
    shown.sort_by(|a, b| a.0.total_cmp(&b.0));
    let right_edge = cc.backend_coord(&(x.1, y.1)).0;
    let line_h = look.px(15.0);
    let pad = look.px(3.0);
    let mut row_ends: Vec<i32> = Vec::new();
    for (mx, m) in shown {
        let style = look.font(12.0, m.colour);
        let (tw, th) = area.estimate_text_size(&m.label, &style)?;
        let (tw, th) = (tw as i32, th as i32);
        let px = cc.backend_coord(&(mx, y.1)).0;
        let right_aligned = px + pad + tw > right_edge;
        let (left, right) = if right_aligned {
            (px - pad - tw, px - pad)
        } else {
            (px + pad, px + pad + tw)
        };
        let row = label_row(&mut row_ends, (left, right), pad);
        let dy = look.px(2.0) + row as i32 * line_h;
        let (dx, anchor) = if right_aligned {
            (-pad, HPos::Right)
        } else {
            (pad, HPos::Left)
        };
        let bx0 = if right_aligned { dx - tw - 1 } else { dx - 1 };
        let backing = Rectangle::new(
            [(bx0, dy - 1), (bx0 + tw + 2, dy + th + 1)],
            WHITE.mix(0.85).filled(),
        );
        let label = Text::new(
            m.label.clone(),
            (dx, dy),
            style.pos(Pos::new(anchor, VPos::Top)),
        );
        cc.plotting_area()
            .draw(&(EmptyElement::at((mx, y.1)) + backing + label))?;
    }
    Ok(())
}

/// The row of a label spanning `left..right` pixels, given where each row's last label ends:
/// the first row it fits in after a `pad` gap, else a new row (at most 4), else the row that
/// ends first. Records the label's end in that row.
fn label_row(row_ends: &mut Vec<i32>, (left, right): (i32, i32), pad: i32) -> usize {
    let r = match row_ends.iter().position(|&end| end + pad < left) {
        Some(r) => r,
        None if row_ends.len() < 4 => {
            row_ends.push(right);
            return row_ends.len() - 1;
        }
        None => (0..row_ends.len())
            .min_by_key(|&r| row_ends[r])
            .unwrap_or(0),
    };
    row_ends[r] = right;
    r
}
