//! Objectives: what a search minimizes. An [`Objective`] scores a [`Point`] (lower is better,
//! like a validation loss) or reports that it diverged or failed.
//!
//! [`SyntheticObjective`] is an instant analytic stand-in for training, for the pure
//! Bergstra & Bengio picture; the real one trains the engine (`RealObjective`).

use super::space::{Axis, Point, SearchSpace};
use crate::error::{Error, Result};

/// What evaluating one point gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// A finite score; lower is better (e.g. validation loss).
    Score(f64),
    /// Training blew up (loss became infinite or NaN); `message` says when, for the learner.
    Diverged {
        /// E.g. "diverged at step 120".
        message: String,
    },
    /// The point could not be evaluated at all, e.g. a batch larger than the training set.
    Failed {
        /// The reason, for the learner.
        message: String,
    },
}

impl Outcome {
    /// The score, if there is one.
    pub fn score(&self) -> Option<f64> {
        match self {
            Outcome::Score(s) => Some(*s),
            _ => None,
        }
    }
}

/// Something a search minimizes.
pub trait Objective {
    /// Scores one point (one value per axis of the search space, in axis order).
    fn evaluate(&self, point: &[f64]) -> Outcome;
}

/// One evaluated point of a search.
#[derive(Clone, Debug, PartialEq)]
pub struct Trial {
    /// The hyperparameter values tried, one per axis.
    pub point: Point,
    /// What they gave.
    pub outcome: Outcome,
}

/// Evaluates every point in order.
pub fn evaluate_points(objective: &dyn Objective, points: Vec<Point>) -> Vec<Trial> {
    points
        .into_iter()
        .map(|point| Trial {
            outcome: objective.evaluate(&point),
            point,
        })
        .collect()
}

/// An instant analytic objective over the unit coordinates `(x, y)` of the first two axes:
///
/// `f(x, y) = FLOOR + g(x) + s·h(y)`
///
/// - `g(x) = 1 − exp(−½·((x − X*)/w)²)`, a bowl around `X*` (by default [`Self::BEST_X`]; see [`Self::with_optimum`]) that is narrow
///   (`w = `[`Self::WIDTH_ABOVE`]) above the optimum and wider (`w = `[`Self::WIDTH_BELOW`])
///   below it, like loss against log α: too small a step is slow, too large blows up quickly;
/// - `h(y) = ½·(1 − cos 2π(y − Y*))`, a gentle wave with its minimum at `Y*` (by default [`Self::BEST_Y`]);
/// - `s`, the *importance ratio* the learner sets: at `s = 0.1` the first axis matters ten times
///   more than the second, at `s = 1` they matter alike.
///
/// Both `g` and `h` lie in [0, 1], so `f` lies in `[FLOOR, FLOOR + 1 + s]`, with its minimum
/// `FLOOR` at `(X*, Y*)`. Further axes, if any, have no effect (irrelevant hyperparameters).
///
/// The unit coordinates are taken on each hyperparameter's *natural* scale over the axis's range
/// (the course's: log for α, 1 − 10^r for β, …; [`HyperParam::default_axis`]), not on the scale
/// the learner picked for sampling and display. So f is a fixed function of the hyperparameter
/// values: switching an axis from log to linear moves the samples and squeezes the landscape,
/// exactly the lesson of the right scale, while the optimum stays at the same α.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntheticObjective {
    space: SearchSpace,
    importance_ratio: f64,
    best: [f64; 2],
}

impl SyntheticObjective {
    /// Unit coordinate of the best value on the first axis.
    pub const BEST_X: f64 = 0.62;
    /// Unit coordinate of the best value on the second axis.
    pub const BEST_Y: f64 = 0.3;
    /// Width of the bowl below `BEST_X`.
    pub const WIDTH_BELOW: f64 = 0.12;
    /// Width of the bowl above `BEST_X`.
    pub const WIDTH_ABOVE: f64 = 0.06;
    /// The lowest score, at the optimum.
    pub const FLOOR: f64 = 0.1;

