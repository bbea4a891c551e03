//! What a search found and how good a strategy is: best-so-far curves, distinct values per axis,
//! quartiles over repeated searches, a per-axis importance, and the odds of a hit.

use super::objective::{evaluate_points, Objective, Trial};
use super::space::SearchSpace;
use super::strategy::{check_budget, Strategy};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::stats::Bins;

/// The best score among trials `0..=t`, for every trial `t`: a non-increasing curve.
/// Infinity until the first scored trial (diverged and failed trials count as worse than any
/// score), so medians over repeats stay defined.
pub fn best_so_far(trials: &[Trial]) -> Vec<f64> {
    let mut best = f64::INFINITY;
    trials
        .iter()
        .map(|t| {
            if let Some(s) = t.outcome.score() {
                best = best.min(s);
            }
            best
        })
        .collect()
}

/// How many distinct values of each axis the trials tried: at most `k` for a `k`-per-axis grid,
/// one per trial for random search on a continuous axis.
pub fn distinct_values(space: &SearchSpace, trials: &[Trial]) -> Vec<usize> {
    (0..space.len())
        .map(|axis| {
            let mut values: Vec<f64> = trials.iter().map(|t| t.point[axis]).collect();
            values.sort_by(f64::total_cmp);
            values.dedup();
            values.len()
        })
        .collect()
}

/// Best-so-far over many repeats of one search, summarized trial by trial.
#[derive(Clone, Debug, PartialEq)]
pub struct BestSoFarBands {
    /// 25th percentile of best-so-far after trial t (index t).
    pub lower_quartile: Vec<f64>,
    /// Median of best-so-far after trial t.
    pub median: Vec<f64>,
    /// 75th percentile of best-so-far after trial t.
    pub upper_quartile: Vec<f64>,
}

/// The most repeats of a search [`repeated_best_so_far`] runs.
pub const MAX_REPEATS: usize = 10_000;

/// Runs the same search `repeats` times, with seeds `first_seed`, `first_seed + 1`, …, and
/// summarizes best-so-far after each trial by its quartiles over the repeats (linear
/// interpolation between order statistics, as numpy's default). E.g. 200 repeats per strategy
/// show how reliably each finds a good point within 25 trials.
pub fn repeated_best_so_far(
    space: &SearchSpace,
    strategy: &Strategy,
    objective: &dyn Objective,
    budget: usize,
    repeats: usize,
    first_seed: u64,
) -> Result<BestSoFarBands> {
    check_budget(budget)?;
    if !(1..=MAX_REPEATS).contains(&repeats) {
        return Err(Error::new(
            Msg::new("error.repeats")
                .num("max", MAX_REPEATS as f64)
                .num("got", repeats as f64),
        ));
    }
    let mut curves = Vec::with_capacity(repeats);
    for r in 0..repeats {
        let seed = first_seed.wrapping_add(r as u64);
        let points = strategy.points(space, budget, seed)?;
        curves.push(best_so_far(&evaluate_points(objective, points)));
    }
    Ok(bands_of(&curves))
}

/// Quartiles, trial by trial, of best-so-far curves from repeated searches. A grid smaller
/// than the budget gives fewer trials: the trials every curve has are summarized.
pub fn bands_of(curves: &[Vec<f64>]) -> BestSoFarBands {
    let trials = curves.iter().map(Vec::len).min().unwrap_or(0);
    let mut bands = BestSoFarBands {
        lower_quartile: Vec::with_capacity(trials),
        median: Vec::with_capacity(trials),
        upper_quartile: Vec::with_capacity(trials),
    };
    let mut column = Vec::with_capacity(curves.len());
    for t in 0..trials {
        column.clear();
        column.extend(curves.iter().map(|c| c[t]));
        column.sort_by(f64::total_cmp);
        bands.lower_quartile.push(quantile(&column, 0.25));
        bands.median.push(quantile(&column, 0.5));
        bands.upper_quartile.push(quantile(&column, 0.75));
    }
    bands
}

/// The q-quantile of sorted, non-empty `values`: `v[⌊h⌋] + (h − ⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋])` with
/// `h = q·(len − 1)` (Hyndman & Fan type 7). Infinite neighbours give infinity, not NaN.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    assert!(!sorted.is_empty(), "quantile of no values");
    let h = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let below = libm::floor(h) as usize;
    let t = h - below as f64;
    let a = sorted[below];
    if t == 0.0 {
        return a;
    }
    let b = sorted[below + 1];
    if a == b {
        a
    } else {
        a + t * (b - a)
    }
}

/// The most bins per axis [`importance`] accepts.
pub const MAX_IMPORTANCE_BINS: usize = 1000;

/// A simple importance per axis, normalized to sum to 1 (all zeros if nothing varies).
///
/// For axis i, split its unit coordinate into `bins` equal bins and take the mean score
/// `m_b` of the scored trials in each bin (the *marginal mean*, averaging over every other
/// axis). The importance is the variance of those marginal means around the overall mean `m`,
/// weighted by the bin counts `n_b`: `V_i = Σ_b n_b·(m_b − m)² / N` — the part of the score's
/// variance that axis i alone explains (the between-bin sum of squares of a one-way ANOVA; a
/// crude, binned cousin of fANOVA's main effects, Hutter et al. 2014). Reported as
/// `V_i / Σ_j V_j`.
///
/// It needs trials that vary every axis (random, not a grid along a diagonal) and enough of
/// them per bin: with few trials, noise gives unimportant axes a share too. Diverged and failed
/// trials are left out, and a few huge scores can dominate.
pub fn importance(space: &SearchSpace, trials: &[Trial], bins: usize) -> Result<Vec<f64>> {
    if !(1..=MAX_IMPORTANCE_BINS).contains(&bins) {
        return Err(Error::new(
            Msg::new("error.importance-bins")
                .num("max", MAX_IMPORTANCE_BINS as f64)
                .num("got", bins as f64),
        ));
    }
    let scored: Vec<(Vec<f64>, f64)> = trials
        .iter()
        .filter_map(|t| t.outcome.score().map(|s| (space.to_unit(&t.point), s)))
        .collect();
    if scored.is_empty() {
        return Ok(vec![0.0; space.len()]);
    }
    let scores: Vec<f64> = scored.iter().map(|(_, s)| *s).collect();
    let variances: Vec<f64> = (0..space.len())
        .map(|axis| {
            let units: Vec<f64> = scored.iter().map(|(u, _)| u[axis]).collect();
            between_bins_variance(&units, &scores, bins)
        })
        .collect();
    let total: f64 = variances.iter().sum();
    if total > 0.0 && total.is_finite() {
        Ok(variances.iter().map(|v| v / total).collect())
    } else {
        Ok(vec![0.0; space.len()])
    }
}

