//! The landscape: an objective evaluated on a dense `n × n` grid over two axes, the backdrop
//! against which the views draw the points a strategy tried.
//!
//! Cell `(ix, iy)` is stored at index `iy·n + ix` and evaluated at the centre of its square in
//! unit coordinates, `x = (ix + ½)/n`, `y = (iy + ½)/n`; row `iy = 0` is the bottom (smallest
//! y) — a renderer drawing top-down flips it.
//!
//! Real objectives train a network per cell, so a UI fills the landscape a few cells at a time
//! ([`Landscape::fill_next`]) in a coarse-to-fine order: first the centre cell of the whole
//! square, then the centre cell of each of its 2 × 2 blocks, then of each 4 × 4 block, and so on
//! down to single cells. [`Landscape::preview_sources`] shows every cell as its nearest filled
//! block centre, so a partial landscape already reads as a blurry picture that sharpens.
//!
//! A landscape can also be filled from outside, in any order: a page that evaluates cells in Web
//! Workers hands each result to [`Landscape::record`] (and [`Landscape::fill_next`] then skips
//! the cells already known). Once filled, [`NearestCell`] reads it back as an instant
//! [`Objective`] — the nearest cell's score — to replay many searches without training again.
//!
//! Nothing is cached here: a discrete axis (e.g. batch norm off/on) makes many cells evaluate the
//! same point, and keeping landscapes across views is the caller's concern.

use super::objective::{Objective, Outcome};
use super::space::{Point, SearchSpace};
use crate::error::{Error, Result};
use crate::i18n::Msg;

/// What is known about one landscape cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellStatus {
    /// Not evaluated yet.
    Pending,
    /// Has a score in [`Landscape::values`].
    Scored,
    /// Training diverged there.
    Diverged,
    /// The point could not be evaluated (e.g. an invalid config).
    Failed,
}

/// How far a landscape is filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Cells evaluated so far.
    pub filled: usize,
    /// Cells in all, `n²`.
    pub total: usize,
}

impl Progress {
    /// True when every cell is evaluated.
    pub fn is_done(&self) -> bool {
        self.filled == self.total
    }
}

/// An `n × n` grid of objective values over a two-axis [`SearchSpace`], filled progressively.
#[derive(Clone, Debug)]
pub struct Landscape {
    space: SearchSpace,
    n: usize,
    values: Vec<f64>,
    status: Vec<CellStatus>,
    order: Vec<usize>,
    /// Position in `order` from which `fill_next` looks for pending cells.
    next: usize,
    filled: usize,
    first_problem: Option<String>,
}

impl Landscape {
    /// The most cells per side.
    pub const MAX_SIDE: usize = 128;

    /// An empty landscape of `n × n` cells over `space`, which must have exactly two axes
    /// (x first, y second); `n` in 1..=[`Landscape::MAX_SIDE`].
    pub fn new(space: &SearchSpace, n: usize) -> Result<Landscape> {
        if space.len() != 2 {
            return Err(Error::new(
                Msg::new("error.landscape-axes").num("got", space.len() as f64),
            ));
        }
        if !(1..=Self::MAX_SIDE).contains(&n) {
            return Err(Error::new(
                Msg::new("error.landscape-size")
                    .num("max", Self::MAX_SIDE as f64)
                    .num("got", n as f64),
            )
            .for_key("mapSize"));
        }
        Ok(Landscape {
            space: space.clone(),
            n,
            values: vec![f64::NAN; n * n],
            status: vec![CellStatus::Pending; n * n],
            order: coarse_to_fine_order(n),
            next: 0,
            filled: 0,
            first_problem: None,
        })
    }

    /// Cells per side.
    pub fn n(&self) -> usize {
        self.n
    }

    /// The space it is drawn over.
    pub fn space(&self) -> &SearchSpace {
        &self.space
    }

    /// Scores by cell (`iy·n + ix`); NaN where a cell is pending, diverged or failed (see
    /// [`Landscape::status`]).
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    /// What is known about each cell.
    pub fn status(&self) -> &[CellStatus] {
        &self.status
    }

    /// The first diverged or failed cell's message, if any, to tell the learner why cells are
    /// blank.
    pub fn first_problem(&self) -> Option<&str> {
        self.first_problem.as_deref()
    }

    /// Unit coordinates of the centre of cell `index`.
    pub fn cell_unit(&self, index: usize) -> [f64; 2] {
        let (ix, iy) = (index % self.n, index / self.n);
        let n = self.n as f64;
        [(ix as f64 + 0.5) / n, (iy as f64 + 0.5) / n]
    }

    /// The point evaluated for cell `index`.
    pub fn cell_point(&self, index: usize) -> Point {
        self.space.from_unit(&self.cell_unit(index))
    }

