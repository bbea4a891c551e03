//! Times one default race training at a few step counts, natively, to see where its time goes
//! (setup and evaluation vs the steps): `cargo run --release --example race_cost -- [query]`.

use std::time::Instant;
use tunelab::search::real::train_and_score;
use tunelab::views::race::RaceSettings;

fn main() {
    let query = std::env::args().nth(1).unwrap_or_default();
    let s = RaceSettings::from_query(&query).unwrap_or_else(|e| panic!("{e}"));
    let point = s.full_point(&[0.01, 0.999]);
    let config = s.config_at(0, &point);
    for steps in [0, 100, 300] {
        let n = 400;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(train_and_score(&config, steps));
        }
        println!(
            "{steps} steps: {:.3} ms per training",
            1e3 * t.elapsed().as_secs_f64() / n as f64
        );
    }
}
