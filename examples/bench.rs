//! Native benchmark of the reference workload (see `tunelab::bench`): prints examples per
//! second per variant, median of several runs with min–max, and the roofline: the machine's
//! measured f32x4 multiply-add peak, each variant's achieved GFLOP/s (FLOPs counted exactly,
//! `tunelab::bench::FlopCount`) and its share of that peak; and the run's peak memory. Run with
//! `cargo run --release --example bench` (`-- --json FILE` also writes the figures as JSON, for
//! scripts/bench.sh; `-- --runs N` changes the number of runs).

use std::time::Instant;
use tunelab::bench::{
    peak_mul_add, reference_config, FlopCount, PEAK_FLOPS_PER_ITERATION, REFERENCE_STEPS, VARIANTS,
};
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

    let peak = peak_gflops(runs);
    println!(
        "native, one thread: {REFERENCE_STEPS} steps per run, median of {runs} runs (min–max)"
    );
    println!("peak (f32x4 multiply, then add; SSE): {peak:.2} GFLOP/s");
    println!(
        "{:<20} {:>14} {:>24} {:>11} {:>9} {:>7}",
        "variant", "examples/s", "min–max", "FLOP/step", "GFLOP/s", "share"
    );
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
        let flops = FlopCount::reference_step(batch, bn).total();
        let gflops = median / batch as f64 * flops / 1e9;
        println!(
            "{:<20} {:>14} {:>24} {:>11.0} {:>9.2} {:>6.1}%",
            name,
            human(median),
            format!("{} – {}", human(rates[0]), human(rates[runs - 1])),
            flops,
            gflops,
            100.0 * gflops / peak
        );
        let list: Vec<String> = measured.iter().map(|r| format!("{r:.1}")).collect();
        json.push(format!(
            "\"{}\": {{\"name\": \"{name}\", \"batch\": {batch}, \"batchNorm\": {bn}, \"median\": {median:.1}, \"min\": {:.1}, \"max\": {:.1}, \"runs\": [{}], \"flopsPerStep\": {flops:.1}, \"gflops\": {gflops:.4}}}",
            &name[..1],
            rates[0],
            rates[runs - 1],
            list.join(", ")
        ));
    }
    if let Some(path) = json_out {
        let body = format!(
            "{{\"steps\": {REFERENCE_STEPS}, \"runs\": {runs}, \"peakGflops\": {peak:.4}, \"peakMemoryKiB\": {}, \"variants\": {{\n  {}\n}}}}\n",
            peak_memory_kib().map_or("null".to_string(), |k| k.to_string()),
            json.join(",\n  ")
        );
        if let Some(dir) = std::path::Path::new(&path).parent() {
            std::fs::create_dir_all(dir).expect("create the JSON file's directory");
        }
        std::fs::write(&path, body).expect("write the JSON file");
        eprintln!("wrote {path}");
    }
}

/// The f32x4 multiply-add peak in GFLOP/s: the best of `runs` timings of about 0.2 s each.
fn peak_gflops(runs: usize) -> f64 {
    let iterations = 20_000_000;
    peak_mul_add(iterations / 10); // warm-up
    (0..runs.max(3))
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(peak_mul_add(iterations));
            iterations as f64 * PEAK_FLOPS_PER_ITERATION / start.elapsed().as_secs_f64() / 1e9
        })
        .fold(0.0, f64::max)
}

/// The process's peak resident memory (VmHWM) in KiB, where /proc says it (Linux).
fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn human(rate: f64) -> String {
    if rate >= 1e6 {
        format!("{:.2}M", rate / 1e6)
    } else {
        format!("{:.0}k", rate / 1e3)
    }
}