    /// How far it is filled.
    pub fn progress(&self) -> Progress {
        Progress {
            filled: self.filled,
            total: self.n * self.n,
        }
    }

    /// Every cell index once, in the coarse-to-fine order [`Landscape::fill_next`] follows:
    /// split it among workers to fill a landscape in parallel, coarse first.
    pub fn order(&self) -> &[usize] {
        &self.order
    }

    /// Evaluates up to `max_cells` more pending cells, in coarse-to-fine order (skipping cells
    /// already [`Landscape::record`]ed), and reports progress.
    pub fn fill_next(&mut self, objective: &dyn Objective, max_cells: usize) -> Progress {
        let mut done = 0;
        while done < max_cells && self.next < self.order.len() {
            let cell = self.order[self.next];
            self.next += 1;
            if self.status[cell] != CellStatus::Pending {
                continue;
            }
            let outcome = objective.evaluate(&self.cell_point(cell));
            self.record(cell, &outcome);
            done += 1;
        }
        self.progress()
    }

    /// Stores what evaluating cell `index` gave (e.g. computed elsewhere, in a worker). A cell
    /// recorded twice keeps the last outcome. Indices outside the grid are ignored.
    pub fn record(&mut self, index: usize, outcome: &Outcome) {
        if index >= self.status.len() {
            return;
        }
        let (status, value, problem) = match outcome {
            Outcome::Score(s) if s.is_finite() => (CellStatus::Scored, *s, None),
            Outcome::Score(s) => (
                CellStatus::Diverged,
                f64::NAN,
                Some(
                    crate::i18n::Msg::new("outcome.score-not-finite")
                        .num("score", *s)
                        .render(),
                ),
            ),
            Outcome::Diverged { message } => {
                (CellStatus::Diverged, f64::NAN, Some(message.clone()))
            }
            Outcome::Failed { message } => (CellStatus::Failed, f64::NAN, Some(message.clone())),
        };
        if self.status[index] == CellStatus::Pending {
            self.filled += 1;
        }
        self.status[index] = status;
        self.values[index] = value;
        if self.first_problem.is_none() {
            self.first_problem = problem;
        }
    }

    /// The cell containing unit coordinates `unit` (clamped to the square): column
    /// `⌊x·n⌋`, row `⌊y·n⌋`.
    pub fn cell_at_unit(&self, unit: [f64; 2]) -> usize {
        let index = |u: f64| {
            let u = if u.is_nan() { 0.0 } else { u.clamp(0.0, 1.0) };
            ((u * self.n as f64) as usize).min(self.n - 1)
        };
        index(unit[1]) * self.n + index(unit[0])
    }

    /// For every cell, the filled cell to show in its place: itself if filled, else the centre
    /// of the smallest enclosing block (2 × 2, 4 × 4, …) that is filled; `None` before any
    /// enclosing block is. Read the shown cell's [`Landscape::values`] and
    /// [`Landscape::status`].
    pub fn preview_sources(&self) -> Vec<Option<usize>> {
        let top = self.n.next_power_of_two();
        (0..self.n * self.n)
            .map(|cell| {
                let (ix, iy) = (cell % self.n, cell / self.n);
                let mut stride = 1;
                while stride <= top {
                    let source = block_centre(iy, stride, self.n) * self.n
                        + block_centre(ix, stride, self.n);
                    if self.status[source] != CellStatus::Pending {
                        return Some(source);
                    }
                    stride *= 2;
                }
                None
            })
            .collect()
    }

    /// The index of the best (lowest) scored cell, if any.
    pub fn best_cell(&self) -> Option<usize> {
        (0..self.values.len())
            .filter(|&i| self.status[i] == CellStatus::Scored)
            .min_by(|&a, &b| self.values[a].total_cmp(&self.values[b]))
    }
}

/// A filled [`Landscape`] read as an instant objective: a point scores what the cell containing
/// it scored ([`Landscape::cell_at_unit`]). An honest approximation of re-training at the exact
/// point, good to `1/n` of each axis: it lets a page repeat a search hundreds of times on a
/// landscape of real training runs. A pending cell counts as failed.
#[derive(Clone, Copy, Debug)]
pub struct NearestCell<'a>(pub &'a Landscape);

impl Objective for NearestCell<'_> {
    fn evaluate(&self, point: &[f64]) -> Outcome {
        let land = self.0;
        let unit = land.space.to_unit(point);
        let cell = land.cell_at_unit([unit[0], unit[1]]);
        match land.status[cell] {
            CellStatus::Scored => Outcome::Score(land.values[cell]),
            CellStatus::Diverged => Outcome::Diverged {
                message: crate::i18n::text("outcome.nearest-diverged"),
            },
            CellStatus::Failed => Outcome::Failed {
                message: crate::i18n::text("outcome.nearest-failed"),
            },
            CellStatus::Pending => Outcome::Failed {
                message: crate::i18n::text("outcome.nearest-pending"),
            },
        }
    }
}

