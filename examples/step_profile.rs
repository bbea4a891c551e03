//! Where one training step of the reference workload spends its time (natively, one thread):
//! each phase — forward pass, backward pass, SGD update, the divergence guard (finiteness check
//! and the last-good copy of the parameters) — timed alone over many repetitions, beside its
//! FLOPs. Run with `cargo run --release --example step_profile`. The roofline
//! (`scripts/bench.sh`) says how far the whole step is from the machine's peak; this says which
//! part keeps it there.

use std::hint::black_box;
use std::time::Instant;
use tunelab::bench::{reference_config, VARIANTS};
use tunelab::nn::Mode;
use tunelab::nn::{Network, Workspace};
use tunelab::optim::Optimizer;

const REPS: usize = 200_000;

/// Nanoseconds per call of `f`, the best of 5 timings of `REPS` calls.
fn time(mut f: impl FnMut()) -> f64 {
    for _ in 0..REPS / 10 {
        f();
    }
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..REPS {
                f();
            }
            start.elapsed().as_secs_f64() * 1e9 / REPS as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    println!(
        "{:<20} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "variant", "forward", "backward", "update", "guard", "step"
    );
    for (name, m, bn) in VARIANTS {
        let config = reference_config(m, bn);
        let mut net = Network::from_config(&config);
        let mut ws = Workspace::new();
        let x: Vec<f32> = (0..2 * m)
            .map(|i| ((i * 37 % 17) as f32 / 17.0) - 0.5)
            .collect();
        let y: Vec<u8> = (0..m).map(|i| (i % 2) as u8).collect();
        let mut grads = vec![0.0f32; net.params().len()];
        let mut opt = Optimizer::new(&config, grads.len());
        let mut last_good = net.params().to_vec();
        net.forward(&mut ws, &x, m, Mode::Train)
            .expect("valid batch");
        let forward = time(|| {
            net.forward(&mut ws, black_box(&x), m, Mode::Train)
                .expect("valid batch")
        });
        let backward = time(|| net.backward(&mut ws, black_box(&x), &y, Mode::Train, &mut grads));
        // A zero learning rate keeps the parameters where they are while the update runs.
        let update = time(|| opt.step(net.params_mut(), black_box(&grads), black_box(0.0)));
        let guard = time(|| {
            if black_box(net.is_finite()) {
                last_good.copy_from_slice(net.params());
            }
        });
        let step = forward + backward + update + guard;
        println!(
            "{:<20} {:>8.0}ns {:>8.0}ns {:>8.0}ns {:>8.0}ns {:>8.0}ns",
            name, forward, backward, update, guard, step
        );
    }
}
