//! Runs a race's fair repeats natively, exactly as the page's workers do (the core `Race`, its
//! plan and the step-sliced `Runner`), and prints how often each random search beat the grid:
//! `cargo run --release --example race_winrate -- 'query'` (the query's `repeats`, default
//! 200). Used to choose the race's defaults (see the README).

use std::time::Instant;
use tunelab::views::race::work::run_all;
use tunelab::views::race::{Race, RacePlan, RaceSettings};

fn main() {
    let query = std::env::args().nth(1).unwrap_or_default();
    let settings = RaceSettings::from_query(&query).unwrap_or_else(|e| panic!("{e}"));
    let mut race = Race::new(settings.clone());
    let tasks = race.repeat_tasks();
    let trainings = tasks.len();
    let start = Instant::now();
    let mut plan = RacePlan::new(settings);
    run_all(&mut plan, tasks, 1e9, |_, s| {
        race.record(&s.tasks, &s.results, s.steps)
    });
    let secs = start.elapsed().as_secs_f64();
    let r = race.summary().repeats.expect("every repeat ran");
    println!(
        "'{query}': on scale beat the grid in {} of {}, uniform in {}; medians {:.4} {:.4} {:.4}; \
         {trainings} trainings in {secs:.1} s ({:.3} ms each, one core)",
        r.wins[2],
        r.done,
        r.wins[1],
        r.median_best[0],
        r.median_best[1],
        r.median_best[2],
        1e3 * secs / trainings as f64
    );
}
