//! The search core against the claims of the course notes (week 3, §1–2).
//!
//! Statistical tests use fixed seeds, so they are deterministic; their tolerances are stated
//! and are several standard errors wide, so they also hold for other seeds.

#![cfg(not(target_arch = "wasm32"))]

use rand::Rng;
use tunelab::rng;
use tunelab::search::*;
use tunelab::Error;

fn lr_axis() -> Axis {
    Axis::log(HyperParam::LearningRate, 1e-4, 1.0).unwrap()
}

fn beta_axis() -> Axis {
    Axis::one_minus_log(HyperParam::Momentum, 0.9, 0.999).unwrap()
}

/// α (log) × β (1 − 10^r): the two hyperparameters the course tunes first.
fn lr_beta_space() -> SearchSpace {
    SearchSpace::new(vec![lr_axis(), beta_axis()]).unwrap()
}

fn grid(k: usize, placement: GridPlacement) -> Strategy {
    Strategy::Grid {
        values_per_axis: k,
        placement,
    }
}

fn sorted_distinct(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
}

fn all_strategies(dims: usize) -> Vec<Strategy> {
    vec![
        grid(5, GridPlacement::Centres),
        Strategy::RandomUniformInValue,
        Strategy::RandomOnScale,
        Strategy::CoarseToFine {
            region: UnitBox::new(vec![0.2; dims], vec![0.6; dims]).unwrap(),
        },
        Strategy::LatinHypercube,
    ]
}

// ---------- grid ----------

#[test]
fn grid_tries_exactly_k_values_per_axis_and_k_squared_points() {
    let space = lr_beta_space();
    for placement in [GridPlacement::Centres, GridPlacement::Endpoints] {
        for k in [1, 2, 5, 7] {
            let points = grid(k, placement).points(&space, 10_000, 1).unwrap();
            assert_eq!(points.len(), k * k, "{placement:?} k = {k}");
            // Every combination exactly once.
            let mut pairs: Vec<(u64, u64)> = points
                .iter()
                .map(|p| (p[0].to_bits(), p[1].to_bits()))
                .collect();
            pairs.sort_unstable();
            pairs.dedup();
            assert_eq!(pairs.len(), k * k);
            let trials = evaluate_points(&SyntheticObjective::new(&space, 1.0).unwrap(), points);
            assert_eq!(distinct_values(&space, &trials), vec![k, k]);
            // The values sit where the placement says, on each axis's own scale.
            for (axis_index, axis) in space.axes().iter().enumerate() {
                let tried = sorted_distinct(trials.iter().map(|t| t.point[axis_index]).collect());
                for (i, v) in tried.iter().enumerate() {
                    let expected = axis.from_unit(placement.unit(i, k));
                    assert!(
                        (v - expected).abs() < 1e-12,
                        "{placement:?} {v} vs {expected}"
                    );
                }
            }
        }
    }
    // Centres of 5 cells on the log axis [1e-4, 1]: 10^-3.6, 10^-2.8, …, 10^-0.4.
    let points = grid(5, GridPlacement::Centres)
        .points(&space, 25, 1)
        .unwrap();
    let lrs = sorted_distinct(points.iter().map(|p| p[0]).collect());
    for (v, exponent) in lrs.iter().zip([-3.6, -2.8, -2.0, -1.2, -0.4]) {
        assert!((v.log10() - exponent).abs() < 1e-9, "{v}");
    }
}

#[test]
fn grid_is_shuffled_by_its_seed_and_cut_by_the_budget() {
    let space = lr_beta_space();
    let g = grid(5, GridPlacement::Centres);
    let a = g.points(&space, 25, 1).unwrap();
    let b = g.points(&space, 25, 2).unwrap();
    assert_ne!(a, b, "different seeds visit the grid in different orders");
    let mut a_sorted = a.clone();
    let mut b_sorted = b.clone();
    a_sorted.sort_by(|p, q| p.partial_cmp(q).unwrap());
    b_sorted.sort_by(|p, q| p.partial_cmp(q).unwrap());
    assert_eq!(a_sorted, b_sorted, "…but the same grid");
    let first_ten = g.points(&space, 10, 1).unwrap();
    assert_eq!(first_ten, a[..10].to_vec());
}

