//! Search strategies. Each is a pure function of (space, budget, seed) → points: the same
//! arguments give the same points, and all randomness comes from one [`PortableRng`] seeded with `seed`.
//!
//! - **Grid**: `k` values per axis, every combination (`k^d` points for `d` axes), so each
//!   hyperparameter is tried at only `k` distinct values: with 25 trials on 2 axes, 5 values of
//!   the one that matters (Bergstra & Bengio 2012, fig. 1).
//! - **Random, uniform in value**: every axis sampled uniformly between its ends, ignoring its
//!   scale (for α in [1e-4, 1], 90% of the trials land in [0.1, 1]).
//! - **Random on scale**: `u` uniform, mapped through the axis's scale (every decade of α gets the
//!   same share).
//! - **Coarse to fine**: random on scale inside a box of unit coordinates, drawn by the learner
//!   or placed around the best trials by [`box_around_best`].
//! - **Latin hypercube** (McKay, Beckman & Conover 1979): split every axis into `n` equal strata
//!   of `u` (`n` = budget) and put exactly one point in each stratum of each axis, so even a few
//!   trials cover every axis evenly — the "beyond random" step.

use super::objective::Trial;
use super::space::{Point, SearchSpace};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::rng::{self, PortableRng};
use rand::seq::SliceRandom;
use rand::Rng;

/// The most trials one search may ask for.
pub const MAX_BUDGET: usize = 10_000;

/// The most points a grid may have before the budget cuts it (`k^d`).
pub const MAX_GRID_POINTS: usize = 100_000;

/// Where a grid puts its `k` values along each axis, in unit coordinates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GridPlacement {
    /// At the centres of `k` equal cells: `u = (i + ½)/k` — every value stands for an equal
    /// share of the axis, none wasted on its extreme ends. The default.
    Centres,
    /// Evenly from end to end: `u = i/(k − 1)` (the centre, ½, when `k = 1`) — the ends of the
    /// range are tried, e.g. powers of two 16, 32, …, 256 on a log axis.
    Endpoints,
}

impl GridPlacement {
    /// The unit coordinate of the i-th of `k` grid values.
    pub fn unit(self, i: usize, k: usize) -> f64 {
        match self {
            GridPlacement::Centres => (i as f64 + 0.5) / k as f64,
            GridPlacement::Endpoints if k == 1 => 0.5,
            GridPlacement::Endpoints => i as f64 / (k - 1) as f64,
        }
    }
}

/// A box in unit coordinates, `[lo_i, hi_i]` on every axis `i`: the region coarse-to-fine
/// resamples.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitBox {
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl UnitBox {
    /// A box with `0 ≤ lo_i < hi_i ≤ 1` on every axis, or an error tied to the `zoom` key.
    pub fn new(lo: Vec<f64>, hi: Vec<f64>) -> Result<UnitBox> {
        if lo.len() != hi.len() || lo.is_empty() {
            return Err(Error::id("error.zoom-ends").for_key("zoom"));
        }
        for (axis, (&l, &h)) in lo.iter().zip(&hi).enumerate() {
            let inside = (0.0..=1.0).contains(&l) && (0.0..=1.0).contains(&h);
            if !(inside && l < h) {
                return Err(Error::new(
                    Msg::new("error.zoom-box")
                        .num("axis", (axis + 1) as f64)
                        .num("lo", l)
                        .num("hi", h),
                )
                .for_key("zoom"));
            }
        }
        Ok(UnitBox { lo, hi })
    }

    /// The whole space, `[0, 1]` on each of `dims` axes.
    pub fn whole(dims: usize) -> UnitBox {
        UnitBox {
            lo: vec![0.0; dims],
            hi: vec![1.0; dims],
        }
    }

    /// Lower ends, one per axis.
    pub fn lo(&self) -> &[f64] {
        &self.lo
    }

    /// Upper ends, one per axis.
    pub fn hi(&self) -> &[f64] {
        &self.hi
    }

    /// Whether the unit coordinates `unit` lie inside the box (ends included).
    pub fn contains(&self, unit: &[f64]) -> bool {
        unit.len() == self.lo.len()
            && unit
                .iter()
                .zip(self.lo.iter().zip(&self.hi))
                .all(|(&u, (&l, &h))| l <= u && u <= h)
    }
}

