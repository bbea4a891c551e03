//! Hyperparameter search: spaces, strategies, objectives, landscapes and their analysis
//! (course notes, week 3, §1–2). Pure Rust, no browser dependency.
//!
//! A search runs in four steps:
//!
//! 1. [`space`] — a [`SearchSpace`] of [`Axis`]es: which [`HyperParam`]s vary, over which range,
//!    on which [`Scale`] (linear, log `α = 10^r`, one-minus-log `β = 1 − 10^r`, integer, powers
//!    of two, categorical). Every value has a unit coordinate in [0, 1] along its axis.
//! 2. [`strategy`] — a [`Strategy`] (grid, random uniform in value, random on scale, coarse to
//!    fine, Latin hypercube) turns (space, budget, seed) into points.
//! 3. [`objective`] — an [`Objective`] scores each point into a [`Trial`]: the instant
//!    [`SyntheticObjective`] `f(x, y) = g(x) + s·h(y)`, or [`RealObjective`], which trains
//!    the engine and scores validation loss.
//! 4. [`analysis`] — best-so-far curves, distinct values per axis, quartiles over repeated
//!    searches, per-axis importance, and `P(hit) = 1 − (1 − p)^n`.
//!
//! [`landscape`] evaluates an objective densely over two axes, chunk by chunk, as the backdrop
//! on which the views draw the tried points. [`race`] holds the settings of the "Grid vs random"
//! view, [`scale_demo`] the samples of the "Right scale" view.
//!
//! ```
//! use tunelab::search::*;
//!
//! let space = SearchSpace::new(vec![
//!     Axis::log(HyperParam::LearningRate, 1e-4, 1.0)?,
//!     Axis::one_minus_log(HyperParam::Momentum, 0.9, 0.999)?,
//! ])?;
//! let objective = SyntheticObjective::new(&space, 0.1)?;
//! let points = Strategy::RandomOnScale.points(&space, 25, 7)?;
//! let trials = evaluate_points(&objective, points);
//! let best = best_so_far(&trials);
//! assert_eq!(best.len(), 25);
//! assert_eq!(distinct_values(&space, &trials), vec![25, 25]);
//! # Ok::<(), tunelab::Error>(())
//! ```

pub mod analysis;
pub mod landscape;
pub mod objective;
pub mod real;
pub mod space;
pub mod strategy;

pub use analysis::{
    best_so_far, chance_of_top_hit, distinct_values, importance, quantile, repeated_best_so_far,
    trials_needed, BestSoFarBands,
};
pub use landscape::{CellStatus, Landscape, NearestCell, Progress};
pub use objective::{evaluate_points, Objective, Outcome, SyntheticObjective, Trial};
pub use real::RealObjective;
pub use space::{Axis, HyperParam, Point, Scale, SearchSpace, ValueKind};
pub use strategy::{box_around_best, GridPlacement, Strategy, UnitBox, MAX_BUDGET};
