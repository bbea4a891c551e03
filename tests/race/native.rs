//! Native tests of the race (see `tests/race.rs`).

use tunelab::config::OptimizerKind;
use tunelab::render::charts::draw_line_chart;
use tunelab::render::race::{
    best_so_far_chart, continue_best_so_far, importance_chart, panel_rgba, zoom_marker,
    PanelLayout, PanelScene, StrategyCurve, TrialMark, RUG_BACKGROUND,
};
use tunelab::search::real::train_and_score;
use tunelab::search::*;
use tunelab::views::race::study::{measured_tier, Study, COURSE_TIERS};
use tunelab::views::race::work::{run_all, Runner, CELL};
use tunelab::views::race::{
    encode_outcome, importance_bins, importance_text, race_importance, ObjectiveKind, Race,
    RacePlan, RaceSettings, TaskId, IMPORTANCE_STRATEGIES,
};

fn parse(q: &str) -> RaceSettings {
    RaceSettings::from_query(q).unwrap_or_else(|e| panic!("{q}: {e}"))
}

fn refused(q: &str) -> (String, String) {
    match RaceSettings::from_query(q) {
        Ok(_) => panic!("{q} was accepted"),
        Err(e) => (e.key().unwrap_or("").to_string(), e.to_string()),
    }
}

#[test]
fn every_bad_setting_is_refused_at_its_key() {
    let cases: &[(&str, &str, &str)] = &[
        ("xMin=1&xMax=0.001", "xMin", "greater than its max"),
        ("xMin=0", "xMin", "log scale needs a range above 0"),
        ("xScale=log&xMin=-1&xMax=1", "xMin", "above 0"),
        (
            "xScale=linear&xMin=-1&xMax=1",
            "xMin",
            "above 0, at most 100",
        ),
        (
            "xScale=linear&xMin=0.1&xMax=500",
            "xMax",
            "above 0, at most 100",
        ),
        ("xMin=abc", "xMin", "is not a number"),
        ("xAxis=banana", "xAxis", "one of lr, momentum"),
        ("xScale=cubic", "xScale", "one of linear, log"),
        ("yAxis=lr", "yAxis", "on two axes"),
        ("yScale=oneMinusLog&yMax=1", "yMin", "0 < min < max < 1"),
        (
            "xAxis=units&xScale=log",
            "xScale",
            "integer or powers-of-two",
        ),
        ("budget=0", "budget", "from 1 to 400"),
        ("budget=3", "budget", "at least 4 trials"),
        ("zAxis=units&budget=7", "budget", "at least 8 trials"),
        ("zAxis=lr", "zAxis", "on two axes"),
        ("zAxis=units&wAxis=units", "wAxis", "on two axes"),
        ("wAxis=units", "wAxis", "z hyperparameter before w"),
        ("map=xz", "map", "only 2 hyperparameters"),
        ("zAxis=units&zMin=0", "zMin", "from 1 to 64"),
        ("repeats=0", "repeats", "from 1 to 1000"),
        ("studyTrials=5", "studyTrials", "from 20 to 2000"),
        ("dark=maybe", "dark", "(dark)"),
        (
            "xAxis=batch&xMin=1&xMax=4096",
            "xMax",
            "more than the 250 training points",
        ),
        ("xAxis=batch&xMin=1&xMax=128", "xMin", "batch norm"),
        ("zoom=0.5,0.5000001,0,1", "zoom", "have some width"),
        ("budget=401", "budget", "from 1 to 400"),
        ("budget=99999999", "budget", "from 1 to 400"),
        ("budget=-3", "budget", "'-3' is not a whole number"),
        ("budget=1e", "budget", "'1e' is not a whole number"),
        ("objective=magic", "objective", "one of real, synthetic"),
        ("importance=-1", "importance", "from 0 to 100"),
        ("steps=0", "steps", "from 1 to 5000"),
        ("mapSize=1000", "mapSize", "from 4 to 64"),
        ("searchSeed=x", "searchSeed", "is not a whole number"),
        ("zoom=0.5,0.2,0,1", "zoom", "have some width"),
        ("zoom=0.5", "zoom", "four numbers"),
        ("zoom=0.5,abc,0,1", "zoom", "four numbers"),
        ("lr=abc", "lr", "(lr)"),
        ("dataset=banana", "dataset", "one of circle"),
        ("batch=1&bn=1", "batch", "Batch size 1 with batch norm"),
        ("budget=5&budget=6", "budget", "given twice"),
    ];
    for &(q, key, text) in cases {
        let (k, message) = refused(q);
        assert_eq!(k, key, "{q}: {message}");
        assert!(message.contains(text), "{q}: {message}");
    }
}

