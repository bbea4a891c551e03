//! Runs the race's "Which hyperparameters matter?" study natively and prints its ranking next
//! to the course's tiers: `cargo run --release --example race_study -- ['query']`.

use std::time::Instant;
use tunelab::views::race::study::Study;
use tunelab::views::race::work::run_all;
use tunelab::views::race::RaceSettings;

fn main() {
    let query = std::env::args().nth(1).unwrap_or_default();
    let settings = RaceSettings::from_query(&query).unwrap_or_else(|e| panic!("{e}"));
    let mut study = Study::new(&settings);
    let start = Instant::now();
    let tasks = study.tasks();
    run_all(&mut study, tasks, 1e9, |st, s| {
        st.record(&s.tasks, &s.results, s.steps)
    });
    let s = study.summary();
    println!(
        "'{query}': {} trials ({} failed) in {:.1} s",
        s.done,
        s.failed,
        start.elapsed().as_secs_f64()
    );
    for (rank, r) in s.ranking.unwrap_or_default().iter().enumerate() {
        println!(
            "{:>2}. {:<22} {:>5.1}%  measured tier {}  course tier {}",
            rank + 1,
            r.param.name(),
            100.0 * r.share,
            r.measured_tier,
            r.course_tier
        );
    }
}