/// How to choose the points of a search.
#[derive(Clone, Debug, PartialEq)]
pub enum Strategy {
    /// Every combination of `values_per_axis` values per axis (fewer on a discrete axis with
    /// fewer levels), visited in an order shuffled by the seed — as Optuna's `GridSampler` does
    /// — so a budget smaller than the grid still spreads over it. A budget larger than the grid
    /// gives the whole grid once.
    Grid {
        /// k, at least 1.
        values_per_axis: usize,
        /// Where the k values sit on each axis.
        placement: GridPlacement,
    },
    /// Independent uniform draws between each axis's ends, ignoring its scale.
    RandomUniformInValue,
    /// Independent uniform draws of the unit coordinate, mapped through each axis's scale.
    RandomOnScale,
    /// A grid of `values_per_axis` values per axis at the same spacing as [`Strategy::Grid`]
    /// with [`GridPlacement::Centres`], shifted: value `j` of axis `i` sits at unit coordinate
    /// `(j + origin[i]) / k`, `origin[i]` in [0, 1) (½ is the centred grid). A fresh origin per
    /// repeat makes repeated grids fair: where the optimum falls between the grid's lines is
    /// then luck, as it is for a searcher who does not know where the optimum is.
    ShiftedGrid {
        /// k, at least 1.
        values_per_axis: usize,
        /// Per axis, where the first value sits inside the first of the k cells, in [0, 1).
        origin: Vec<f64>,
    },
    /// Random on scale inside `region` (unit coordinates). On a discrete axis the value's band
    /// overlaps the region but its centre may lie just outside.
    CoarseToFine {
        /// The zoomed-in region.
        region: UnitBox,
    },
    /// A Latin hypercube on each axis's scale: one point in each of the `budget` equal strata
    /// of every axis, the strata paired across axes by independent random permutations.
    LatinHypercube,
}

impl Strategy {
    /// The name shown to the learner.
    pub fn name(&self) -> &'static str {
        match self {
            Strategy::Grid { .. } | Strategy::ShiftedGrid { .. } => "grid",
            Strategy::RandomUniformInValue => "random, uniform in value",
            Strategy::RandomOnScale => "random on the right scale",
            Strategy::CoarseToFine { .. } => "coarse to fine",
            Strategy::LatinHypercube => "Latin hypercube",
        }
    }

    /// The points of a search of `budget` trials over `space`, drawn with `seed`. Errors (as
    /// [`Error::InvalidSearch`]) for a budget of 0 or over [`MAX_BUDGET`], a grid with `k < 1`
    /// or more than [`MAX_GRID_POINTS`] points, or a region that does not fit the space.
    pub fn points(&self, space: &SearchSpace, budget: usize, seed: u64) -> Result<Vec<Point>> {
        check_budget(budget)?;
        let mut rng = rng::from_seed(seed);
        match self {
            Strategy::Grid {
                values_per_axis,
                placement,
            } => {
                let units = |i: usize, k: usize| vec![placement.unit(i, k); space.len()];
                grid(space, *values_per_axis, &units, budget, &mut rng)
            }
            Strategy::ShiftedGrid {
                values_per_axis,
                origin,
            } => {
                let at = |i: usize, k: usize| {
                    let o = |a: usize| origin.get(a).copied().unwrap_or(0.5).clamp(0.0, 1.0);
                    (0..space.len())
                        .map(|a| ((i as f64 + o(a)) / k as f64).min(1.0))
                        .collect()
                };
                grid(space, *values_per_axis, &at, budget, &mut rng)
            }
            Strategy::RandomUniformInValue => Ok((0..budget)
                .map(|_| {
                    let axes = space.axes().iter();
                    axes.map(|a| a.sample_uniform_in_value(&mut rng)).collect()
                })
                .collect()),
            Strategy::RandomOnScale => Ok((0..budget)
                .map(|_| {
                    let axes = space.axes().iter();
                    axes.map(|a| a.sample_on_scale(&mut rng)).collect()
                })
                .collect()),
            Strategy::CoarseToFine { region } => coarse_to_fine(space, region, budget, &mut rng),
            Strategy::LatinHypercube => Ok(latin_hypercube(space, budget, &mut rng)),
        }
    }
}

