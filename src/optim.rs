//! Update rules over flat parameter buffers, and learning-rate decay.
//!
//! Every learned parameter — W, b, γ and β alike — is updated by the same rule, as the course
//! says for BN's γ and β.

use crate::config::{Config, OptimizerKind};
use core::ops::Range;

/// Optimizer settings and state (velocity, squared-gradient averages, step count).
#[derive(Clone, Debug, PartialEq)]
pub struct Optimizer {
    kind: OptimizerKind,
    /// Momentum β (course form: v ← β·v + (1 − β)·dθ).
    pub momentum: f32,
    beta1: f32,
    beta2: f32,
    eps: f32,
    /// First moment (momentum's v, Adam's m).
    first: Vec<f32>,
    /// Second moment (Adam's v).
    second: Vec<f32>,
    /// β1ᵗ and β2ᵗ for Adam's bias correction, kept as running products.
    beta1_t: f64,
    beta2_t: f64,
}

impl Optimizer {
    /// An optimizer for `n` parameters, as a config describes.
    pub fn new(c: &Config, n: usize) -> Self {
        Optimizer {
            kind: c.optimizer,
            momentum: c.momentum as f32,
            beta1: c.beta1 as f32,
            beta2: c.beta2 as f32,
            eps: c.adam_eps as f32,
            first: vec![
                0.0;
                if c.optimizer == OptimizerKind::Sgd {
                    0
                } else {
                    n
                }
            ],
            second: vec![
                0.0;
                if c.optimizer == OptimizerKind::Adam {
                    n
                } else {
                    0
                }
            ],
            beta1_t: 1.0,
            beta2_t: 1.0,
        }
    }

    /// The update rule.
    pub fn kind(&self) -> OptimizerKind {
        self.kind
    }

    /// One update of `params` from `grads` with learning rate `lr`:
    /// - SGD: θ ← θ − α·dθ
    /// - momentum: v ← β·v + (1 − β)·dθ; θ ← θ − α·v
    /// - Adam: m ← β1·m + (1 − β1)·dθ; v ← β2·v + (1 − β2)·dθ²;
    ///   θ ← θ − α·m̂/(√v̂ + ε) with m̂ = m/(1 − β1ᵗ), v̂ = v/(1 − β2ᵗ).
    pub fn step(&mut self, params: &mut [f32], grads: &[f32], lr: f32) {
        let bias = self.advance();
        self.update(params, grads, 0, lr, bias);
    }

    /// One update like [`Optimizer::step`], except that the parameters in `scaled` (e.g. one
    /// layer's W and b) learn at `factor · lr`: a layer that learns faster than the rest.
    pub fn step_scaled(
        &mut self,
        params: &mut [f32],
        grads: &[f32],
        lr: f32,
        scaled: Range<usize>,
        factor: f32,
    ) {
        let bias = self.advance();
        let (head, rest) = params.split_at_mut(scaled.start);
        let (mid, tail) = rest.split_at_mut(scaled.len());
        self.update(head, &grads[..scaled.start], 0, lr, bias);
        self.update(mid, &grads[scaled.clone()], scaled.start, lr * factor, bias);
        self.update(tail, &grads[scaled.end..], scaled.end, lr, bias);
    }

    /// Counts one more update; Adam's bias corrections 1/(1 − β1ᵗ) and 1/(1 − β2ᵗ) for it.
    fn advance(&mut self) -> (f32, f32) {
        if self.kind != OptimizerKind::Adam {
            return (1.0, 1.0);
        }
        self.beta1_t *= self.beta1 as f64;
        self.beta2_t *= self.beta2 as f64;
        (
            (1.0 / (1.0 - self.beta1_t)) as f32,
            (1.0 / (1.0 - self.beta2_t)) as f32,
        )
    }

    /// Updates `params` (the parameters from index `at` on) from their `grads`.
    fn update(&mut self, params: &mut [f32], grads: &[f32], at: usize, lr: f32, bias: (f32, f32)) {
        let state = at..at + params.len();
        match self.kind {
            OptimizerKind::Sgd => {
                for (p, &g) in params.iter_mut().zip(grads) {
                    *p -= lr * g;
                }
            }
            OptimizerKind::Momentum => {
                let b = self.momentum;
                for ((p, &g), v) in params.iter_mut().zip(grads).zip(&mut self.first[state]) {
                    *v = b * *v + (1.0 - b) * g;
                    *p -= lr * *v;
                }
            }
            OptimizerKind::Adam => {
                let (c1, c2) = bias;
                let (b1, b2, eps) = (self.beta1, self.beta2, self.eps);
                for (((p, &g), m), v) in params
                    .iter_mut()
                    .zip(grads)
                    .zip(&mut self.first[state.clone()])
                    .zip(&mut self.second[state])
                {
                    *m = b1 * *m + (1.0 - b1) * g;
                    *v = b2 * *v + (1.0 - b2) * g * g;
                    *p -= lr * (*m * c1) / ((*v * c2).sqrt() + eps);
                }
            }
        }
    }
}