#[test]
fn settings_round_trip_through_the_url() {
    let q = "budget=36&xAxis=lr&xScale=linear&xMin=0.001&xMax=0.5&yAxis=adamEps\
             &objective=synthetic&importance=0.5&steps=200&searchSeed=9&mapSize=16\
             &zoom=0.1,0.4,0.2,0.9";
    let s = parse(q);
    assert_eq!(s.budget, 36);
    assert_eq!(s.grid_values_per_axis(), 6);
    assert_eq!(s.axes[0].scale(), Scale::Linear);
    assert_eq!(s.axes[1].param(), HyperParam::AdamEpsilon);
    assert_eq!(s.objective, ObjectiveKind::Synthetic);
    let again = parse(&s.to_query());
    assert_eq!(again.to_query(), s.to_query());
    assert_eq!(again.landscape_key(), s.landscape_key());
    // The full query carries the base config too, so a worker rebuilds the same race.
    let with_data = parse("dataset=moons&batch=25&budget=16");
    let rebuilt = parse(&with_data.full_query());
    assert_eq!(rebuilt.base, with_data.base);
    assert_eq!(rebuilt.landscape_key(), with_data.landscape_key());
    assert_eq!(rebuilt.points(0, 1), with_data.points(0, 1));
    // Three and four axes, a chosen map, the dark switch and the repeats survive too.
    let four = parse("zAxis=units&wAxis=batch&map=zw&dark=0&repeats=50&budget=81");
    assert_eq!(four.axes.len(), 4);
    assert_eq!(four.plot, [2, 3]);
    assert!(!four.dark);
    let again = parse(&four.full_query());
    assert_eq!(again.to_query(), four.to_query());
    assert_eq!(again.points(3, 0), four.points(3, 0));
}

#[test]
fn the_landscape_key_ignores_budget_seed_and_zoom_but_not_the_data() {
    let a = parse("");
    for q in ["budget=9", "searchSeed=5", "zoom=0.2,0.6,0.1,0.9"] {
        assert_eq!(parse(q).landscape_key(), a.landscape_key(), "{q}");
    }
    for q in [
        "dataset=spiral",
        "steps=100",
        "xScale=linear",
        "mapSize=16",
        "objective=synthetic",
    ] {
        assert_ne!(parse(q).landscape_key(), a.landscape_key(), "{q}");
    }
}

#[test]
fn adam_axes_train_with_adam_unless_the_url_says_otherwise() {
    assert_eq!(parse("").base.optimizer, OptimizerKind::Adam);
    let m = parse("yAxis=momentum");
    assert_eq!(m.base.optimizer, OptimizerKind::Momentum);
    assert!(m.note.unwrap().render().contains("momentum"));
    let sgd = parse("optimizer=sgd");
    assert_eq!(sgd.base.optimizer, OptimizerKind::Sgd);
    assert!(sgd.note.unwrap().render().contains("no effect"));
    assert!(parse("yAxis=units").note.is_none());
}

