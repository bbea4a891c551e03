//! Markers: dashed vertical lines at some x, their labels at the top of the plot in rows that
//! do not overlap. Shared by line charts and histograms.

use super::layout::{rgb, Coords, Look};
use super::{ChartResult, Marker, TickStyle};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The markers that can be placed on an x axis of `style`, at their axis positions.
pub(super) fn place_markers(markers: &[Marker], style: TickStyle) -> Vec<Marker> {
    markers
        .iter()
        .filter_map(|m| style.position(m.x).map(|x| Marker { x, ..m.clone() }))
        .collect()
}

/// Dashed vertical lines at the markers inside the x range.
pub(super) fn draw_marker_lines<DB: DrawingBackend>(
    cc: &mut ChartContext<'_, DB, Coords>,
    markers: &[Marker],
    x: (f64, f64),
    y: (f64, f64),
    look: Look,
) -> ChartResult<DB> {
    for m in markers {
        if !(m.x.is_finite() && m.x >= x.0 && m.x <= x.1) {
            continue;
        }
        let style = rgb(m.colour).stroke_width(look.line(1.5));
        cc.draw_series(DashedLineSeries::new(
            vec![(m.x, y.0), (m.x, y.1)],
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
    markers: &[Marker],
    x: (f64, f64),
    y: (f64, f64),
    look: Look,
) -> ChartResult<DB> {
    let mut shown: Vec<&Marker> = markers
        .iter()
        .filter(|m| !m.label.is_empty() && m.x.is_finite() && m.x >= x.0 && m.x <= x.1)
        .collect();
    shown.sort_by(|a, b| a.x.total_cmp(&b.x));
    let right_edge = cc.backend_coord(&(x.1, y.1)).0;
    let line_h = look.px(15.0);
    let pad = look.px(3.0);
    let mut row_ends: Vec<i32> = Vec::new();
    for m in shown {
        let style = look.font(12.0, m.colour);
        let (tw, th) = area.estimate_text_size(&m.label, &style)?;
        let (tw, th) = (tw as i32, th as i32);
        let px = cc.backend_coord(&(m.x, y.1)).0;
        let right_aligned = px + pad + tw > right_edge;
        let (left, right) = if right_aligned {
            (px - pad - tw, px - pad)
        } else {
            (px + pad, px + pad + tw)
        };
        let row = match row_ends.iter().position(|&end| end + pad < left) {
            Some(r) => {
                row_ends[r] = right;
                r
            }
            None if row_ends.len() < 4 => {
                row_ends.push(right);
                row_ends.len() - 1
            }
            None => {
                let r = (0..row_ends.len())
                    .min_by_key(|&r| row_ends[r])
                    .unwrap_or(0);
                row_ends[r] = right;
                r
            }
        };
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
            .draw(&(EmptyElement::at((m.x, y.1)) + backing + label))?;
    }
    Ok(())
}