#[test]
fn a_discrete_axis_with_fewer_levels_than_k_gives_each_level_once() {
    let space = SearchSpace::new(vec![
        lr_axis(),
        Axis::categorical(HyperParam::BatchNorm).unwrap(),
    ])
    .unwrap();
    let points = grid(5, GridPlacement::Centres)
        .points(&space, 100, 3)
        .unwrap();
    assert_eq!(points.len(), 10);
    let bn = sorted_distinct(points.iter().map(|p| p[1]).collect());
    assert_eq!(bn, vec![0.0, 1.0]);
}

// ---------- the right scale ----------

#[test]
fn log_scale_gives_each_decade_an_equal_share_and_uniform_puts_90_percent_in_the_last() {
    // α in [1e-4, 1], 100,000 samples. Expected decade shares: 25% each on the log scale;
    // 0.009%, 0.09%, 0.9%, 90% (×0.999…) uniformly. Tolerance ±1 percentage point (about 7
    // standard errors), and a chi-square test with 3 degrees of freedom below 16.27 (p = 0.001).
    let space = SearchSpace::new(vec![lr_axis()]).unwrap();
    let n = 100_000;
    let decade_shares = |strategy: Strategy| -> [f64; 4] {
        let mut counts = [0usize; 4];
        for p in (0..10).flat_map(|seed| strategy.points(&space, 10_000, seed).unwrap()) {
            let decade = ((p[0].log10() + 4.0).floor() as usize).min(3);
            counts[decade] += 1;
        }
        assert_eq!(counts.iter().sum::<usize>(), n);
        counts.map(|c| c as f64 / n as f64)
    };

    let on_scale = decade_shares(Strategy::RandomOnScale);
    let chi_square: f64 = on_scale
        .iter()
        .map(|share| {
            let (observed, expected) = (share * n as f64, n as f64 / 4.0);
            (observed - expected).powi(2) / expected
        })
        .sum();
    assert!(
        chi_square < 16.27,
        "chi-square {chi_square}, shares {on_scale:?}"
    );
    for share in on_scale {
        assert!((share - 0.25).abs() < 0.01, "{on_scale:?}");
    }

    let uniform = decade_shares(Strategy::RandomUniformInValue);
    assert!((uniform[3] - 0.9).abs() < 0.01, "{uniform:?}");
    assert!(
        (uniform[0] + uniform[1] + uniform[2] - 0.1).abs() < 0.01,
        "{uniform:?}"
    );
}

#[test]
fn beta_on_the_one_minus_log_scale_puts_half_the_samples_above_0_99() {
    // β = 1 − 10^r, r uniform in [−3, −1]: P(β > 0.99) = P(r < −2) = ½. Uniform in value it is
    // (0.999 − 0.99)/(0.999 − 0.9) ≈ 9.1%. 100,000 samples, tolerance ±1 percentage point.
    let space = SearchSpace::new(vec![beta_axis()]).unwrap();
    let share_above = |strategy: Strategy| -> f64 {
        let mut above = 0;
        let mut total = 0;
        for seed in 0..10 {
            for p in strategy.points(&space, 10_000, seed).unwrap() {
                assert!((0.9..=0.999).contains(&p[0]), "{}", p[0]);
                total += 1;
                above += usize::from(p[0] > 0.99);
            }
        }
        above as f64 / total as f64
    };
    let on_scale = share_above(Strategy::RandomOnScale);
    assert!((on_scale - 0.5).abs() < 0.01, "{on_scale}");
    let uniform = share_above(Strategy::RandomUniformInValue);
    assert!((uniform - 0.0909).abs() < 0.01, "{uniform}");
}

#[test]
fn powers_of_two_are_log_uniform_on_scale_but_not_uniform_in_value() {
    // Batch sizes 16..256: 5 levels, 20% each on scale; uniform in value over [16, 256]
    // favours 256 (nearest to every value in [192, 256]: 64/240 ≈ 26.7%) over 16 (8/240 ≈ 3.3%).
    let space = SearchSpace::new(vec![Axis::powers_of_two(
        HyperParam::BatchSize,
        16.0,
        256.0,
    )
    .unwrap()])
    .unwrap();
    let shares = |strategy: Strategy| -> Vec<f64> {
        let points = strategy.points(&space, 10_000, 5).unwrap();
        [16.0, 32.0, 64.0, 128.0, 256.0]
            .iter()
            .map(|level| points.iter().filter(|p| p[0] == *level).count() as f64 / 10_000.0)
            .collect()
    };
    for share in shares(Strategy::RandomOnScale) {
        assert!((share - 0.2).abs() < 0.02, "{share}");
    }
    let uniform = shares(Strategy::RandomUniformInValue);
    assert!((uniform[0] - 8.0 / 240.0).abs() < 0.01, "{uniform:?}");
    assert!((uniform[4] - 64.0 / 240.0).abs() < 0.02, "{uniform:?}");
}