#[test]
fn the_default_race_tries_5_values_on_the_grid_and_25_at_random() {
    let s = parse("objective=synthetic");
    let space = s.space();
    let objective = s.objective();
    let mut distinct = Vec::new();
    for i in 0..3 {
        let trials = evaluate_points(&objective, s.points(0, i));
        assert_eq!(trials.len(), 25);
        distinct.push(distinct_values(&space, &trials));
    }
    assert_eq!(distinct, vec![vec![5, 5], vec![25, 25], vec![25, 25]]);
    // Uniform in value puts most learning rates in the last decade, on scale does not.
    // Uniform in value puts most learning rates (in [1e-4, 1]) in the last decade, on scale
    // does not.
    let top = |i: usize| s.points(0, i).iter().filter(|p| p[0] >= 0.1).count();
    assert!(top(1) >= 18, "{}", top(1));
    assert!(top(2) <= 12, "{}", top(2));
}

#[test]
fn a_zoomed_race_searches_inside_the_box_with_fresh_points() {
    let s = parse("zoom=0.5,0.75,0,1");
    let z = s.zoomed().unwrap().unwrap();
    let (lo, hi) = (z.axes[0].lo(), z.axes[0].hi());
    let (want_lo, want_hi) = (10f64.powf(-2.0), 10f64.powf(-1.0));
    assert!(
        (lo - want_lo).abs() < 1e-12 && (hi - want_hi).abs() < 1e-9,
        "{lo} {hi}"
    );
    assert_eq!(z.axes[1], s.axes[1]);
    assert!(z.zoom.is_none());
    assert_ne!(z.seed, s.seed);
    assert_eq!(
        z.repeat_config(0),
        s.repeat_config(0),
        "same training seeds"
    );
    for p in z.points(0, 2) {
        assert!(p[0] >= lo && p[0] <= hi, "{p:?}");
    }
    assert!(parse("").zoomed().is_none());
    // A box that is too thin on a continuous axis is refused, for the zoom control.
    // A box that would collapse at the URL's 4 decimals is refused as it is read, before any
    // work starts (never rewritten and then rejected by the workers).
    assert_eq!(refused("zoom=0.5,0.50001,0,1").0, "zoom");
    let thin = parse("zoom=0.5,0.5002,0,1").zoomed().unwrap();
    assert!(thin.is_ok() || thin.unwrap_err().key() == Some("zoom"));
}

#[test]
fn the_panel_draws_landscape_trials_and_one_rug_tick_per_distinct_value() {
    let s = parse("objective=synthetic&mapSize=8");
    let mut land = s.landscape();
    land.fill_next(&s.objective(), usize::MAX);
    let (w, h) = (300, 300);
    let layout = PanelLayout::of(w, h);
    let grid = s.points(0, 0);
    let trials = grid
        .iter()
        .map(|p| (s.map_unit(p), TrialMark::Scored))
        .collect();
    let scene = PanelScene {
        landscape: Some(&land),
        range: None,
        trials,
        best: Some((0.5, 0.5)),
        boxes: vec![(0.2, 0.6, 0.2, 0.6)],
        extra_rugs: Vec::new(),
    };
    let rgba = panel_rgba(&scene, w, h);
    assert_eq!(rgba.len(), w * h * 4);
    // Count the dark tick runs along the middle of the bottom rug: one per distinct x value.
    let y = h - layout.rug / 2;
    let dark = |x: usize| rgba[4 * (y * w + x)] < 0x80;
    let mut runs = 0;
    for x in layout.plot_x..w {
        if dark(x) && (x == layout.plot_x || !dark(x - 1)) {
            runs += 1;
        }
    }
    assert_eq!(runs, 5);
    let px = |x: usize, y: usize| {
        [
            rgba[4 * (y * w + x)],
            rgba[4 * (y * w + x) + 1],
            rgba[4 * (y * w + x) + 2],
        ]
    };
    assert_eq!(px(layout.plot_x + 1, h - 1), RUG_BACKGROUND);
    // The landscape is in colour, not blank.
    let mut colours: Vec<[u8; 3]> = (0..layout.plot_w)
        .map(|x| px(layout.plot_x + x, layout.plot_h / 3))
        .collect();
    colours.sort_unstable();
    colours.dedup();
    assert!(colours.len() >= 4, "{colours:?}");
}

