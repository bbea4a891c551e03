//! Browser tests: the engine and the wasm edge in headless Chromium (`wasm-pack test --headless
//! --chrome`, or `cargo test --target wasm32-unknown-unknown`).

#![cfg(target_arch = "wasm32")]

use tunelab::train::{Split, Trainer};
use tunelab::{nn::Mode, web, Config};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlCanvasElement;

mod support;
use support::{canvas, pixels};

wasm_bindgen_test_configure!(run_in_browser);

/// Every pinned reference run (see `tests/determinism.rs`) gives the same bits in the browser.
#[wasm_bindgen_test]
fn browser_runs_match_the_native_fingerprints() {
    let golden = include_str!("golden/runs.txt");
    let mut checked = 0;
    for line in golden.lines().filter(|l| !l.trim().is_empty()) {
        let mut parts = line.splitn(3, ' ');
        let (expected, steps, query) = (
            parts.next().unwrap(),
            parts.next().unwrap().parse::<usize>().unwrap(),
            parts.next().unwrap(),
        );
        let query = if query == "-" { "" } else { query };
        let mut t = Trainer::new(&Config::from_query(query).unwrap()).unwrap();
        t.step(steps);
        assert_eq!(
            format!("{:016x}", t.fingerprint()),
            expected,
            "run '{query}'"
        );
        checked += 1;
    }
    assert_eq!(checked, 4);
}

#[wasm_bindgen_test]
fn a_network_learns_in_the_browser() {
    let mut t = Trainer::new(&Config::default()).unwrap();
    t.step(3000);
    assert!(t.evaluate(Split::Valid, Mode::Inference).accuracy > 0.95);
}

/// Fresh seeds come from the browser's `crypto.getRandomValues` (getrandom's `wasm_js` backend):
/// whole numbers below 2⁵³, so exact as JS numbers and in the URL.
#[wasm_bindgen_test]
fn fresh_seeds_come_from_the_browser_and_fit_in_a_js_number() {
    let seeds: Vec<f64> = (0..4).map(|_| web::fresh_seed().unwrap()).collect();
    for &s in &seeds {
        assert!(
            (0.0..9_007_199_254_740_992.0).contains(&s) && s.fract() == 0.0,
            "{s}"
        );
    }
    assert!(seeds.windows(2).all(|w| w[0] != w[1]), "{seeds:?}");
}

#[wasm_bindgen_test]
fn bad_queries_become_js_errors_with_the_message() {
    let Err(e) = web::Trainer::from_query("lr=abc") else {
        panic!("lr=abc was accepted");
    };
    let e: js_sys::Error = e.unchecked_into();
    let msg: String = e.message().into();
    assert!(msg.contains("(lr)"), "{msg}");
    // The refused setting's URL key rides along, so the page can mark its control.
    let key = js_sys::Reflect::get(&e, &"key".into()).unwrap();
    assert_eq!(key.as_string().as_deref(), Some("lr"));
    let Err(e) = web::Trainer::from_query("batch=1&bn=1") else {
        panic!("batch 1 with BN was accepted");
    };
    let e: js_sys::Error = e.unchecked_into();
    assert!(String::from(e.message()).contains("Batch size 1"));
}

/// Distinct colours among a canvas's pixels (quantized to 4 bits per channel).
fn distinct_colours(c: &HtmlCanvasElement) -> usize {
    let data = pixels(c);
    let mut seen = std::collections::HashSet::new();
    for px in data.chunks(4) {
        if px[3] > 0 {
            seen.insert((px[0] >> 4, px[1] >> 4, px[2] >> 4));
        }
    }
    seen.len()
}

#[wasm_bindgen_test]
fn field_and_charts_are_drawn_on_real_canvases() {
    let mut t = web::Trainer::from_query("").unwrap();
    t.step(500);
    let field = canvas(200, 200);
    t.render_field(&field, true, 48).unwrap();
    assert!(distinct_colours(&field) > 20, "heatmap drawn");
    let loss = canvas(360, 200);
    t.render_loss(&loss).unwrap();
    assert!(distinct_colours(&loss) > 3, "loss chart drawn");
    let acc = canvas(360, 200);
    t.render_accuracy(&acc).unwrap();
    assert!(distinct_colours(&acc) > 3, "accuracy chart drawn");
}