/// Refuses a budget of 0 or more than [`MAX_BUDGET`] trials.
pub fn check_budget(budget: usize) -> Result<()> {
    if budget == 0 {
        return Err(Error::id("error.budget-zero").for_key("budget"));
    }
    if budget > MAX_BUDGET {
        return Err(Error::new(
            Msg::new("error.budget-too-large")
                .num("max", MAX_BUDGET as f64)
                .num("got", budget as f64),
        )
        .for_key("budget"));
    }
    Ok(())
}

/// A grid of `k` values per axis; `unit(i, k)` gives value `i`'s unit coordinate on every axis.
fn grid(
    space: &SearchSpace,
    k: usize,
    unit: &dyn Fn(usize, usize) -> Vec<f64>,
    budget: usize,
    rng: &mut PortableRng,
) -> Result<Vec<Point>> {
    if k < 1 {
        return Err(Error::id("error.grid-values").for_key("budget"));
    }
    // Per axis: k values, or every level of a discrete axis with fewer than k levels.
    let values: Vec<Vec<f64>> = space
        .axes()
        .iter()
        .enumerate()
        .map(|(a, axis)| {
            let k = axis.level_count().map_or(k, |n| n.min(k));
            (0..k).map(|i| axis.from_unit(unit(i, k)[a])).collect()
        })
        .collect();
    let total = values
        .iter()
        .try_fold(1usize, |acc, v| acc.checked_mul(v.len()))
        .filter(|&n| n <= MAX_GRID_POINTS)
        .ok_or_else(|| {
            Error::new(
                Msg::new("error.grid-too-large")
                    .num("k", k as f64)
                    .num("axes", space.len() as f64)
                    .num("max", MAX_GRID_POINTS as f64),
            )
            .for_key("budget")
        })?;
    let mut order: Vec<usize> = (0..total).collect();
    order.shuffle(rng);
    order.truncate(budget);
    Ok(order
        .into_iter()
        .map(|mut index| {
            // Decode the mixed-radix index: the first axis varies fastest.
            values
                .iter()
                .map(|axis_values| {
                    let v = axis_values[index % axis_values.len()];
                    index /= axis_values.len();
                    v
                })
                .collect()
        })
        .collect())
}

fn coarse_to_fine(
    space: &SearchSpace,
    region: &UnitBox,
    budget: usize,
    rng: &mut PortableRng,
) -> Result<Vec<Point>> {
    if region.lo.len() != space.len() {
        return Err(Error::new(
            Msg::new("error.zoom-axes")
                .num("box", region.lo.len() as f64)
                .num("axes", space.len() as f64),
        )
        .for_key("zoom"));
    }
    Ok((0..budget)
        .map(|_| {
            let unit: Vec<f64> = region
                .lo
                .iter()
                .zip(&region.hi)
                .map(|(&l, &h)| rng.random_range(l..h))
                .collect();
            space.from_unit(&unit)
        })
        .collect())
}

fn latin_hypercube(space: &SearchSpace, n: usize, rng: &mut PortableRng) -> Vec<Point> {
    let mut unit = vec![vec![0.0; space.len()]; n];
    for axis in 0..space.len() {
        let mut strata: Vec<usize> = (0..n).collect();
        strata.shuffle(rng);
        for (point, stratum) in unit.iter_mut().zip(strata) {
            point[axis] = (stratum as f64 + rng.random::<f64>()) / n as f64;
        }
    }
    unit.iter().map(|u| space.from_unit(u)).collect()
}

/// The smallest width per axis a box from [`box_around_best`] is given.
pub const MIN_BOX_WIDTH: f64 = 0.05;

