//! The search views' Rust side: the race's URL settings (defaults, round trips, every bad
//! setting refused with a message for its control), its strategies and landscape as the page
//! uses them, and the pictures (panel RGBA, best-so-far chart).

#![cfg(not(target_arch = "wasm32"))]

use tunelab::config::OptimizerKind;
use tunelab::render::charts::draw_line_chart;
use tunelab::render::race::{
    best_so_far_chart, continue_best_so_far, importance_chart, panel_rgba, PanelLayout, PanelScene,
    StrategyCurve, TrialMark, RUG_BACKGROUND, ZOOM_MARKER,
};
use tunelab::search::*;
use tunelab::views::race::{
    decode_outcome, encode_outcome, importance_bins, importance_text, race_importance,
    ObjectiveKind, RaceSettings, IMPORTANCE_STRATEGIES,
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
    assert_eq!(s.x.scale(), Scale::Linear);
    assert_eq!(s.y.param(), HyperParam::AdamEpsilon);
    assert_eq!(s.objective, ObjectiveKind::Synthetic);
    let again = parse(&s.to_query());
    assert_eq!(again.to_query(), s.to_query());
    assert_eq!(again.landscape_key(), s.landscape_key());
    // The full query carries the base config too, so a worker rebuilds the same race.
    let with_data = parse("dataset=moons&batch=25&budget=16");
    let rebuilt = parse(&with_data.full_query());
    assert_eq!(rebuilt.base, with_data.base);
    assert_eq!(rebuilt.landscape_key(), with_data.landscape_key());
    assert_eq!(rebuilt.points(1), with_data.points(1));
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
        let trials = evaluate_points(&objective, s.points(i));
        assert_eq!(trials.len(), 25);
        distinct.push(distinct_values(&space, &trials));
    }
    assert_eq!(distinct, vec![vec![5, 5], vec![25, 25], vec![25, 25]]);
    // Uniform in value puts most learning rates in the last decade, on scale does not.
    let top = |i: usize| s.points(i).iter().filter(|p| p[0] >= 0.1).count();
    assert!(top(1) >= 18, "{}", top(1));
    assert!(top(2) <= 12, "{}", top(2));
}

#[test]
fn a_zoomed_race_searches_inside_the_box_with_fresh_points() {
    let s = parse("zoom=0.5,0.75,0,1");
    let z = s.zoomed().unwrap().unwrap();
    assert!((z.x.lo() - 0.01).abs() < 1e-12 && (z.x.hi() - 10f64.powf(-1.0)).abs() < 1e-12);
    assert_eq!(z.y, s.y);
    assert!(z.zoom.is_none());
    assert_ne!(z.seed, s.seed);
    for p in z.points(2) {
        assert!(p[0] >= 0.01 && p[0] <= 0.1, "{p:?}");
    }
    assert!(parse("").zoomed().is_none());
    // A box that is too thin on a continuous axis is refused, for the zoom control.
    let thin = parse("zoom=0.5,0.50001,0,1").zoomed().unwrap();
    assert!(thin.is_ok() || thin.unwrap_err().key() == Some("zoom"));
}

#[test]
fn a_small_real_race_fills_its_landscape_in_parallel_pieces_and_repeats_on_it() {
    let s = parse("steps=40&mapSize=6&budget=9");
    let objective = s.objective();
    // Two "workers": alternate cells of the coarse-to-fine order, results encoded as numbers.
    let mut land = s.landscape();
    let order = land.order().to_vec();
    let encoded: Vec<(usize, f64)> = order
        .iter()
        .map(|&c| (c, encode_outcome(&objective.evaluate(&land.cell_point(c)))))
        .collect();
    for (c, v) in encoded.iter().rev() {
        land.record(*c, &decode_outcome(*v).unwrap());
    }
    assert!(land.progress().is_done());
    // Small learning rates train slowly: the best cell is not in the leftmost column.
    let best = land.best_cell().unwrap();
    assert_ne!(best % 6, 0);
    let bands = repeated_best_so_far(
        &s.space(),
        &s.strategy(2),
        &NearestCell(&land),
        s.budget,
        50,
        7,
    )
    .unwrap();
    assert_eq!(bands.median.len(), 9);
    assert!(
        bands.lower_quartile[8] <= bands.median[8] && bands.median[8] <= bands.upper_quartile[8]
    );
}

#[test]
fn the_panel_draws_landscape_trials_and_one_rug_tick_per_distinct_value() {
    let s = parse("objective=synthetic&mapSize=8");
    let mut land = s.landscape();
    land.fill_next(&s.objective(), usize::MAX);
    let (w, h) = (300, 300);
    let layout = PanelLayout::of(w, h);
    let grid = s.points(0);
    let trials = grid
        .iter()
        .map(|p| {
            let u = s.space().to_unit(p);
            ((u[0], u[1]), TrialMark::Scored)
        })
        .collect();
    let scene = PanelScene {
        landscape: Some(&land),
        range: None,
        trials,
        best: Some((0.5, 0.5)),
        boxes: vec![(0.2, 0.6, 0.2, 0.6)],
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
    assert!(colours.len() > 5, "{colours:?}");
}

#[test]
fn the_best_so_far_chart_has_a_line_per_strategy_and_bands_after_repeats() {
    let s = parse("objective=synthetic");
    let objective = s.objective();
    let curves: Vec<StrategyCurve> = (0..3)
        .map(|i| StrategyCurve {
            name: format!("strategy {i}"),
            best_so_far: best_so_far(&evaluate_points(&objective, s.points(i))),
            bands: Some(
                repeated_best_so_far(&s.space(), &s.strategy(i), &objective, 25, 20, 1).unwrap(),
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
        .flat_map(|&i| evaluate_points(&objective, s.points(i)))
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
    let first = best_so_far(&evaluate_points(&objective, s.points(2)));
    let second = best_so_far(&evaluate_points(&z.objective(), z.points(2)));
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
            best_so_far: best_so_far(&evaluate_points(&objective, s.points(i))),
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
    assert_eq!(chart.markers[0].label, ZOOM_MARKER);
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