/// The centre index of the block of `stride` cells containing index `i` on a side of `n`.
fn block_centre(i: usize, stride: usize, n: usize) -> usize {
    ((i / stride) * stride + stride / 2).min(n - 1)
}

/// Every cell once: block centres at strides top, top/2, …, 1 (top = n rounded up to a power of
/// two), each level in row order, skipping cells already listed.
fn coarse_to_fine_order(n: usize) -> Vec<usize> {
    let mut listed = vec![false; n * n];
    let mut order = Vec::with_capacity(n * n);
    let mut stride = n.next_power_of_two();
    loop {
        for by in (0..n).step_by(stride) {
            for bx in (0..n).step_by(stride) {
                let cell = block_centre(by, stride, n) * n + block_centre(bx, stride, n);
                if !listed[cell] {
                    listed[cell] = true;
                    order.push(cell);
                }
            }
        }
        if stride == 1 {
            return order;
        }
        stride /= 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::objective::SyntheticObjective;
    use crate::search::space::{Axis, HyperParam};

    fn space() -> SearchSpace {
        SearchSpace::new(vec![
            Axis::log(HyperParam::LearningRate, 1e-4, 1.0).unwrap(),
            Axis::linear(HyperParam::Decay, 0.0, 1.0).unwrap(),
        ])
        .unwrap()
    }

    #[test]
    fn cells_recorded_from_outside_match_a_fill_and_are_not_evaluated_again() {
        let objective = SyntheticObjective::new(&space(), 0.3).unwrap();
        let mut reference = Landscape::new(&space(), 9).unwrap();
        reference.fill_next(&objective, usize::MAX);

        // Two "workers" take alternate cells of the order; their results come back in any order.
        let mut land = Landscape::new(&space(), 9).unwrap();
        let order = land.order().to_vec();
        for worker in [1, 0] {
            for &cell in order.iter().skip(worker).step_by(2).take(20) {
                land.record(cell, &objective.evaluate(&land.cell_point(cell)));
            }
        }
        assert_eq!(land.progress().filled, 40);
        // fill_next completes the rest, skipping what was recorded.
        assert!(land.fill_next(&objective, usize::MAX).is_done());
        assert_eq!(land.progress().filled, 81);
        assert_eq!(land.values(), reference.values());
        // Recording a cell again does not count it twice.
        land.record(
            0,
            &Outcome::Diverged {
                message: "x".into(),
            },
        );
        assert_eq!(land.progress().filled, 81);
        assert_eq!(land.status()[0], CellStatus::Diverged);
        assert_eq!(land.first_problem(), Some("x"));
        land.record(10_000, &Outcome::Score(1.0));
        assert_eq!(land.progress().filled, 81);
    }

    #[test]
    fn nearest_cell_reads_back_the_cell_containing_a_point() {
        let objective = SyntheticObjective::new(&space(), 0.3).unwrap();
        let mut land = Landscape::new(&space(), 8).unwrap();
        assert!(matches!(
            NearestCell(&land).evaluate(&[0.01, 0.5]),
            Outcome::Failed { .. }
        ));
        land.fill_next(&objective, usize::MAX);
        for cell in 0..64 {
            let point = land.cell_point(cell);
            assert_eq!(
                NearestCell(&land).evaluate(&point),
                Outcome::Score(land.values()[cell])
            );
        }
        assert_eq!(land.cell_at_unit([0.0, 0.0]), 0);
        assert_eq!(land.cell_at_unit([1.0, 1.0]), 63);
        assert_eq!(land.cell_at_unit([0.126, 0.0]), 1);
        assert_eq!(land.cell_at_unit([f64::NAN, 2.0]), 56);
        land.record(
            63,
            &Outcome::Diverged {
                message: "d".into(),
            },
        );
        assert!(matches!(
            NearestCell(&land).evaluate(&[1.0, 1.0]),
            Outcome::Diverged { .. }
        ));
    }

    #[test]
    fn order_visits_every_cell_once_coarse_first() {
        for n in [1, 3, 4, 5, 16, 33] {
            let order = coarse_to_fine_order(n);
            let mut sorted = order.clone();
            sorted.sort_unstable();
            assert_eq!(sorted, (0..n * n).collect::<Vec<_>>(), "n = {n}");
        }
        let order = coarse_to_fine_order(16);
        // First the centre of the whole square, then the centres of its four quarters.
        assert_eq!(order[0], 8 * 16 + 8);
        let mut quarters = order[1..5].to_vec();
        quarters.sort_unstable();
        assert_eq!(
            quarters,
            vec![4 * 16 + 4, 4 * 16 + 12, 12 * 16 + 4, 12 * 16 + 12]
        );
    }
}