/// Learning rate after decay: α = α0 / (1 + decay · epoch).
pub fn decayed_learning_rate(alpha0: f64, decay: f64, epoch: u64) -> f64 {
    alpha0 / (1.0 + decay * epoch as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Minimizes f(θ) = ½ Σ a_i (θ_i − c_i)², whose gradient is a_i (θ_i − c_i).
    fn minimize(kind: OptimizerKind, lr: f32, steps: usize) -> Vec<f32> {
        let a = [1.0f32, 4.0, 0.25];
        let c = [1.0f32, -2.0, 3.0];
        let config = Config {
            optimizer: kind,
            ..Config::default()
        };
        let mut opt = Optimizer::new(&config, 3);
        let mut theta = vec![0.0f32; 3];
        let mut g = vec![0.0f32; 3];
        for _ in 0..steps {
            for i in 0..3 {
                g[i] = a[i] * (theta[i] - c[i]);
            }
            opt.step(&mut theta, &g, lr);
        }
        theta
    }

    #[test]
    fn every_optimizer_reaches_the_minimum_of_a_quadratic() {
        for (kind, lr) in [
            (OptimizerKind::Sgd, 0.2),
            (OptimizerKind::Momentum, 0.2),
            (OptimizerKind::Adam, 0.05),
        ] {
            let theta = minimize(kind, lr, 3000);
            for (t, c) in theta.iter().zip([1.0, -2.0, 3.0]) {
                assert!((t - c).abs() < 1e-3, "{kind:?}: {theta:?}");
            }
        }
    }

    #[test]
    fn first_steps_match_the_update_formulas_exactly() {
        // One parameter, gradient g = θ − 1 at θ = 0, so g = −1.
        let cfg = |kind| Config {
            optimizer: kind,
            momentum: 0.9,
            beta1: 0.9,
            beta2: 0.999,
            adam_eps: 1e-8,
            ..Config::default()
        };
        let mut p = [0.0f32];
        Optimizer::new(&cfg(OptimizerKind::Sgd), 1).step(&mut p, &[-1.0], 0.1);
        assert_eq!(p[0], 0.1);
        // Momentum: v = 0.1·(−1) → θ = 0 − 0.1·(−0.1) = 0.01; second step v = 0.9·(−0.1) − 0.1 = −0.19.
        let mut opt = Optimizer::new(&cfg(OptimizerKind::Momentum), 1);
        let mut p = [0.0f32];
        opt.step(&mut p, &[-1.0], 0.1);
        assert!((p[0] - 0.01).abs() < 1e-7);
        opt.step(&mut p, &[-1.0], 0.1);
        assert!((p[0] - (0.01 + 0.019)).abs() < 1e-7);
        // Adam's first step is α·sign(g) thanks to bias correction (m̂ = g, v̂ = g²).
        let mut opt = Optimizer::new(&cfg(OptimizerKind::Adam), 1);
        let mut p = [0.0f32];
        opt.step(&mut p, &[-1.0], 0.1);
        assert!((p[0] - 0.1).abs() < 1e-6, "{}", p[0]);
        opt.step(&mut p, &[-0.5], 0.1);
        // m = 0.9·(−0.1) + 0.1·(−0.5) = −0.14, m̂ = −0.14/0.19; v = 0.999·0.001 + 0.001·0.25,
        // v̂ = v/(1 − 0.999²).
        let m_hat = -0.14f64 / 0.19;
        let v_hat = (0.999 * 0.001 + 0.001 * 0.25) / (1.0 - 0.999f64 * 0.999);
        let expected = 0.1 - 0.1 * m_hat / (v_hat.sqrt() + 1e-8);
        assert!(
            (p[0] as f64 - expected).abs() < 1e-5,
            "{} vs {expected}",
            p[0]
        );
    }

    /// A scaled range learns exactly as a separate optimizer at factor · α would, and the rest
    /// exactly as with `step`, for every rule (the state of each parameter is its own).
    #[test]
    fn a_scaled_range_learns_at_its_own_rate() {
        for kind in [
            OptimizerKind::Sgd,
            OptimizerKind::Momentum,
            OptimizerKind::Adam,
        ] {
            let config = Config {
                optimizer: kind,
                ..Config::default()
            };
            let grads = |t: usize| -> Vec<f32> {
                (0..5)
                    .map(|i| ((i * 7 + t * 3) % 11) as f32 / 5.0 - 1.0)
                    .collect()
            };
            let (mut all, mut plain) = (vec![0.5f32; 5], vec![0.5f32; 5]);
            let mut fast = vec![0.5f32; 2];
            let mut opt = Optimizer::new(&config, 5);
            let mut opt_plain = Optimizer::new(&config, 5);
            let mut opt_fast = Optimizer::new(&config, 2);
            for t in 0..20 {
                let g = grads(t);
                opt.step_scaled(&mut all, &g, 0.1, 2..4, 2.0);
                opt_plain.step(&mut plain, &g, 0.1);
                opt_fast.step(&mut fast, &g[2..4], 0.2);
            }
            assert_eq!(&all[2..4], &fast[..], "{kind:?}");
            assert_eq!(
                (&all[..2], &all[4..]),
                (&plain[..2], &plain[4..]),
                "{kind:?}"
            );
            assert_ne!(&all[2..4], &plain[2..4], "{kind:?}");
        }
    }

    #[test]
    fn decay_follows_the_course_formula() {
        assert_eq!(decayed_learning_rate(0.2, 1.0, 0), 0.2);
        assert_eq!(decayed_learning_rate(0.2, 1.0, 1), 0.1);
        assert!((decayed_learning_rate(0.2, 0.5, 2) - 0.1).abs() < 1e-15);
    }
}
