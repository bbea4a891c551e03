//! Times the default "Grid vs random" race natively, on one core: its 32 × 32 landscape and its
//! three searches of 25 real trials (each a network trained for `steps` steps with Adam), to choose
//! the real objective's training budget. `cargo run --release --example race_timing`.
//! In headless Chromium, wasm runs about 1.5–2× slower per core, and the page splits the work
//! over 2–4 Web Workers.

use std::time::Instant;
use tunelab::search::*;
use tunelab::views::race::RaceSettings;

fn main() {
    let query = std::env::args().nth(1).unwrap_or_default();
    let settings = RaceSettings::from_query(&query).unwrap_or_else(|e| panic!("{e}"));
    let objective = settings.objective();
    let start = Instant::now();
    let mut land = settings.landscape();
    land.fill_next(&objective, usize::MAX);
    let landscape = start.elapsed().as_secs_f64();
    let start = Instant::now();
    let mut distinct = Vec::new();
    for i in 0..3 {
        let trials = evaluate_points(&objective, settings.points(0, i));
        distinct.push(distinct_values(&settings.space(), &trials)[0]);
    }
    let trials = start.elapsed().as_secs_f64();
    let cells = land.progress().total;
    let n = cells + 3 * settings.budget;
    println!(
        "race '{query}': {cells} landscape cells in {landscape:.2} s + {} trials in {trials:.2} s \
         = {:.2} s on one core ({:.2} ms per training); distinct x values: {distinct:?}",
        3 * settings.budget,
        landscape + trials,
        1e3 * (landscape + trials) / n as f64
    );
}
