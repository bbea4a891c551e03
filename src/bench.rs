//! The reference training workload the benchmarks time, natively and in the browser.
//!
//! 500 circle points, 2 → 16 → 16 → 1 tanh network with a sigmoid output and binary
//! cross-entropy, plain SGD at α = 0.03, and a mini-batch size and BN setting per variant:
//! A = batch 10, B = batch 10 with BN on both hidden layers, C = batch 64.

use crate::config::{Activation, Config, DatasetKind, OptimizerKind};

/// Steps each benchmark run takes.
pub const REFERENCE_STEPS: usize = 5000;

/// The variants: (name, mini-batch size, batch norm).
pub const VARIANTS: [(&str, usize, bool); 3] = [
    ("A: batch 10", 10, false),
    ("B: batch 10 + BN", 10, true),
    ("C: batch 64", 64, false),
];

/// The reference config for one variant.
pub fn reference_config(batch_size: usize, batch_norm: bool) -> Config {
    Config {
        dataset: DatasetKind::Circle,
        points: 500,
        hidden: vec![16, 16],
        activation: Activation::Tanh,
        batch_norm,
        optimizer: OptimizerKind::Sgd,
        learning_rate: 0.03,
        batch_size,
        ..Config::default()
    }
}