// ---------- determinism ----------

#[test]
fn same_seed_same_trials_different_seed_different_trials() {
    let space = lr_beta_space();
    let objective = SyntheticObjective::new(&space, 0.3).unwrap();
    for strategy in all_strategies(2) {
        let run = |seed| evaluate_points(&objective, strategy.points(&space, 20, seed).unwrap());
        assert_eq!(run(11), run(11), "{}", strategy.name());
        assert_ne!(run(11), run(12), "{}", strategy.name());
    }
}

// ---------- coarse to fine ----------

#[test]
fn coarse_to_fine_stays_inside_its_box() {
    let space = lr_beta_space();
    let region = UnitBox::new(vec![0.5, 0.1], vec![0.7, 0.25]).unwrap();
    let points = Strategy::CoarseToFine {
        region: region.clone(),
    }
    .points(&space, 2_000, 4)
    .unwrap();
    let mut lo = [1.0f64; 2];
    let mut hi = [0.0f64; 2];
    for p in &points {
        let unit = space.to_unit(p);
        assert!(region.contains(&unit), "{unit:?}");
        for i in 0..2 {
            lo[i] = lo[i].min(unit[i]);
            hi[i] = hi[i].max(unit[i]);
        }
    }
    // …and fills it: 2,000 draws come within 1% of each end.
    assert!(lo[0] < 0.502 && hi[0] > 0.698 && lo[1] < 0.102 && hi[1] > 0.248);
}

#[test]
fn box_around_best_encloses_the_best_trials_and_zooms_in_near_the_optimum() {
    let space = lr_beta_space();
    let objective = SyntheticObjective::new(&space, 0.3).unwrap();
    let coarse = evaluate_points(
        &objective,
        Strategy::RandomOnScale.points(&space, 100, 8).unwrap(),
    );
    let region = box_around_best(&space, &coarse, 0.1, 0.05).unwrap();
    let mut scored: Vec<&Trial> = coarse.iter().collect();
    scored.sort_by(|a, b| {
        let (a, b) = (a.outcome.score().unwrap(), b.outcome.score().unwrap());
        a.total_cmp(&b)
    });
    for best in &scored[..10] {
        assert!(region.contains(&space.to_unit(&best.point)));
    }
    // The box holds the optimum of the important axis and is much narrower there.
    assert!(region.lo()[0] <= SyntheticObjective::BEST_X);
    assert!(SyntheticObjective::BEST_X <= region.hi()[0]);
    assert!(region.hi()[0] - region.lo()[0] < 0.4, "{region:?}");
    // A finer pass inside it spends its trials where scores are good: its typical (median)
    // trial is far better than the coarse pass's.
    let fine = evaluate_points(
        &objective,
        Strategy::CoarseToFine { region }
            .points(&space, 100, 9)
            .unwrap(),
    );
    let median_score = |trials: &[Trial]| {
        let mut scores: Vec<f64> = trials.iter().filter_map(|t| t.outcome.score()).collect();
        scores.sort_by(f64::total_cmp);
        quantile(&scores, 0.5)
    };
    let (coarse_median, fine_median) = (median_score(&coarse), median_score(&fine));
    assert!(
        fine_median < 0.5 * coarse_median,
        "{fine_median} vs {coarse_median}"
    );

    let e = box_around_best(&space, &[], 0.1, 0.05).unwrap_err();
    assert_eq!(e.message_id(), "error.zoom-no-score");
}

// ---------- Latin hypercube ----------

