//! Native benchmark of the reference workload (see `tunelab::bench`): prints examples per
//! second per variant, median of several runs with min–max. Run with
//! `cargo run --release --example bench` (`-- --json FILE` also writes the figures as JSON, for
//! scripts/bench.sh; `-- --runs N` changes the number of runs).

use std::time::Instant;
use tunelab::bench::{reference_config, REFERENCE_STEPS, VARIANTS};
use tunelab::train::Trainer;

const RUNS: usize = 9;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let json_out = flag("--json");
    let runs: usize = flag("--runs").map_or(RUNS, |v| v.parse().expect("--runs takes a number"));
    assert!(runs >= 1, "--runs must be at least 1");

    println!(
        "native, one thread: {REFERENCE_STEPS} steps per run, median of {runs} runs (min–max)"
    );
    println!("{:<20} {:>14} {:>24}", "variant", "examples/s", "min–max");
    let mut json = Vec::new();
    for (name, batch, bn) in VARIANTS {
        let config = reference_config(batch, bn);
        let run = || {
            let mut t = Trainer::new(&config).expect("reference config is valid");
            t.set_record_every(0);
            let start = Instant::now();
            t.step(REFERENCE_STEPS);
            let secs = start.elapsed().as_secs_f64();
            std::hint::black_box(t.fingerprint());
            (REFERENCE_STEPS * batch) as f64 / secs
        };
        run(); // warm-up (page faults, caches, CPU frequency)
        let measured: Vec<f64> = (0..runs).map(|_| run()).collect();
        let mut rates = measured.clone();
        rates.sort_by(f64::total_cmp);
        let median = if runs % 2 == 1 {
            rates[runs / 2]
        } else {
            (rates[runs / 2 - 1] + rates[runs / 2]) / 2.0
        };
        println!(
            "{:<20} {:>14} {:>24}",
            name,
            human(median),
            format!("{} – {}", human(rates[0]), human(rates[runs - 1]))
        );
        let list: Vec<String> = measured.iter().map(|r| format!("{r:.1}")).collect();
        json.push(format!(
            "\"{}\": {{\"name\": \"{name}\", \"batch\": {batch}, \"batchNorm\": {bn}, \"median\": {median:.1}, \"min\": {:.1}, \"max\": {:.1}, \"runs\": [{}]}}",
            &name[..1],
            rates[0],
            rates[runs - 1],
            list.join(", ")
        ));
    }
    if let Some(path) = json_out {
        let body = format!(
            "{{\"steps\": {REFERENCE_STEPS}, \"runs\": {runs}, \"variants\": {{\n  {}\n}}}}\n",
            json.join(",\n  ")
        );
        if let Some(dir) = std::path::Path::new(&path).parent() {
            std::fs::create_dir_all(dir).expect("create the JSON file's directory");
        }
        std::fs::write(&path, body).expect("write the JSON file");
        eprintln!("wrote {path}");
    }
}

fn human(rate: f64) -> String {
    if rate >= 1e6 {
        format!("{:.2}M", rate / 1e6)
    } else {
        format!("{:.0}k", rate / 1e3)
    }
}
