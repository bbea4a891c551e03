//! Browser tests of the race's handles (see `tests/race.rs`): `RaceBoard`, `RaceEvaluator`,
//! `RaceStudy` and the free functions the page calls, each driven as the page and the workers
//! drive it, with its typed (named-field) results checked.

use tunelab::search::Objective;
use tunelab::views::race::{encode_outcome, RaceSettings};
use tunelab::web::{axis_scales, panel_layout, top_hit_odds, RaceBoard, RaceEvaluator, RaceStudy};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

wasm_bindgen_test_configure!(run_in_browser);

fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

fn at(v: &JsValue, i: u32) -> JsValue {
    js_sys::Array::from(v).get(i)
}

fn len(v: &JsValue) -> u32 {
    js_sys::Array::from(v).length()
}

fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = document.create_element("canvas").unwrap().unchecked_into();
    c.set_width(w);
    c.set_height(h);
    document.body().unwrap().append_child(&c).unwrap();
    c
}

fn colours(c: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().unchecked_into();
    let data = ctx
        .get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data();
    let mut seen = std::collections::HashSet::new();
    for px in data.chunks(4) {
        if px[3] > 0 {
            seen.insert((px[0] >> 4, px[1] >> 4, px[2] >> 4));
        }
    }
    seen.len()
}

/// Runs `tasks` through an evaluator the way the worker's 'raceWork' job does, recording every
/// slice; returns the steps reported.
fn work(
    ev: &mut RaceEvaluator,
    tasks: Vec<u32>,
    ops: f64,
    record: &mut dyn FnMut(&JsValue),
) -> f64 {
    ev.queue(tasks);
    let mut steps = 0.0;
    for _ in 0..100_000 {
        let slice = ev.work(ops);
        assert!(get(&slice, "tasks").is_instance_of::<js_sys::Uint32Array>());
        assert!(get(&slice, "results").is_instance_of::<js_sys::Float64Array>());
        steps += num(&slice, "steps");
        record(&slice);
        if get(&slice, "done").as_bool().unwrap() {
            return steps;
        }
    }
    panic!("the runner never finished");
}

fn record_into(board: &mut RaceBoard) -> impl FnMut(&JsValue) + '_ {
    move |slice| {
        let tasks = js_sys::Uint32Array::from(get(slice, "tasks")).to_vec();
        let results = js_sys::Float64Array::from(get(slice, "results")).to_vec();
        board.record(&tasks, &results, num(slice, "steps"));
    }
}