#[test]
fn latin_hypercube_puts_exactly_one_point_in_each_stratum_of_each_axis() {
    let space = SearchSpace::new(vec![
        lr_axis(),
        beta_axis(),
        Axis::linear(HyperParam::Decay, 0.0, 1.0).unwrap(),
    ])
    .unwrap();
    for n in [1, 7, 25, 100] {
        let points = Strategy::LatinHypercube.points(&space, n, 3).unwrap();
        assert_eq!(points.len(), n);
        for axis in 0..space.len() {
            let mut strata: Vec<usize> = points
                .iter()
                .map(|p| {
                    let u = space.to_unit(p)[axis];
                    // A hair of slack for the round trip through 10^r and log10.
                    ((u * n as f64 + 1e-9).floor() as usize).min(n - 1)
                })
                .collect();
            strata.sort_unstable();
            assert_eq!(strata, (0..n).collect::<Vec<_>>(), "n = {n}, axis {axis}");
        }
    }
}

// ---------- the headline: random beats grid when one hyperparameter matters ----------

#[test]
fn random_on_scale_beats_the_grid_when_only_one_axis_matters() {
    // s = 0.1: the learning rate matters ten times more than β. A 5 × 5 grid tries 5 values of
    // α; 25 random trials try 25. Over 200 repeats, the median best-so-far after 25 trials of
    // random search (on the right scale) must be lower than the grid's.
    let space = lr_beta_space();
    let objective = SyntheticObjective::new(&space, 0.1).unwrap();
    let median_best = |strategy: Strategy| {
        let bands = repeated_best_so_far(&space, &strategy, &objective, 25, 200, 1000).unwrap();
        assert_eq!(bands.median.len(), 25);
        bands.median[24]
    };
    let grid_best = median_best(grid(5, GridPlacement::Centres));
    let endpoint_grid_best = median_best(grid(5, GridPlacement::Endpoints));
    let random_best = median_best(Strategy::RandomOnScale);
    let lhs_best = median_best(Strategy::LatinHypercube);
    assert!(
        random_best < grid_best && random_best < endpoint_grid_best,
        "random {random_best} vs grid {grid_best} / {endpoint_grid_best}"
    );
    assert!(lhs_best < grid_best, "LHS {lhs_best} vs grid {grid_best}");
    // Uniform-in-value sampling wastes 90% of its trials on α > 0.1, far from the optimum.
    let uniform_best = median_best(Strategy::RandomUniformInValue);
    assert!(
        random_best < uniform_best,
        "{random_best} vs {uniform_best}"
    );
}

#[test]
fn repeated_search_bands_are_ordered_and_never_increase() {
    let space = lr_beta_space();
    let objective = SyntheticObjective::new(&space, 0.5).unwrap();
    let bands =
        repeated_best_so_far(&space, &Strategy::RandomOnScale, &objective, 30, 50, 1).unwrap();
    for t in 0..30 {
        assert!(bands.lower_quartile[t] <= bands.median[t]);
        assert!(bands.median[t] <= bands.upper_quartile[t]);
        if t > 0 {
            assert!(bands.median[t] <= bands.median[t - 1]);
        }
    }
    let e = repeated_best_so_far(&space, &Strategy::RandomOnScale, &objective, 30, 0, 1);
    assert!(e.is_err());
}

// ---------- importance ----------

#[test]
fn importance_ranks_the_axis_that_matters_first() {
    let space = lr_beta_space();
    let points = Strategy::RandomOnScale.points(&space, 400, 21).unwrap();
    for (ratio, important) in [(0.1, 0), (10.0, 1)] {
        let objective = SyntheticObjective::new(&space, ratio).unwrap();
        let trials = evaluate_points(&objective, points.clone());
        let shares = importance(&space, &trials, 10).unwrap();
        assert_eq!(shares.len(), 2);
        assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!(
            shares[important] > 0.8,
            "s = {ratio}: shares {shares:?}, axis {important} should dominate"
        );
    }
}

// ---------- the odds of a hit ----------

#[test]
fn chance_of_a_top_hit_is_one_minus_the_chance_of_all_misses() {
    // Closed form: 1 − (1 − p)^n.
    assert!((chance_of_top_hit(0.05, 60).unwrap() - 0.953_930_2).abs() < 1e-6);
    assert!((chance_of_top_hit(0.1, 25).unwrap() - (1.0 - 0.9f64.powi(25))).abs() < 1e-15);
    assert_eq!(chance_of_top_hit(0.2, 0).unwrap(), 0.0);
    assert_eq!(trials_needed(0.05, 0.95).unwrap(), 59);
    assert_eq!(trials_needed(0.01, 0.99).unwrap(), 459);

    // Against simulation: 20,000 searches of n = 30 uniform trials, a hit being u < p = 0.05.
    // Expected 1 − 0.95^30 ≈ 0.785; tolerance ±0.015 (about 5 standard errors).
    let (p, n, runs) = (0.05, 30, 20_000);
    let mut rng = rng::from_seed(99);
    let hits = (0..runs)
        .filter(|_| (0..n).any(|_| rng.random::<f64>() < p))
        .count();
    let simulated = hits as f64 / runs as f64;
    let predicted = chance_of_top_hit(p, n).unwrap();
    assert!(
        (simulated - predicted).abs() < 0.015,
        "{simulated} vs {predicted}"
    );
}