#[test]
fn the_best_so_far_chart_has_a_line_per_strategy_and_bands_after_repeats() {
    let s = parse("objective=synthetic");
    let objective = s.objective();
    let curves: Vec<StrategyCurve> = (0..3)
        .map(|i| StrategyCurve {
            name: format!("strategy {i}"),
            best_so_far: best_so_far(&evaluate_points(&objective, s.points(0, i))),
            bands: Some(
                repeated_best_so_far(&s.space(), &s.strategy(0, i), &objective, 25, 20, 1).unwrap(),
            ),
            continued: Vec::new(),
        })
        .collect();
    let chart = best_so_far_chart(&curves, 25, "best f so far");
    assert_eq!(chart.bands.len(), 3);
    assert_eq!(chart.series.len(), 6);
    assert_eq!(chart.y_ticks, tunelab::render::charts::TickStyle::Log);
    // Draws natively when a font is available (the page draws it through the canvas).
    let font = std::fs::read("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    if let Ok(bytes) = font {
        let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
        let _ =
            plotters::style::register_font("sans-serif", plotters::style::FontStyle::Normal, bytes);
        let mut svg = String::new();
        {
            use plotters::prelude::*;
            let area = SVGBackend::with_string(&mut svg, (720, 320)).into_drawing_area();
            draw_line_chart(area, &chart).unwrap();
        }
        assert!(
            svg.matches("<polyline").count() >= 3,
            "{}",
            &svg[..200.min(svg.len())]
        );
    }
}

#[test]
fn the_default_real_race_finds_that_the_learning_rate_mattered() {
    // What the board reports after the default race: importance from every trial of the two
    // random searches (50 real trainings of 300 steps).
    let s = parse("");
    let objective = s.objective();
    let space = s.space();
    let trials: Vec<Trial> = IMPORTANCE_STRATEGIES
        .iter()
        .flat_map(|&i| evaluate_points(&objective, s.points(0, i)))
        .collect();
    assert_eq!(trials.len(), 50);
    assert_eq!(importance_bins(50), 5);
    let shares = race_importance(&space, &trials).expect("enough scored trials");
    assert!(
        (shares.iter().sum::<f64>() - 1.0).abs() < 1e-9,
        "{shares:?}"
    );
    assert!(shares[0] > 0.8 && shares[0] > shares[1], "{shares:?}");
    let text = importance_text(&space, &shares);
    assert!(text.starts_with("learning rate α "), "{text}");
    assert!(text.contains(" · Adam β2 "), "{text}");
    let chart = importance_chart(&space, &shares);
    assert_eq!(chart.categories, ["learning rate α", "Adam β2"]);
    assert_eq!(chart.y_range, Some((0.0, 100.0)));
    assert!((chart.series[0].values[0] - 100.0 * shares[0]).abs() < 1e-9);
    // Too few trials: no estimate rather than noise.
    assert!(race_importance(&space, &trials[..5]).is_none());
    // Largest share first, whichever axis it is.
    assert_eq!(
        importance_text(&space, &[0.25, 0.75]),
        "Adam β2 75% · learning rate α 25%"
    );
}