#[wasm_bindgen_test]
fn a_race_board_plans_records_sums_up_and_draws() {
    let q = "objective=synthetic&mapSize=4&budget=9&repeats=3";
    let mut board = RaceBoard::from_query(q).unwrap();
    let info = board.info();
    assert_eq!(num(&info, "budget"), 9.0);
    assert_eq!(num(&info, "gridK"), 3.0);
    assert_eq!(len(&get(&info, "axes")), 2);
    let x = at(&get(&info, "axes"), 0);
    assert_eq!(get(&x, "key").as_string().unwrap(), "lr");
    assert_eq!(get(&x, "slot").as_string().unwrap(), "x");
    assert!(len(&get(&x, "ticks")) >= 3);
    assert!(get(&at(&get(&x, "ticks"), 0), "label")
        .as_string()
        .is_some());
    assert_eq!(
        at(&get(&info, "names"), 0).as_string().unwrap(),
        "grid 3 × 3"
    );
    assert!(get(&info, "dark").as_bool().unwrap());
    assert!(!get(&info, "real").as_bool().unwrap());
    assert!(get(&info, "zoom").is_null());
    let estimate = get(&board.estimate(2), "race");
    assert_eq!(num(&estimate, "trainings"), 16.0 + 27.0);
    assert!(num(&estimate, "seconds") < num(&estimate, "askAbove"));

    let before = board.summary();
    assert!(!get(&before, "searchesDone").as_bool().unwrap());
    assert!(get(&at(&get(&before, "strategies"), 0), "best").is_null());

    let mut ev = RaceEvaluator::from_query(&board.full_query()).unwrap();
    let mut tasks = board.cell_tasks();
    assert_eq!(tasks.len(), 16);
    tasks.extend(board.trial_tasks());
    work(&mut ev, tasks, 1e12, &mut record_into(&mut board));
    let sum = board.summary();
    assert!(get(&sum, "searchesDone").as_bool().unwrap());
    assert_eq!(num(&get(&sum, "landscape"), "filled"), 16.0);
    let grid = at(&get(&sum, "strategies"), 0);
    assert_eq!(num(&grid, "done"), 9.0);
    let distinct: Vec<f64> = js_sys::Array::from(&get(&grid, "distinct"))
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(distinct, vec![3.0, 3.0]);
    let best = get(&at(&get(&sum, "strategies"), 2), "best");
    assert!(num(&best, "score").is_finite());
    assert!(get(&best, "where")
        .as_string()
        .unwrap()
        .contains("learning rate α = "));
    assert!(num(&at(&get(&sum, "strategies"), 2), "regret") >= 0.0);
    let importance = get(&sum, "importance");
    assert!(get(&importance, "text").as_string().unwrap().contains('%'));
    assert!(get(&sum, "repeats").is_null());

    // The fair repeats.
    let repeat_tasks = board.repeat_tasks();
    assert_eq!(repeat_tasks.len(), 3 * 27);
    work(&mut ev, repeat_tasks, 1e12, &mut record_into(&mut board));
    let repeats = get(&board.summary(), "repeats");
    assert_eq!(num(&repeats, "done"), 3.0);
    assert_eq!(len(&get(&repeats, "wins")), 3);
    let wins = get(&repeats, "wins");
    assert_eq!(
        at(&wins, 0).as_f64(),
        Some(0.0),
        "the grid never beats itself"
    );
    assert!(at(&wins, 2).as_f64().unwrap() <= 3.0);
    assert!(len(&get(&repeats, "medianBest")) == 3);

    // Drawing: the panels (with and without the landscape), the curves, the importance.
    let panel = canvas(240, 240);
    board.render_panel(0, &panel, true, false).unwrap();
    assert!(colours(&panel) > 10, "landscape panel drawn");
    let dark = canvas(240, 240);
    board.render_panel(2, &dark, false, true).unwrap();
    assert!(
        colours(&dark) < colours(&panel),
        "in the dark, no landscape"
    );
    let curves = canvas(480, 240);
    board.render_curves(&curves).unwrap();
    assert!(colours(&curves) > 3);
    let bars = canvas(300, 160);
    board.render_importance(&bars).unwrap();
    assert!(colours(&bars) > 2);

    // Coarse to fine: the box, the finer pass, the continued curve.
    let zoom = board.zoom_around_best().unwrap();
    assert_eq!(zoom.split(',').count(), 4);
    let zoomed_board = RaceBoard::from_query(&format!("{q}&zoom={zoom}")).unwrap();
    let mut finer = zoomed_board.zoomed().unwrap().expect("a finer pass");
    assert_eq!(
        finer.trial_tasks().len(),
        9,
        "only random on scale runs again"
    );
    let mut zev = RaceEvaluator::from_query(&finer.full_query()).unwrap();
    work(
        &mut zev,
        finer.trial_tasks(),
        1e12,
        &mut record_into(&mut finer),
    );
    zoomed_board.render_curves_with(&curves, &finer).unwrap();
    assert!(RaceBoard::from_query(q)
        .unwrap()
        .zoomed()
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
fn bad_race_settings_throw_with_the_key_of_their_control() {
    for (q, key) in [
        ("zoom=0.5,0.2,0,1", "zoom"),
        ("zoom=0.5,0.5000001,0,1", "zoom"),
        ("zAxis=lr", "zAxis"),
        ("zAxis=units&budget=5", "budget"),
        ("repeats=0", "repeats"),
        ("xAxis=batch&xMin=2&xMax=4096", "xMax"),
        ("dataset=banana", "dataset"),
    ] {
        let Err(e) = RaceBoard::from_query(q) else {
            panic!("{q} was accepted");
        };
        assert_eq!(get(&e, "key").as_string().as_deref(), Some(key), "{q}");
        let e: js_sys::Error = e.unchecked_into();
        assert!(!String::from(e.message()).is_empty());
    }
    let board = RaceBoard::from_query("").unwrap();
    let Err(e) = board.zoom_around_best() else {
        panic!("zoomed with no trial");
    };
    assert_eq!(get(&e, "key").as_string().as_deref(), Some("zoom"));
}

#[wasm_bindgen_test]
fn the_evaluator_trains_in_slices_exactly_as_natively() {
    let q = "steps=20&mapSize=4&budget=4&repeats=1";
    let settings = RaceSettings::from_query(q).unwrap();
    let board = RaceBoard::from_query(q).unwrap();
    let mut ev = RaceEvaluator::from_query(&board.full_query()).unwrap();
    // The lab's sensitivity maps: cells at once.
    let cells = ev.evaluate_cells(&[0, 5]).unwrap();
    assert_eq!(cells.len(), 2);
    let landscape = settings.landscape();
    let objective = settings.objective();
    for (k, &c) in [0usize, 5].iter().enumerate() {
        let point = settings.full_point(&landscape.cell_point(c));
        assert_eq!(cells[k], encode_outcome(&objective.evaluate(&point)));
    }
    // Trials in slices of a few steps: the same numbers as one training each.
    let tasks = board.repeat_tasks();
    let mut results = Vec::new();
    let steps = work(&mut ev, tasks.clone(), 3_000.0, &mut |slice: &JsValue| {
        let t = js_sys::Uint32Array::from(get(slice, "tasks")).to_vec();
        let r = js_sys::Float64Array::from(get(slice, "results")).to_vec();
        results.extend(t.into_iter().zip(r));
    });
    assert_eq!(steps, (tasks.len() * 20) as f64);
    for (task, r) in results {
        let id = settings.task_id(task).unwrap();
        let point = &settings.points(id.repeat, id.strategy)[id.trial];
        let alone = settings.objective_for(id.repeat).evaluate(point);
        assert_eq!(r, encode_outcome(&alone), "{id:?}");
    }
}

#[wasm_bindgen_test]
fn the_study_ranks_the_course_list_in_the_browser() {
    let q = "studyTrials=20&steps=10";
    let mut study = RaceStudy::from_query(q).unwrap();
    assert_eq!(study.tasks().len(), 20);
    let e = study.estimate(2);
    assert_eq!(num(&e, "trainings"), 20.0);
    assert!(get(&e, "knob").as_string().is_some());
    let mut ev = RaceEvaluator::for_study(q).unwrap();
    work(&mut ev, study.tasks(), 1e9, &mut |slice: &JsValue| {
        let t = js_sys::Uint32Array::from(get(slice, "tasks")).to_vec();
        let r = js_sys::Float64Array::from(get(slice, "results")).to_vec();
        study.record(&t, &r, num(slice, "steps"));
    });
    let s = study.summary();
    assert_eq!(num(&s, "done"), 20.0);
    assert_eq!(num(&s, "stepsDone"), 200.0);
    let ranking = get(&s, "ranking");
    assert_eq!(len(&ranking), 9);
    let first = at(&ranking, 0);
    assert!((0.0..=1.0).contains(&num(&first, "share")));
    assert_eq!(num(&first, "measuredTier"), 1.0);
    assert!(get(&first, "name").as_string().is_some());
    assert!((0.0..0.5).contains(&num(&first, "noise")));
    assert!(ev.evaluate_cells(&[0]).is_err(), "a study has no landscape");
}

#[wasm_bindgen_test]
fn the_page_helpers_return_named_fields() {
    let l = panel_layout(300, 300, 1);
    let (h, rug) = (num(&l, "h"), num(&l, "rug"));
    assert_eq!(num(&l, "x"), rug + 3.0);
    assert_eq!(h, 300.0 - 2.0 * (rug + 3.0));
    assert_eq!(num(&l, "w"), 300.0 - (rug + 3.0));
    let odds = top_hit_odds(0.05, 59).unwrap();
    assert!(num(&odds, "chance") >= 0.95);
    assert_eq!(num(&odds, "needed"), 59.0);
    assert!(top_hit_odds(0.0, 5).is_err());
    let scales: Vec<String> = axis_scales("lr")
        .iter()
        .map(|v| v.as_string().unwrap())
        .collect();
    assert_eq!(scales, ["linear", "log", "oneMinusLog"]);
    assert_eq!(axis_scales("batch").length(), 2);
    assert_eq!(axis_scales("none").length(), 0);
}

/// A table of the export as `(name, columns, rows)`.
fn table(t: &JsValue) -> (String, Vec<String>, Vec<js_sys::Array>) {
    let columns = js_sys::Array::from(&get(t, "columns"))
        .iter()
        .map(|c| c.as_string().unwrap())
        .collect();
    let rows = js_sys::Array::from(&get(t, "rows"))
        .iter()
        .map(|r| js_sys::Array::from(&r))
        .collect();
    (get(t, "name").as_string().unwrap(), columns, rows)
}

#[wasm_bindgen_test]
fn the_classroom_calls_give_picture_keys_snippets_and_tables() {
    let q = "objective=synthetic&mapSize=4&budget=9&repeated=1&study=1&landscape=0&studyTrials=20&steps=10";
    let board = RaceBoard::from_query(q).unwrap();
    let info = board.info();
    assert_eq!(get(&info, "repeated").as_bool(), Some(true));
    assert_eq!(get(&info, "study").as_bool(), Some(true));
    assert_eq!(get(&info, "landscape").as_bool(), Some(false));
    let key = get(&info, "studyKey").as_string().unwrap();
    assert!(key.contains("trials=20"), "{key}");
    // The snippets: the race's space for each library, its budget and seed.
    let code = board.snippets();
    let optuna = get(&code, "optuna").as_string().unwrap();
    let ray = get(&code, "rayTune").as_string().unwrap();
    assert!(
        optuna.contains("trial.suggest_float(\"lr\", 0.0001, 1.0, log=True)"),
        "{optuna}"
    );
    assert!(optuna.contains("1 - 10 ** trial.suggest_float(\"log10_1m_beta2\", -4.0, -2.0)"));
    assert!(optuna.contains("n_trials=9)"));
    assert!(
        ray.contains("\"lr\": tune.loguniform(0.0001, 1.0),"),
        "{ray}"
    );
    assert!(ray.contains("num_samples=9,"));
    // The trials table: 3 strategies × 9 trials, pending until recorded.
    let tables = board.tables();
    assert_eq!(tables.length(), 1);
    let (name, columns, rows) = table(&tables.get(0));
    assert_eq!(name, "trials");
    assert_eq!(
        columns,
        ["pass", "strategy", "trial", "lr", "beta2", "score", "status"]
    );
    assert_eq!(rows.len(), 27);
    assert_eq!(rows[0].get(1).as_string().as_deref(), Some("grid"));
    assert!(rows[0].get(5).is_null());
    assert_eq!(rows[26].get(6).as_string().as_deref(), Some("pending"));
    // With a finer pass: its 9 trials follow as pass 2.
    let zoomed = RaceBoard::from_query(&format!("{q}&zoom=0.2,0.6,0,1")).unwrap();
    let finer = zoomed.zoomed().unwrap().expect("a finer pass");
    let (_, _, rows) = table(&zoomed.tables_with(&finer).get(0));
    assert_eq!(rows.len(), 36);
    assert_eq!(rows[35].get(0).as_f64(), Some(2.0));
    // The study's trials: trial, optimizer, the nine hyperparameters, score, status.
    let study = RaceStudy::from_query(q).unwrap();
    let (name, columns, rows) = table(&study.tables().get(0));
    assert_eq!(name, "study_trials");
    assert_eq!(columns.len(), 13);
    assert_eq!(rows.len(), 20);
    assert_eq!(rows[1].get(1).as_string().as_deref(), Some("adam"));
}
