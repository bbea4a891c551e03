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

/// Floating-point operations of one training step of the reference workload, counted from the
/// kernels' code (src/nn, src/optim.rs, src/train.rs), by part.
///
/// Every f32/f64 add, subtract, multiply, divide, square root, min and max counts as one
/// operation; `tanh` counts its 23 (clamp 2, x² 1, the numerator's 6 multiply-adds and final
/// multiply 13, the denominator's 3 multiply-adds 6, the division 1) and the sigmoid
/// ½ + ½·tanh(x/2) 26; `exp` and `log1p` in the (f64) loss count one each. A multiply by the
/// constant 1.0 (the bias gradient's Σ dz) is not counted: the compiler removes it. Copies,
/// shuffles, the transpose of W and the finiteness check of the parameters move data but do no
/// arithmetic, so they count zero — they still take time, which is part of what the roofline's
/// share measures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FlopCount {
    /// The matrix products: z = a·W (+ b), dW += aᵀ·dz, db += Σ dz, da = dz·Wᵀ.
    pub dense: f64,
    /// Batch normalization: statistics, normalization, γ·ẑ + β, running averages, backward.
    pub batch_norm: f64,
    /// tanh in the hidden layers, the output sigmoid, and their derivatives.
    pub activation: f64,
    /// The loss gradient (ŷ − y)/m every step and the loss itself every 5th step (amortized).
    pub loss: f64,
    /// The SGD update p ← p − α·g.
    pub optimizer: f64,
}

/// Operations in one [`crate::math::tanh`].
pub const TANH_FLOPS: f64 = 23.0;
/// Operations in one [`crate::math::sigmoid`].
pub const SIGMOID_FLOPS: f64 = TANH_FLOPS + 3.0;
/// The trainer computes the loss every this many steps (src/train.rs `LOSS_WATCH_EVERY`).
const LOSS_EVERY: f64 = 5.0;

impl FlopCount {
    /// The count for one step of a reference variant (mini-batch `batch`, BN on z or none).
    pub fn reference_step(batch: usize, batch_norm: bool) -> Self {
        let config = reference_config(batch, batch_norm);
        let m = batch as f64;
        let mut widths = vec![2usize];
        widths.extend(&config.hidden);
        widths.push(1);
        let mut n = FlopCount::default();
        let layers = widths.len() - 1;
        for l in 0..layers {
            let (f, u) = (widths[l] as f64, widths[l + 1] as f64);
            let hidden = l + 1 < layers;
            let has_bias = !(hidden && batch_norm);
            // Forward z = a·W (+ b, as the accumulators' start) and dW += aᵀ·dz: a multiply and
            // an add per term. db += Σ dz: an add per term. da = dz·Wᵀ below the first layer.
            n.dense += 2.0 * m * f * u * 2.0;
            if has_bias {
                n.dense += m * u;
            }
            if l > 0 {
                n.dense += 2.0 * m * f * u;
            }
            if hidden {
                // tanh forward, and d ← d·(1 − a²) backward.
                n.activation += m * u * (TANH_FLOPS + 3.0);
                if batch_norm {
                    n.batch_norm += Self::batch_norm_train(m, u);
                }
            } else {
                n.activation += m * u * SIGMOID_FLOPS;
            }
        }
        // dz = (ŷ − y)·(1/m) per example plus 1/m; the loss softplus(z) − y·z summed in f64
        // (max, abs, negate, exp, log1p, add; multiply, subtract, add) and its running average.
        n.loss = 2.0 * m + 1.0 + (9.0 * m + 3.0) / LOSS_EVERY;
        // p ← p − α·g: a multiply and a subtract per parameter (W, b or γ and β).
        let params = crate::nn::Network::from_config(&config).params().len();
        n.optimizer = 2.0 * params as f64;
        n
    }

    /// One hidden layer's BN in training mode, m examples × u units (src/nn/batch_norm.rs).
    fn batch_norm_train(m: f64, u: f64) -> f64 {
        // forward_train: 1/m; Σ(z − K) 2mu; ·1/m u; centred (z − K) − mean and Σ c² 4mu;
        // μ = K + mean, σ² = Σ/m, 1/√(σ² + ε) 5u; ẑ = c·inv_std, γ·ẑ + β 3mu.
        let forward = 1.0 + 2.0 * m * u + u + 4.0 * m * u + 5.0 * u + 3.0 * m * u;
        // update_running: m/(m − 1) 2; per unit (1 − β)·r + β·μ 4 and (1 − β)·r + β·σ²·unbias 5.
        let running = 2.0 + 9.0 * u;
        // backward_train: Σ dz̃ and Σ dz̃·ẑ 3mu; dβ, dγ 2u; 1/m 1; two means 2u;
        // dz = γ·inv_std·(dz̃ − mean − ẑ·mean2) 5mu.
        let backward = 3.0 * m * u + 2.0 * u + 1.0 + 2.0 * u + 5.0 * m * u;
        forward + running + backward
    }

    /// All parts together.
    pub fn total(&self) -> f64 {
        self.dense + self.batch_norm + self.activation + self.loss + self.optimizer
    }
}

/// Lanes × operations per lane of one [`peak_mul_add`] iteration: 12 independent f32x4
/// accumulators, each multiplied and then added to (2 operations × 4 lanes).
pub const PEAK_FLOPS_PER_ITERATION: f64 = 12.0 * 4.0 * 2.0;