#[test]
fn a_zoomed_pass_continues_the_random_search_on_the_best_so_far_chart() {
    let s = parse("objective=synthetic&zoom=0.4,0.8,0,1");
    let z = s.zoomed().unwrap().unwrap();
    let objective = s.objective();
    let first = best_so_far(&evaluate_points(&objective, s.points(0, 2)));
    let second = best_so_far(&evaluate_points(&z.objective(), z.points(0, 2)));
    let n = s.budget;
    let whole = continue_best_so_far(&first, &second);
    assert_eq!(whole.len(), 2 * n);
    assert_eq!(&whole[..n], &first[..]);
    for k in 0..n {
        assert_eq!(whole[n + k], first[n - 1].min(second[k]));
        assert!(k == 0 || whole[n + k] <= whole[n + k - 1]);
    }
    let curves: Vec<StrategyCurve> = (0..3)
        .map(|i| StrategyCurve {
            name: format!("strategy {i}"),
            best_so_far: best_so_far(&evaluate_points(&objective, s.points(0, i))),
            bands: None,
            continued: if i == 2 { second.clone() } else { Vec::new() },
        })
        .collect();
    let chart = best_so_far_chart(&curves, n, "best f so far");
    assert_eq!(chart.series.len(), 3);
    assert_eq!(chart.series[0].points.len(), n);
    let continued = &chart.series[2].points;
    assert_eq!(continued.len(), 2 * n);
    assert_eq!(continued[2 * n - 1], ((2 * n) as f64, whole[2 * n - 1]));
    assert_eq!(chart.x_range, Some((1.0, (2 * n) as f64)));
    assert_eq!(chart.markers.len(), 1);
    assert_eq!(chart.markers[0].label, zoom_marker());
    assert_eq!(chart.markers[0].x, n as f64 + 0.5);
    // Without a zoomed pass: n trials, no marker, as before.
    let plain: Vec<StrategyCurve> = curves
        .into_iter()
        .map(|c| StrategyCurve {
            continued: Vec::new(),
            ..c
        })
        .collect();
    let chart = best_so_far_chart(&plain, n, "best f so far");
    assert!(chart.markers.is_empty());
    assert_eq!(chart.x_range, Some((1.0, n as f64)));
}

/// Runs every task of `tasks` through a runner in small slices and records them in `race`.
fn run_tasks(race: &mut Race, tasks: Vec<u32>, ops: f64) -> u64 {
    let mut plan = RacePlan::new(race.settings().clone());
    run_all(&mut plan, tasks, ops, |_, s| {
        race.record(&s.tasks, &s.results, s.steps)
    })
}

#[test]
fn repeats_draw_fresh_grid_origins_optima_and_training_seeds_shared_within_a_repeat() {
    let s = parse("objective=synthetic");
    let k = s.grid_values_per_axis();
    // Repeat 0 is the centred grid; each repeat shifts it, keeping its spacing.
    assert_eq!(s.grid_origin(0), vec![0.5, 0.5]);
    let (o1, o2) = (s.grid_origin(1), s.grid_origin(2));
    assert_ne!(o1, o2);
    for r in [1, 2, 7] {
        let space = s.space();
        let mut xs: Vec<f64> = s.points(r, 0).iter().map(|p| space.to_unit(p)[0]).collect();
        xs.sort_by(f64::total_cmp);
        xs.dedup_by(|a, b| (*a - *b).abs() < 1e-9);
        assert_eq!(xs.len(), k, "repeat {r}");
        for w in xs.windows(2) {
            assert!((w[1] - w[0] - 1.0 / k as f64).abs() < 1e-9, "{xs:?}");
        }
        assert!((xs[0] * k as f64 - s.grid_origin(r)[0]).abs() < 1e-9);
    }
    assert_ne!(s.points(1, 2), s.points(2, 2), "fresh random points");
    // A fresh optimum every repeat, and not the old fixed one.
    let optima: Vec<[f64; 2]> = (0..5).map(|r| s.optimum(r)).collect();
    for (i, a) in optima.iter().enumerate() {
        assert!(a.iter().all(|u| (0.15..0.85).contains(u)));
        assert!(optima[i + 1..].iter().all(|b| b != a), "{optima:?}");
    }
    // Training seeds: the URL's for the race, fresh per repeat, the same for every strategy.
    let real = parse("");
    assert_eq!(real.repeat_config(0), real.base);
    let (c1, c2) = (real.repeat_config(1), real.repeat_config(2));
    assert_ne!(c1.init_seed, real.base.init_seed);
    assert_ne!((c1.init_seed, c1.batch_seed), (c2.init_seed, c2.batch_seed));
    assert_eq!(
        c1.data_seed, real.base.data_seed,
        "the data stay the learner's"
    );
    let p = &real.points(1, 1)[0];
    assert_eq!(real.config_at(1, p).init_seed, c1.init_seed);
}