/// The part of the variance of `scores` that one coordinate explains on its own: split the
/// unit coordinates `units` (one per score) into `bins` equal bins and take the variance of the
/// bins' mean scores around the overall mean, weighted by the bin counts,
/// `Σ_b n_b·(m_b − m)² / N` (the between-bin sum of squares of a one-way ANOVA, over N).
/// Divide by the scores' variance for the share it explains. 0 for no scores.
pub fn between_bins_variance(units: &[f64], scores: &[f64], bins: usize) -> f64 {
    if scores.is_empty() || bins == 0 {
        return 0.0;
    }
    let count = scores.len() as f64;
    let overall_mean = scores.iter().sum::<f64>() / count;
    let mut sums = vec![0.0; bins];
    let mut counts = vec![0usize; bins];
    let unit_bins = Bins::new(0.0, 1.0, bins);
    for (&u, &score) in units.iter().zip(scores) {
        let bin = unit_bins.index_clamped(u);
        sums[bin] += score;
        counts[bin] += 1;
    }
    sums.iter()
        .zip(&counts)
        .filter(|(_, &n)| n > 0)
        .map(|(&sum, &n)| {
            let deviation = sum / n as f64 - overall_mean;
            n as f64 * deviation * deviation
        })
        .sum::<f64>()
        / count
}

/// The chance that at least one of `trials` independent random trials lands in the best
/// `top_fraction` p of the space: `1 − (1 − p)^n`. E.g. p = 5%, n = 60 → 95.4%.
pub fn chance_of_top_hit(top_fraction: f64, trials: usize) -> Result<f64> {
    check_fraction(top_fraction)?;
    Ok(1.0 - libm::pow(1.0 - top_fraction, trials as f64))
}

/// The fewest random trials that land in the best `top_fraction` p with probability at least
/// `confidence` c, inverting `1 − (1 − p)^n ≥ c`: `n = ⌈ln(1 − c) / ln(1 − p)⌉`. E.g.
/// p = 5%, c = 95% → 59. `confidence` must be in [0, 1).
pub fn trials_needed(top_fraction: f64, confidence: f64) -> Result<usize> {
    check_fraction(top_fraction)?;
    if !(0.0..1.0).contains(&confidence) {
        return Err(Error::new(
            Msg::new("error.confidence").num("got", confidence),
        ));
    }
    if top_fraction == 1.0 || confidence == 0.0 {
        return Ok(if confidence == 0.0 { 0 } else { 1 });
    }
    let n = libm::log(1.0 - confidence) / libm::log(1.0 - top_fraction);
    // Guard against n landing a hair above a whole number through rounding.
    let whole = libm::round(n);
    let n = if (n - whole).abs() < 1e-9 {
        whole
    } else {
        libm::ceil(n)
    };
    Ok(n as usize)
}

fn check_fraction(p: f64) -> Result<()> {
    if p > 0.0 && p <= 1.0 {
        Ok(())
    } else {
        Err(Error::new(Msg::new("error.top-fraction").num("got", p)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::objective::Outcome;

    fn trial(score: Option<f64>) -> Trial {
        Trial {
            point: vec![0.0],
            outcome: match score {
                Some(s) => Outcome::Score(s),
                None => Outcome::Diverged {
                    message: "diverged at step 3".into(),
                },
            },
        }
    }

    #[test]
    fn best_so_far_never_increases_and_skips_failures() {
        let trials: Vec<Trial> = [None, Some(3.0), Some(5.0), None, Some(1.0), Some(2.0)]
            .into_iter()
            .map(trial)
            .collect();
        assert_eq!(
            best_so_far(&trials),
            vec![f64::INFINITY, 3.0, 3.0, 3.0, 1.0, 1.0]
        );
    }

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&v, 0.5), 2.5);
        assert_eq!(quantile(&v, 0.25), 1.75);
        assert_eq!(quantile(&v, 0.75), 3.25);
        assert_eq!(
            quantile(&[1.0, f64::INFINITY, f64::INFINITY], 0.75),
            f64::INFINITY
        );
    }

    #[test]
    fn trials_needed_inverts_the_chance() {
        assert_eq!(trials_needed(0.05, 0.95).unwrap(), 59);
        assert!(chance_of_top_hit(0.05, 59).unwrap() >= 0.95);
        assert!(chance_of_top_hit(0.05, 58).unwrap() < 0.95);
        assert_eq!(trials_needed(0.5, 0.75).unwrap(), 2);
        assert_eq!(trials_needed(1.0, 0.9).unwrap(), 1);
        assert!(trials_needed(0.05, 1.0).is_err());
        assert!(chance_of_top_hit(0.0, 5).is_err());
        assert!(chance_of_top_hit(1.5, 5).is_err());
    }
}
