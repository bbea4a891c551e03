//! How often the coarse-to-fine pass improves on the first pass at a race's settings, over
//! search seeds 1..=n: `cargo run --release --example race_zoom -- 'query' [n]`.

use tunelab::views::race::work::run_all;
use tunelab::views::race::{zoom_text, Race, RacePlan, RaceSettings};

fn run(race: &mut Race, tasks: Vec<u32>) {
    let mut plan = RacePlan::new(race.settings().clone());
    run_all(&mut plan, tasks, 1e9, |_, s| {
        race.record(&s.tasks, &s.results, s.steps)
    });
}

fn main() {
    let query = std::env::args().nth(1).unwrap_or_default();
    let n: u64 = std::env::args().nth(2).map_or(20, |s| s.parse().unwrap());
    let mut improved = 0;
    for seed in 1..=n {
        let q = format!("{query}&searchSeed={seed}");
        let mut first = Race::new(RaceSettings::from_query(&q).unwrap());
        let tasks = first.trial_tasks(0);
        run(&mut first, tasks);
        let zoom = zoom_text(&first.zoom_around_best().unwrap());
        let settings = RaceSettings::from_query(&format!("{q}&zoom={zoom}")).unwrap();
        let mut second = Race::finer(settings.zoomed().unwrap().unwrap());
        let tasks = second.trial_tasks(0);
        run(&mut second, tasks);
        let (b1, b2) = (first.best(2).unwrap().0, second.best(2).unwrap().0);
        improved += usize::from(b2 < b1);
        println!("seed {seed}: zoom {zoom}: {b1:.4} -> {b2:.4}");
    }
    println!("'{query}': the finer pass improved in {improved} of {n} races");
}