// ---------- landscape ----------

#[test]
fn landscape_fills_in_chunks_coarse_first_and_matches_the_objective() {
    let space = lr_beta_space();
    let objective = SyntheticObjective::new(&space, 0.3).unwrap();
    let mut landscape = Landscape::new(&space, 16).unwrap();
    assert!(landscape.preview_sources().iter().all(Option::is_none));

    let progress = landscape.fill_next(&objective, 5);
    assert_eq!(
        progress,
        Progress {
            filled: 5,
            total: 256
        }
    );
    // One evaluated cell already previews the whole square; after five, the four quarters
    // each show their own centre.
    let sources = landscape.preview_sources();
    assert!(sources.iter().all(Option::is_some));
    assert_eq!(sources[0], Some(4 * 16 + 4));
    assert_eq!(sources[255], Some(12 * 16 + 12));

    // The remaining 251 cells take ⌈251 / 37⌉ = 7 more chunks.
    let mut more_chunks = 1;
    while !landscape.fill_next(&objective, 37).is_done() {
        more_chunks += 1;
    }
    assert_eq!(more_chunks, 7);
    assert_eq!(landscape.progress().filled, 256);
    assert!(landscape.status().iter().all(|s| *s == CellStatus::Scored));
    for cell in 0..256 {
        let [x, y] = landscape.cell_unit(cell);
        let expected = objective.at_unit(x, y);
        assert!((landscape.values()[cell] - expected).abs() < 1e-9);
        assert_eq!(landscape.preview_sources()[cell], Some(cell));
    }
    // The best cell is the one nearest the optimum.
    let [bx, by] = landscape.cell_unit(landscape.best_cell().unwrap());
    assert!((bx - SyntheticObjective::BEST_X).abs() <= 1.0 / 32.0 + 1e-12);
    assert!((by - SyntheticObjective::BEST_Y).abs() <= 1.0 / 32.0 + 1e-12);
}

/// Diverges when the learning rate is above 0.1, like a real network would.
struct DivergesAtLargeSteps;

impl Objective for DivergesAtLargeSteps {
    fn evaluate(&self, point: &[f64]) -> Outcome {
        if point[0] > 0.1 {
            Outcome::Diverged {
                message: "diverged at step 4".into(),
            }
        } else {
            Outcome::Score(point[0])
        }
    }
}

#[test]
fn landscape_tracks_diverged_cells_apart_from_scores() {
    let space = lr_beta_space();
    let mut landscape = Landscape::new(&space, 8).unwrap();
    landscape.fill_next(&DivergesAtLargeSteps, 10);
    assert!(landscape
        .fill_next(&DivergesAtLargeSteps, usize::MAX)
        .is_done());
    for cell in 0..64 {
        let lr = landscape.cell_point(cell)[0];
        let (status, value) = (landscape.status()[cell], landscape.values()[cell]);
        if lr > 0.1 {
            assert_eq!(status, CellStatus::Diverged);
            assert!(value.is_nan());
        } else {
            assert_eq!(status, CellStatus::Scored);
            assert_eq!(value, lr);
        }
    }
    assert_eq!(landscape.first_problem(), Some("diverged at step 4"));
    // The columns of x ≥ 0.75 (α > 10^-1) diverged: 2 of 8 columns.
    let diverged = landscape
        .status()
        .iter()
        .filter(|s| **s == CellStatus::Diverged)
        .count();
    assert_eq!(diverged, 2 * 8);
}

#[test]
fn landscape_refuses_bad_shapes() {
    let one_axis = SearchSpace::new(vec![lr_axis()]).unwrap();
    assert!(Landscape::new(&one_axis, 8).is_err());
    assert!(Landscape::new(&lr_beta_space(), 0).is_err());
    assert!(Landscape::new(&lr_beta_space(), 1000).is_err());
}