#[test]
fn real_repeats_equal_single_runs_trained_with_the_same_seeds() {
    let s = parse("steps=30&budget=4&repeats=2&mapSize=4");
    let mut race = Race::new(s.clone());
    let tasks: Vec<u32> = race.trial_tasks(2);
    assert_eq!(tasks.len(), 12);
    // Tiny slices: each training is cut into many pieces, the results must not change.
    let steps = run_tasks(&mut race, tasks.clone(), 2_000.0);
    assert_eq!(steps, 12 * 30, "every step is counted once");
    let mut plan = RacePlan::new(s.clone());
    for &task in &tasks {
        let id = s.task_id(task).unwrap();
        assert_eq!(id.repeat, 2);
        let point = &s.points(2, id.strategy)[id.trial];
        let alone = train_and_score(&s.config_at(2, point), 30);
        let objective = s.objective_for(2);
        assert_eq!(objective.evaluate(point), alone);
        let mut one = Runner::new(vec![task]);
        let slice = one.work(&mut plan, f64::INFINITY);
        assert_eq!(slice.results, vec![encode_outcome(&alone)], "{id:?}");
    }
}

#[test]
fn the_race_counts_how_often_each_random_search_beat_the_grid() {
    let s = parse("objective=synthetic&repeats=40&budget=16");
    let mut race = Race::new(s.clone());
    assert!(race.summary().repeats.is_none());
    let tasks = race.repeat_tasks();
    run_tasks(&mut race, tasks, 1e9);
    let r = race.summary().repeats.expect("repeats are in");
    assert_eq!((r.done, r.total), (40, 40));
    // Recount independently from the settings' own plan.
    let mut wins = [0; 3];
    for rep in 1..=40 {
        let objective = s.objective_for(rep);
        let best = |i: usize| {
            s.points(rep, i)
                .iter()
                .filter_map(|p| objective.evaluate(p).score())
                .fold(f64::INFINITY, f64::min)
        };
        let grid = best(0);
        for (i, w) in wins.iter_mut().enumerate().skip(1) {
            *w += usize::from(best(i) < grid);
        }
    }
    assert_eq!(r.wins, wins);
    assert_eq!(r.wins[0], 0);
    assert!(r.bands.iter().all(|b| b.median.len() == 16));
    // On the synthetic landscape, whose good band in x is narrow, random on scale wins often.
    assert!(r.wins[2] >= 24, "{:?}", r.wins);
}