/// A box around the best trials, for the next, finer pass of coarse to fine: the bounding box
/// (in unit coordinates) of the best `fraction` of the scored trials (at least one), widened by
/// `margin` on each side, clamped to [0, 1], and at least [`MIN_BOX_WIDTH`] wide on every axis.
/// Errors when no trial has a score, `fraction` is not in (0, 1] or `margin` not in [0, 0.5].
pub fn box_around_best(
    space: &SearchSpace,
    trials: &[Trial],
    fraction: f64,
    margin: f64,
) -> Result<UnitBox> {
    if !(fraction > 0.0 && fraction <= 1.0) {
        return Err(Error::new(
            Msg::new("error.zoom-fraction").num("got", fraction),
        ));
    }
    if !(0.0..=0.5).contains(&margin) {
        return Err(Error::new(Msg::new("error.zoom-margin").num("got", margin)));
    }
    let mut scored: Vec<(f64, &Trial)> = trials
        .iter()
        .filter_map(|t| t.outcome.score().map(|s| (s, t)))
        .collect();
    if scored.is_empty() {
        return Err(Error::id("error.zoom-no-score").for_key("zoom"));
    }
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let keep = ((fraction * scored.len() as f64).ceil() as usize).clamp(1, scored.len());
    let mut lo = vec![1.0_f64; space.len()];
    let mut hi = vec![0.0_f64; space.len()];
    for (_, trial) in &scored[..keep] {
        for (i, u) in space.to_unit(&trial.point).into_iter().enumerate() {
            lo[i] = lo[i].min(u);
            hi[i] = hi[i].max(u);
        }
    }
    for (l, h) in lo.iter_mut().zip(hi.iter_mut()) {
        *l = (*l - margin).max(0.0);
        *h = (*h + margin).min(1.0);
        let missing = MIN_BOX_WIDTH - (*h - *l);
        if missing > 0.0 {
            *l = (*l - missing / 2.0).max(0.0);
            *h = (*l + MIN_BOX_WIDTH).min(1.0);
            *l = *h - MIN_BOX_WIDTH;
        }
    }
    UnitBox::new(lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::space::{Axis, HyperParam};

    fn space() -> SearchSpace {
        SearchSpace::new(vec![
            Axis::log(HyperParam::LearningRate, 1e-4, 1.0).unwrap(),
            Axis::one_minus_log(HyperParam::Momentum, 0.9, 0.999).unwrap(),
        ])
        .unwrap()
    }

    #[test]
    fn budgets_and_grids_are_checked() {
        let s = space();
        let e = Strategy::RandomOnScale.points(&s, 0, 1).unwrap_err();
        assert!(e.to_string().contains("at least 1 trial"), "{e}");
        let e = Strategy::RandomOnScale.points(&s, 10_001, 1).unwrap_err();
        assert!(e.to_string().contains("at most 10000"), "{e}");
        let grid0 = Strategy::Grid {
            values_per_axis: 0,
            placement: GridPlacement::Centres,
        };
        let e = grid0.points(&s, 10, 1).unwrap_err();
        assert!(e.to_string().contains("at least 1 value per axis"), "{e}");
        let huge = Strategy::Grid {
            values_per_axis: 1000,
            placement: GridPlacement::Centres,
        };
        assert!(huge.points(&s, 10, 1).is_err());
    }

    #[test]
    fn a_small_budget_spreads_over_the_grid() {
        let s = space();
        let grid = Strategy::Grid {
            values_per_axis: 10,
            placement: GridPlacement::Centres,
        };
        let points = grid.points(&s, 10, 3).unwrap();
        assert_eq!(points.len(), 10);
        // Unshuffled, the first 10 points would all share one momentum value.
        let mut momenta: Vec<f64> = points.iter().map(|p| p[1]).collect();
        momenta.sort_by(f64::total_cmp);
        momenta.dedup();
        assert!(momenta.len() >= 4, "{momenta:?}");
    }

    #[test]
    fn endpoints_grid_on_a_powers_of_two_axis_gives_every_power() {
        let s = SearchSpace::new(vec![Axis::powers_of_two(
            HyperParam::BatchSize,
            16.0,
            256.0,
        )
        .unwrap()])
        .unwrap();
        let grid = Strategy::Grid {
            values_per_axis: 9,
            placement: GridPlacement::Endpoints,
        };
        let mut values: Vec<f64> = grid.points(&s, 100, 1).unwrap().concat();
        values.sort_by(f64::total_cmp);
        assert_eq!(values, vec![16.0, 32.0, 64.0, 128.0, 256.0]);
    }

    #[test]
    fn unit_box_rejects_bad_ends() {
        assert!(UnitBox::new(vec![0.2], vec![0.1]).is_err());
        assert!(UnitBox::new(vec![-0.1], vec![0.5]).is_err());
        assert!(UnitBox::new(vec![0.1, 0.2], vec![0.5]).is_err());
        assert!(UnitBox::new(vec![0.1], vec![0.5]).is_ok());
        let region = UnitBox::whole(3);
        let e = Strategy::CoarseToFine { region }
            .points(&space(), 5, 1)
            .unwrap_err();
        assert!(e.to_string().contains("3 axes"), "{e}");
    }
}