    /// A synthetic objective over the first two axes of `space` with importance ratio
    /// `s = importance_ratio` in [0, 100].
    pub fn new(space: &SearchSpace, importance_ratio: f64) -> Result<SyntheticObjective> {
        if space.len() < 2 {
            return Err(Error::id("error.synthetic-axes"));
        }
        if !(0.0..=100.0).contains(&importance_ratio) {
            return Err(crate::query::check_real("importance", importance_ratio).unwrap_err());
        }
        // Each axis re-expressed on its parameter's natural scale (kept as is where that scale
        // does not fit the range, e.g. a log scale over a range that includes 0).
        let natural = space
            .axes()
            .iter()
            .map(|a| {
                Axis::new(a.param(), a.param().default_axis().scale(), a.lo(), a.hi())
                    .unwrap_or_else(|_| a.clone())
            })
            .collect();
        Ok(SyntheticObjective {
            space: SearchSpace::new(natural)?,
            importance_ratio,
            best: [Self::BEST_X, Self::BEST_Y],
        })
    }

    /// The same objective with its optimum moved to unit coordinates `(x, y)` (each clamped to
    /// [0, 1]): a fresh optimum per repeated search, so no strategy is favoured by where a fixed
    /// optimum happens to sit.
    pub fn with_optimum(mut self, x: f64, y: f64) -> SyntheticObjective {
        self.best = [x.clamp(0.0, 1.0), y.clamp(0.0, 1.0)];
        self
    }

    /// The optimum's unit coordinates `(x, y)`.
    pub fn optimum(&self) -> [f64; 2] {
        self.best
    }

    /// The importance ratio s.
    pub fn importance_ratio(&self) -> f64 {
        self.importance_ratio
    }

    /// `f(x, y)` at unit coordinates.
    pub fn at_unit(&self, x: f64, y: f64) -> f64 {
        let [best_x, best_y] = self.best;
        let width = if x < best_x {
            Self::WIDTH_BELOW
        } else {
            Self::WIDTH_ABOVE
        };
        let z = (x - best_x) / width;
        let g = 1.0 - libm::exp(-0.5 * z * z);
        let h = 0.5 * (1.0 - libm::cos(2.0 * core::f64::consts::PI * (y - best_y)));
        Self::FLOOR + g + self.importance_ratio * h
    }
}

impl Objective for SyntheticObjective {
    fn evaluate(&self, point: &[f64]) -> Outcome {
        let unit = self.space.to_unit(point);
        Outcome::Score(self.at_unit(unit[0], unit[1]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::space::HyperParam;

    #[test]
    fn synthetic_has_its_minimum_at_the_stated_point() {
        let space = SearchSpace::new(vec![
            Axis::log(HyperParam::LearningRate, 1e-4, 1.0).unwrap(),
            Axis::linear(HyperParam::Decay, 0.0, 1.0).unwrap(),
        ])
        .unwrap();
        let f = SyntheticObjective::new(&space, 0.5).unwrap();
        let best = f.at_unit(SyntheticObjective::BEST_X, SyntheticObjective::BEST_Y);
        assert!((best - SyntheticObjective::FLOOR).abs() < 1e-12);
        for i in 0..=50 {
            for j in 0..=50 {
                assert!(f.at_unit(i as f64 / 50.0, j as f64 / 50.0) >= best);
            }
        }
        // The objective reads values through the parameters' natural scales, whatever the
        // axis's own scale: the optimum is the same α on a linear axis.
        let linear = SearchSpace::new(vec![
            Axis::linear(HyperParam::LearningRate, 1e-4, 1.0).unwrap(),
            Axis::linear(HyperParam::Decay, 0.0, 1.0).unwrap(),
        ])
        .unwrap();
        let g = SyntheticObjective::new(&linear, 0.5).unwrap();
        let point = space.from_unit(&[SyntheticObjective::BEST_X, SyntheticObjective::BEST_Y]);
        assert!((g.evaluate(&point).score().unwrap() - best).abs() < 1e-9);
        assert!(
            linear.to_unit(&point)[0] < 0.05,
            "the best α sits near 0 on a linear axis"
        );
        let point = space.from_unit(&[SyntheticObjective::BEST_X, SyntheticObjective::BEST_Y]);
        assert!((f.evaluate(&point).score().unwrap() - best).abs() < 1e-9);
        assert!(SyntheticObjective::new(&space, -1.0).is_err());
    }
}