#[test]
fn the_race_records_what_workers_report_and_sums_it_up() {
    let s = parse("objective=synthetic&mapSize=4&budget=9");
    let mut race = Race::new(s.clone());
    let before = race.summary();
    assert!(before
        .strategies
        .iter()
        .all(|st| st.done == 0 && st.best.is_none()));
    assert!(!before.searches_done && before.importance.is_none());
    // A diverged and an impossible trial are counted as such, never as scores.
    let t = |i, trial| {
        s.task(TaskId {
            repeat: 0,
            strategy: i,
            trial,
        })
    };
    race.record(&[t(1, 0), t(1, 1)], &[f64::INFINITY, f64::NEG_INFINITY], 0);
    let st = &race.summary().strategies[1];
    assert_eq!((st.done, st.diverged, st.impossible), (2, 1, 1));
    assert!(st.best.is_none());
    // Everything else, through the runner (landscape cells too).
    let mut tasks = race.cell_tasks();
    assert!(tasks.iter().all(|t| t & CELL != 0));
    tasks.extend(race.trial_tasks(0));
    run_tasks(&mut race, tasks, 1e9);
    let sum = race.summary();
    assert!(sum.searches_done);
    assert_eq!(sum.landscape_filled, 16);
    assert_eq!(sum.strategies[0].distinct, vec![3, 3]);
    assert_eq!(sum.strategies[2].distinct, vec![9, 9]);
    let reference = sum.reference.unwrap();
    for st in &sum.strategies {
        let (best, _) = st.best.clone().unwrap();
        assert!(st.regret.unwrap() >= 0.0);
        assert!((best - reference - st.regret.unwrap()).abs() < 1e-12);
    }
    let (shares, n) = sum.importance.unwrap();
    assert_eq!(shares.len(), 2);
    assert!(n >= 9);
    // Cached landscapes restore cell for cell.
    let mut again = Race::new(s);
    again.restore_landscape(&race.landscape_results());
    assert_eq!(again.summary().landscape_filled, 16);
    assert!(again.zoom_around_best().is_err(), "no trial yet");
    let b = race.zoom_around_best().unwrap();
    assert!(b.lo()[0] < b.hi()[0]);
}

#[test]
fn three_axis_grids_try_the_cube_root_of_the_budget_per_axis() {
    let s = parse("objective=synthetic&zAxis=units&budget=27");
    assert_eq!(s.grid_values_per_axis(), 3);
    let space = s.space();
    let objective = s.objective();
    let grid = evaluate_points(&objective, s.points(0, 0));
    assert_eq!(distinct_values(&space, &grid), vec![3, 3, 3]);
    let random = evaluate_points(&objective, s.points(0, 2));
    assert_eq!(distinct_values(&space, &random)[0], 27);
    // 25 trials on 3 axes: a cut 3 × 3 × 3 grid.
    let cut = parse("objective=synthetic&zAxis=units");
    assert_eq!(cut.grid_values_per_axis(), 3);
    assert_eq!(cut.points(0, 0).len(), 25);
    // Four axes of 81 trials: 3 values each.
    assert_eq!(
        parse("zAxis=units&wAxis=layers&budget=81").grid_values_per_axis(),
        3
    );
    // The map shows two chosen axes; the others sit at the middle of their ranges.
    let m = parse("zAxis=units&map=xz");
    assert_eq!(m.plot, [0, 2]);
    let full = m.full_point(&[0.01, 20.0]);
    assert_eq!(full.len(), 3);
    assert_eq!((full[0], full[2]), (0.01, 20.0));
    assert_eq!(full[1], m.axes[1].from_unit(0.5));
}

#[test]
fn the_panel_draws_one_more_rug_per_axis_it_does_not_show() {
    let (w, h) = (300, 300);
    let scene = PanelScene {
        trials: vec![
            ((0.2, 0.3), TrialMark::Scored),
            ((0.7, 0.3), TrialMark::Scored),
        ],
        extra_rugs: vec![vec![0.1, 0.5, 0.9]],
        ..PanelScene::default()
    };
    let rgba = panel_rgba(&scene, w, h);
    let layout = PanelLayout::with_rugs(w, h, 1);
    assert!(layout.plot_h < PanelLayout::of(w, h).plot_h);
    let runs = |y: usize| {
        let dark = |x: usize| rgba[4 * (y * w + x)] < 0x80;
        (layout.plot_x..w)
            .filter(|&x| dark(x) && (x == layout.plot_x || !dark(x - 1)))
            .count()
    };
    assert_eq!(runs(layout.rug_top(0) + layout.rug / 2), 2, "the x rug");
    assert_eq!(runs(layout.rug_top(1) + layout.rug / 2), 3, "the z rug");
}