/// The machine's peak for this kind of code: `iterations` rounds of acc ← acc·s + t on 12
/// independent f32x4 accumulators (a multiply, then an add — no fused multiply-add, which
/// neither wasm SIMD128 nor the default x86-64 target has), enough independent chains to hide
/// the latency. Wasm: SIMD128 instructions; x86-64: SSE; elsewhere: plain arrays the compiler
/// vectorizes. Returns a checksum (so the loop is not optimized away); the values stay near 1,
/// never subnormal. Count [`PEAK_FLOPS_PER_ITERATION`] operations per iteration.
pub fn peak_mul_add(iterations: usize) -> f32 {
    peak::run(iterations)
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod peak {
    use core::arch::wasm32::{f32x4_add, f32x4_extract_lane, f32x4_mul, f32x4_splat, v128};

    pub fn run(iterations: usize) -> f32 {
        let (s, t) = (f32x4_splat(0.999), f32x4_splat(0.001));
        let mut acc: [v128; 12] = core::array::from_fn(|i| f32x4_splat(1.0 + i as f32 * 0.01));
        for _ in 0..core::hint::black_box(iterations) {
            for a in &mut acc {
                *a = f32x4_add(f32x4_mul(*a, s), t);
            }
        }
        acc.iter().map(|&a| f32x4_extract_lane::<0>(a)).sum()
    }
}

#[cfg(target_arch = "x86_64")]
mod peak {
    use std::arch::x86_64::{__m128, _mm_add_ps, _mm_cvtss_f32, _mm_mul_ps, _mm_set1_ps};

    pub fn run(iterations: usize) -> f32 {
        // SAFETY: SSE is part of the x86-64 baseline; these intrinsics only touch registers.
        unsafe {
            let (s, t) = (_mm_set1_ps(0.999), _mm_set1_ps(0.001));
            let mut acc: [__m128; 12] =
                core::array::from_fn(|i| _mm_set1_ps(1.0 + i as f32 * 0.01));
            for _ in 0..core::hint::black_box(iterations) {
                for a in &mut acc {
                    *a = _mm_add_ps(_mm_mul_ps(*a, s), t);
                }
            }
            acc.iter().map(|&a| _mm_cvtss_f32(a)).sum()
        }
    }
}

#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    target_arch = "x86_64"
)))]
mod peak {
    pub fn run(iterations: usize) -> f32 {
        let mut acc: [[f32; 4]; 12] = core::array::from_fn(|i| [1.0 + i as f32 * 0.01; 4]);
        for _ in 0..core::hint::black_box(iterations) {
            for a in &mut acc {
                for v in a.iter_mut() {
                    *v = *v * 0.999 + 0.001;
                }
            }
        }
        acc.iter().map(|a| a[0]).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_loop_converges_to_one_per_accumulator() {
        // acc ← 0.999·acc + 0.001 has the fixed point 1: after many rounds each of the 12
        // lanes summed is ≈ 1 (never subnormal, never infinite).
        assert!((peak_mul_add(20_000) - 12.0).abs() < 1e-3);
        // Zero rounds leave the starting values 1 + i/100.
        assert!((peak_mul_add(0) - (12.0 + 0.66)).abs() < 1e-4);
    }

    #[test]
    fn flop_count_of_variant_a_by_hand() {
        // 2 → 16 → 16 → 1, m = 10, no BN (biases everywhere).
        let n = FlopCount::reference_step(10, false);
        // Forward + dW: 4·m·(2·16 + 16·16 + 16·1) = 12,160; db: m·(16 + 16 + 1) = 330;
        // da below the first layer: 2·m·(16·16 + 16·1) = 5,440.
        assert_eq!(n.dense, 12_160.0 + 330.0 + 5_440.0);
        // 2 hidden layers × 10 × 16 × (23 + 3), plus 10 sigmoids × 26.
        assert_eq!(n.activation, 2.0 * 160.0 * 26.0 + 260.0);
        assert_eq!(n.batch_norm, 0.0);
        // Parameters: 2·16+16 + 16·16+16 + 16+1 = 337, two operations each.
        assert_eq!(n.optimizer, 674.0);
        assert_eq!(n.loss, 21.0 + 93.0 / 5.0);
    }

    #[test]
    fn batch_norm_replaces_the_hidden_biases_and_adds_its_own_work() {
        let (plain, bn) = (
            FlopCount::reference_step(10, false),
            FlopCount::reference_step(10, true),
        );
        // No db for the two hidden layers (m·16 each)…
        assert_eq!(plain.dense - bn.dense, 2.0 * 10.0 * 16.0);
        // …and γ, β (2·16 per layer) instead of b (16 per layer) in the update.
        assert_eq!(bn.optimizer - plain.optimizer, 2.0 * 2.0 * 16.0);
        // Per layer 17mu + 19u + 4 with m = 10, u = 16.
        assert_eq!(bn.batch_norm, 2.0 * (17.0 * 160.0 + 19.0 * 16.0 + 4.0));
        // Work grows linearly in the batch except the optimizer and a few constants.
        let c = FlopCount::reference_step(64, false);
        assert!((c.dense / plain.dense - 6.4).abs() < 1e-12);
        assert_eq!(c.optimizer, plain.optimizer);
    }
}
