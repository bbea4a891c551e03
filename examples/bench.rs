//! Native benchmark of the reference workload (see `tunelab::bench`): prints examples per
//! second per variant, median of several runs with min–max. Run with
//! `cargo run --release --example bench`.

use std::time::Instant;
use tunelab::bench::{reference_config, REFERENCE_STEPS, VARIANTS};
use tunelab::train::Trainer;

const RUNS: usize = 9;

fn main() {
    println!(
        "native, one thread: {REFERENCE_STEPS} steps per run, median of {RUNS} runs (min–max)"
    );
    println!("{:<20} {:>14} {:>24}", "variant", "examples/s", "min–max");
    for (name, batch, bn) in VARIANTS {
        let config = reference_config(batch, bn);
        let mut rates: Vec<f64> = (0..RUNS)
            .map(|_| {
                let mut t = Trainer::new(&config).expect("reference config is valid");
                t.set_record_every(0);
                let start = Instant::now();
                t.step(REFERENCE_STEPS);
                let secs = start.elapsed().as_secs_f64();
                std::hint::black_box(t.fingerprint());
                (REFERENCE_STEPS * batch) as f64 / secs
            })
            .collect();
        rates.sort_by(f64::total_cmp);
        println!(
            "{:<20} {:>14} {:>24}",
            name,
            human(rates[RUNS / 2]),
            format!("{} – {}", human(rates[0]), human(rates[RUNS - 1]))
        );
    }
}

fn human(rate: f64) -> String {
    if rate >= 1e6 {
        format!("{:.2}M", rate / 1e6)
    } else {
        format!("{:.0}k", rate / 1e3)
    }
}