#[test]
fn estimates_grow_with_the_work_and_name_the_knob_to_lower() {
    use tunelab::views::race::cost::costliest_knob;
    let race = Race::new(parse(""));
    let e = race.estimate();
    assert_eq!(e.trainings, 32 * 32 + 75);
    assert_eq!(e.steps, (32 * 32 + 75) * 200);
    let longer = Race::new(parse("steps=2000")).estimate();
    assert!(
        longer.ops > 6.0 * e.ops && longer.ops < 10.0 * e.ops,
        "{} vs {}",
        longer.ops,
        e.ops
    );
    let reps = race.repeat_estimate();
    assert_eq!(reps.trainings, 200 * 75);
    // A cached landscape is not estimated again.
    let mut warm = Race::new(parse(""));
    warm.restore_landscape(&vec![0.5; 32 * 32]);
    assert_eq!(warm.estimate().trainings, 75);
    assert_eq!(costliest_knob(&parse("steps=5000"), None), "steps");
    assert_eq!(costliest_knob(&parse("mapSize=64"), None), "mapSize");
    assert_eq!(costliest_knob(&parse("hidden=64,64,64,64"), None), "hidden");
    assert_eq!(
        costliest_knob(&parse("repeats=1000"), Some("repeats")),
        "repeats"
    );
    // The largest race the settings accept is far beyond what the page will start.
    let huge = Race::new(parse(
        "budget=400&steps=5000&mapSize=64&points=5000&train=0.9&hidden=64,64,64,64&batch=4500",
    ));
    assert!(huge.estimate().seconds(2) > 3600.0 * 24.0);
    assert!(e.seconds(2) < 60.0, "{}", e.seconds(2));
}

#[test]
fn the_study_ranks_the_course_list_and_places_each_in_a_tier() {
    assert_eq!(
        (0..9).map(measured_tier).collect::<Vec<_>>(),
        [1, 2, 2, 2, 3, 3, 4, 4, 4]
    );
    let s = parse("studyTrials=40&steps=60");
    let mut study = Study::new(&s);
    assert_eq!(study.space().len(), 9);
    assert!(study.summary().ranking.is_none());
    // Trials alternate momentum and Adam, sharing the URL's seeds.
    assert_eq!(
        study.config(0).optimizer,
        tunelab::config::OptimizerKind::Momentum
    );
    assert_eq!(
        study.config(1).optimizer,
        tunelab::config::OptimizerKind::Adam
    );
    assert_eq!(study.config(3).init_seed, s.base.init_seed);
    let tasks = study.tasks();
    run_all(&mut study, tasks, 1e8, |st, s| {
        st.record(&s.tasks, &s.results, s.steps)
    });
    let sum = study.summary();
    assert_eq!(sum.done, 40);
    assert_eq!(sum.steps_done, 40 * 60);
    let ranking = sum.ranking.unwrap();
    assert_eq!(ranking.len(), 9);
    for (rank, r) in ranking.iter().enumerate() {
        assert_eq!(r.measured_tier, measured_tier(rank));
        let course = COURSE_TIERS.iter().find(|(p, _)| *p == r.param).unwrap().1;
        assert_eq!(r.course_tier, course);
        assert!((0.0..=1.0).contains(&r.share), "{r:?}");
        let expected = match r.param {
            HyperParam::Momentum
            | HyperParam::AdamBeta1
            | HyperParam::AdamBeta2
            | HyperParam::AdamEpsilon => 20,
            _ => 40,
        };
        assert_eq!(r.trials, expected, "{r:?}");
    }
    assert!(ranking.windows(2).all(|w| w[0].share >= w[1].share));
}

#[test]
fn each_axis_offers_exactly_the_scales_that_suit_its_hyperparameter() {
    for p in HyperParam::ALL {
        let suits = Scale::suiting(p);
        assert!(!suits.is_empty(), "{p:?}");
        for s in Scale::ALL {
            assert_eq!(suits.contains(&s), s.kind() == p.kind(), "{p:?} {s:?}");
        }
    }
}
