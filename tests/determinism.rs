//! Cross-target reproducibility: a config replays bit-identically, and the fingerprints of a few
//! reference runs are pinned in `tests/golden/runs.txt`, which the browser test (`tests/web.rs`)
//! checks too — so native and WebAssembly builds are proven to compute the same bits.
//!
//! After an intended numerical change, rewrite the file with
//! `TUNELAB_BLESS=1 cargo test --test determinism` and say why in the commit.

#![cfg(not(target_arch = "wasm32"))]

use tunelab::train::Trainer;
use tunelab::Config;

const GOLDEN: &str = "tests/golden/runs.txt";

/// The reference runs: (URL query, steps). They exercise tanh, ReLU, BN in both modes, the
/// softmax output, momentum, Adam and decay.
pub const RUNS: [(&str, usize); 4] = [
    ("", 1500),
    (
        "dataset=spiral3&hidden=16,16&activation=relu&optimizer=adam&lr=0.01&batch=32",
        1000,
    ),
    (
        "dataset=xor&bn=0&optimizer=momentum&momentum=0.95&decay=0.5&lr=0.1",
        1000,
    ),
    (
        "dataset=moons&hidden=12,6,4&init=he&initScale=2&batchSeed=9&initSeed=4&dataSeed=3",
        800,
    ),
];

fn fingerprint(query: &str, steps: usize) -> String {
    let config = Config::from_query(query).unwrap();
    let mut t = Trainer::new(&config).unwrap();
    t.step(steps);
    format!("{:016x}", t.fingerprint())
}

#[test]
fn native_runs_match_the_pinned_fingerprints() {
    let actual: String = RUNS
        .iter()
        .map(|(q, n)| {
            format!(
                "{} {} {}\n",
                fingerprint(q, *n),
                n,
                if q.is_empty() { "-" } else { q }
            )
        })
        .collect();
    if std::env::var_os("TUNELAB_BLESS").is_some() {
        std::fs::write(GOLDEN, &actual).unwrap();
    }
    let pinned = std::fs::read_to_string(GOLDEN).unwrap();
    assert_eq!(
        actual, pinned,
        "a run's bits changed (rebless only if intended)"
    );
}

#[test]
fn a_run_replays_exactly_and_its_url_reproduces_it() {
    let (q, n) = RUNS[1];
    assert_eq!(fingerprint(q, n), fingerprint(q, n));
    let config = Config::from_query(q).unwrap();
    assert_eq!(fingerprint(&config.to_query(), n), fingerprint(q, n));
}