// ---------- validation, as a learner meets it ----------

#[test]
fn invalid_searches_are_refused_with_clear_messages() {
    let space = lr_beta_space();
    let message = |e: Error| e.to_string();
    let m = message(Axis::linear(HyperParam::LearningRate, 0.5, 0.1).unwrap_err());
    assert!(m.contains("greater than its max"), "{m}");
    let m = message(Axis::log(HyperParam::LearningRate, 0.0, 1.0).unwrap_err());
    assert!(m.contains("log scale"), "{m}");
    let m = message(Axis::one_minus_log(HyperParam::Momentum, 0.5, 1.2).unwrap_err());
    assert!(m.contains("0 < min < max < 1"), "{m}");
    let m = message(Strategy::RandomOnScale.points(&space, 0, 1).unwrap_err());
    assert!(m.contains("budget"), "{m}");
    let m = message(
        Strategy::RandomOnScale
            .points(&space, 20_000, 1)
            .unwrap_err(),
    );
    assert!(m.contains("too many"), "{m}");
    let m = message(SearchSpace::new(vec![beta_axis(), beta_axis()]).unwrap_err());
    assert!(m.contains("two axes"), "{m}");
    let m = message(
        grid(0, GridPlacement::Centres)
            .points(&space, 5, 1)
            .unwrap_err(),
    );
    assert!(m.contains("grid"), "{m}");
}

#[test]
fn points_apply_to_a_valid_config() {
    let space = SearchSpace::new(vec![
        lr_axis(),
        beta_axis(),
        Axis::integer(HyperParam::HiddenUnits, 4.0, 32.0).unwrap(),
        Axis::integer(HyperParam::Layers, 1.0, 3.0).unwrap(),
        Axis::powers_of_two(HyperParam::BatchSize, 2.0, 64.0).unwrap(),
        Axis::categorical(HyperParam::BatchNorm).unwrap(),
        Axis::categorical(HyperParam::Activation).unwrap(),
    ])
    .unwrap();
    for p in Strategy::LatinHypercube.points(&space, 50, 2).unwrap() {
        let mut cfg = tunelab::Config::default();
        space.apply(&mut cfg, &p);
        cfg.validate().unwrap();
        assert_eq!(cfg.hidden.len(), p[3] as usize);
        assert!(cfg.hidden.iter().all(|&u| u == p[2] as usize));
        assert_eq!(space.point_of(&cfg), p);
    }
}

// ---------- the real objective ----------

#[test]
fn real_objective_trains_and_scores_validation_loss() {
    let space = SearchSpace::new(vec![
        lr_axis(),
        Axis::powers_of_two(HyperParam::BatchSize, 4.0, 512.0).unwrap(),
    ])
    .unwrap();
    let objective = RealObjective {
        base: tunelab::Config::default(),
        space,
        steps: 300,
    };
    let sensible = objective.evaluate(&[0.1, 16.0]);
    let score = sensible.score().expect("a sensible point trains");
    assert!(score.is_finite() && score > 0.0, "{sensible:?}");
    // Training for longer at a sensible rate lowers the validation loss of an untrained net.
    let untrained = RealObjective {
        steps: 0,
        ..objective.clone()
    };
    assert!(score < untrained.evaluate(&[0.1, 16.0]).score().unwrap());
    // Same point, same score: the seeds come from the base config.
    assert_eq!(objective.evaluate(&[0.1, 16.0]), sensible);
    // Far too large a step blows up, and the outcome says so rather than scoring it.
    let wild = RealObjective {
        space: SearchSpace::new(vec![
            Axis::log(HyperParam::LearningRate, 1e-4, 100.0).unwrap(),
            Axis::categorical(HyperParam::BatchNorm).unwrap(),
        ])
        .unwrap(),
        ..objective.clone()
    };
    for bn in [0.0, 1.0] {
        match wild.evaluate(&[100.0, bn]) {
            Outcome::Diverged { message } => assert!(message.contains("diverged"), "{message}"),
            other => panic!("expected divergence, got {other:?}"),
        }
    }
    // A batch larger than the 250 training points cannot train; the config says why.
    match objective.evaluate(&[0.1, 512.0]) {
        Outcome::Failed { message } => assert!(message.contains("Batch size 512"), "{message}"),
        other => panic!("expected a failure, got {other:?}"),
    }
}
