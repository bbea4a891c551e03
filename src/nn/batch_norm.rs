//! Batch normalization over a mini-batch, with PyTorch `BatchNorm1d` semantics.
//!
//! For one hidden unit with pre-activations z(1) … z(m) over a mini-batch of m examples:
//!
//! - μ = (1/m) Σ z(i)
//! - σ² = (1/m) Σ (z(i) − μ)²                     (biased variance, used to normalize)
//! - z_norm(i) = (z(i) − μ) / √(σ² + ε)
//! - z̃(i) = γ · z_norm(i) + β
//!
//! In training mode the running averages move toward the batch statistics,
//! running_mean ← (1 − momentum)·running_mean + momentum·μ and
//! running_var ← (1 − momentum)·running_var + momentum·σ²·m/(m − 1) (the *unbiased* variance),
//! starting from mean 0 and variance 1; with momentum 0.1 this is the course's exponentially
//! weighted average with β = 0.9. In inference mode the running averages replace μ and σ².
//!
//! The functions here work on batch-major buffers: `z[i * units + j]` is example i, unit j.
//! They are the kernels the network calls; [`BatchNorm1d`] wraps them as a standalone layer.

use crate::error::{Error, Result};

/// Settings of a batch-norm layer. Defaults are PyTorch's.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BatchNormConfig {
    /// ε in √(σ² + ε). Default 1e-5.
    pub eps: f32,
    /// Weight of the newest batch in the running averages. Default 0.1 (course β = 0.9).
    pub momentum: f32,
}

impl Default for BatchNormConfig {
    fn default() -> Self {
        BatchNormConfig {
            eps: 1e-5,
            momentum: 0.1,
        }
    }
}

/// Per-unit statistics of one forward pass: what the BN lab shows as numbers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BatchStats {
    /// μ per unit (the batch mean in training mode, the running mean in inference mode).
    pub mean: Vec<f32>,
    /// σ² per unit (biased batch variance, or the running variance).
    pub var: Vec<f32>,
    /// 1 / √(σ² + ε) per unit.
    pub inv_std: Vec<f32>,
}

impl BatchStats {
    /// Statistics buffers for `units` units.
    pub fn new(units: usize) -> Self {
        BatchStats {
            mean: vec![0.0; units],
            var: vec![0.0; units],
            inv_std: vec![0.0; units],
        }
    }
}

/// Training-mode forward pass: normalizes `z` (m × units) with its own batch statistics,
/// writing z_norm into `z_norm`, z̃ = γ·z_norm + β into `out`, and μ, σ², 1/√(σ²+ε) into `stats`.
/// Needs m ≥ 2 (checked by the caller; with m = 1, σ² = 0 and every z_norm is 0).
///
/// The statistics are accumulated *shifted* by each unit's first value K = z(1): with
/// d(i) = z(i) − K, μ = K + mean(d) and σ² = mean((d − mean(d))²), and z_norm = (d − mean(d)) ·
/// 1/√(σ²+ε). Values close to K subtract exactly (Sterbenz), so a column far from 0 with a small
/// spread (z ≈ 1000 ± 0.05) keeps its spread instead of drowning in the rounding of a sum of
/// thousands, and a constant column gives d = 0 exactly: z_norm = 0 and z̃ = β, as in exact
/// arithmetic (a plain f32 sum of 64 × 0.7 gives μ = 0.7000004, which 1/√ε ≈ 316 amplifies).
/// All in f32 with a fixed order of operations, so native and wasm results are bit-identical.
#[allow(clippy::too_many_arguments)]
pub fn forward_train(
    z: &[f32],
    m: usize,
    units: usize,
    gamma: &[f32],
    beta: &[f32],
    eps: f32,
    z_norm: &mut [f32],
    out: &mut [f32],
    stats: &mut BatchStats,
) {
    let inv_m = 1.0 / m as f32;
    let rows = &z[..m * units];
    let shift = &rows[..units];
    // mean(d) into `var` for now (it becomes σ² below), μ = K + mean(d) into `mean`.
    let mean_d = &mut stats.var[..units];
    mean_d.fill(0.0);
    for row in rows.chunks_exact(units) {
        for ((s, &v), &k) in mean_d.iter_mut().zip(row).zip(shift) {
            *s += v - k;
        }
    }
    for s in mean_d.iter_mut() {
        *s *= inv_m;
    }
    // z_norm holds the centred d − mean(d) until it is scaled.
    let mut sum_sq = [0.0f32; 64];
    let mut sum_sq_heap;
    let sq: &mut [f32] = if units <= 64 {
        &mut sum_sq[..units]
    } else {
        sum_sq_heap = vec![0.0f32; units];
        &mut sum_sq_heap
    };
    for (row, centred) in rows
        .chunks_exact(units)
        .zip(z_norm[..m * units].chunks_exact_mut(units))
    {
        for j in 0..units {
            let c = (row[j] - shift[j]) - mean_d[j];
            centred[j] = c;
            sq[j] += c * c;
        }
    }
    for j in 0..units {
        stats.mean[j] = shift[j] + mean_d[j];
        let var = sq[j] * inv_m;
        mean_d[j] = var;
        stats.inv_std[j] = 1.0 / (var + eps).sqrt();
    }
    let (inv_std, gamma, beta) = (&stats.inv_std[..units], &gamma[..units], &beta[..units]);
    for (nr, or) in z_norm[..m * units]
        .chunks_exact_mut(units)
        .zip(out[..m * units].chunks_exact_mut(units))
    {
        for j in 0..units {
            let n = nr[j] * inv_std[j];
            nr[j] = n;
            or[j] = gamma[j] * n + beta[j];
        }
    }
}

/// Inference-mode forward pass: normalizes with the running averages instead of batch
/// statistics (each example independently). Fills `stats` with the running values used.
#[allow(clippy::too_many_arguments)]
pub fn forward_inference(
    z: &[f32],
    m: usize,
    units: usize,
    gamma: &[f32],
    beta: &[f32],
    running_mean: &[f32],
    running_var: &[f32],
    eps: f32,
    z_norm: &mut [f32],
    out: &mut [f32],
    stats: &mut BatchStats,
) {
    stats.mean[..units].copy_from_slice(&running_mean[..units]);
    stats.var[..units].copy_from_slice(&running_var[..units]);
    for (is, &v) in stats.inv_std[..units].iter_mut().zip(running_var) {
        *is = 1.0 / (v + eps).sqrt();
    }
    normalize(
        z,
        m,
        units,
        &stats.mean,
        &stats.inv_std,
        gamma,
        beta,
        z_norm,
        out,
    );
}

#[allow(clippy::too_many_arguments)]
#[inline]
fn normalize(
    z: &[f32],
    m: usize,
    units: usize,
    mean: &[f32],
    inv_std: &[f32],
    gamma: &[f32],
    beta: &[f32],
    z_norm: &mut [f32],
    out: &mut [f32],
) {
    let (mean, inv_std, gamma, beta) = (
        &mean[..units],
        &inv_std[..units],
        &gamma[..units],
        &beta[..units],
    );
    for ((zr, nr), or) in z[..m * units]
        .chunks_exact(units)
        .zip(z_norm[..m * units].chunks_exact_mut(units))
        .zip(out[..m * units].chunks_exact_mut(units))
    {
        for j in 0..units {
            let n = (zr[j] - mean[j]) * inv_std[j];
            nr[j] = n;
            or[j] = gamma[j] * n + beta[j];
        }
    }
}

/// Moves the running averages toward this batch's statistics (PyTorch: unbiased variance).
pub fn update_running(
    stats: &BatchStats,
    m: usize,
    momentum: f32,
    running_mean: &mut [f32],
    running_var: &mut [f32],
) {
    let unbias = m as f32 / (m as f32 - 1.0);
    for j in 0..running_mean.len() {
        running_mean[j] = (1.0 - momentum) * running_mean[j] + momentum * stats.mean[j];
        running_var[j] = (1.0 - momentum) * running_var[j] + momentum * stats.var[j] * unbias;
    }
}

/// Training-mode backward pass. Given dL/dz̃ (`d_out`) and the forward pass's z_norm and
/// 1/√(σ²+ε), *adds* dL/dγ = Σ dz̃·z_norm and dL/dβ = Σ dz̃ to `d_gamma`, `d_beta`, and writes
/// dL/dz = (1/m)·(1/√(σ²+ε))·(m·dẑ − Σ dẑ − z_norm·Σ dẑ·z_norm), where dẑ = γ·dz̃, into `d_z`.
/// `scratch` needs 2·units floats.
#[allow(clippy::too_many_arguments)]
pub fn backward_train(
    d_out: &[f32],
    z_norm: &[f32],
    m: usize,
    units: usize,
    gamma: &[f32],
    inv_std: &[f32],
    d_gamma: &mut [f32],
    d_beta: &mut [f32],
    d_z: &mut [f32],
    scratch: &mut [f32],
) {
    let (sum_d, sum_dn) = scratch[..2 * units].split_at_mut(units);
    sum_d.fill(0.0);
    sum_dn.fill(0.0);
    for (dr, nr) in d_out[..m * units]
        .chunks_exact(units)
        .zip(z_norm[..m * units].chunks_exact(units))
    {
        for j in 0..units {
            sum_d[j] += dr[j];
            sum_dn[j] += dr[j] * nr[j];
        }
    }
    for j in 0..units {
        d_beta[j] += sum_d[j];
        d_gamma[j] += sum_dn[j];
    }
    let inv_m = 1.0 / m as f32;
    // With dẑ = γ·dz̃: Σ dẑ = γ·Σ dz̃ and Σ dẑ·z_norm = γ·Σ dz̃·z_norm, so
    // dz = γ·inv_std·(dz̃ − mean(dz̃) − z_norm·mean(dz̃·z_norm)).
    for j in 0..units {
        sum_d[j] *= inv_m;
        sum_dn[j] *= inv_m;
    }
    for ((dzr, dr), nr) in d_z[..m * units]
        .chunks_exact_mut(units)
        .zip(d_out[..m * units].chunks_exact(units))
        .zip(z_norm[..m * units].chunks_exact(units))
    {
        for j in 0..units {
            dzr[j] = gamma[j] * inv_std[j] * (dr[j] - sum_d[j] - nr[j] * sum_dn[j]);
        }
    }
}

/// Inference-mode backward pass: with fixed running statistics BN is the affine map
/// z̃ = γ·(z − μ_run)/√(σ²_run + ε) + β, so dz = dz̃·γ/√(σ²_run + ε); adds dγ and dβ as in training.
#[allow(clippy::too_many_arguments)]
pub fn backward_inference(
    d_out: &[f32],
    z_norm: &[f32],
    m: usize,
    units: usize,
    gamma: &[f32],
    inv_std: &[f32],
    d_gamma: &mut [f32],
    d_beta: &mut [f32],
    d_z: &mut [f32],
) {
    for ((dzr, dr), nr) in d_z[..m * units]
        .chunks_exact_mut(units)
        .zip(d_out[..m * units].chunks_exact(units))
        .zip(z_norm[..m * units].chunks_exact(units))
    {
        for j in 0..units {
            d_beta[j] += dr[j];
            d_gamma[j] += dr[j] * nr[j];
            dzr[j] = dr[j] * gamma[j] * inv_std[j];
        }
    }
}

/// A standalone batch-norm layer over `units` features, like PyTorch's `BatchNorm1d` or burn's
/// `BatchNorm`: γ = 1 and β = 0 at start, running mean 0 and running variance 1.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNorm1d {
    /// Settings (ε, momentum).
    pub config: BatchNormConfig,
    /// Learned scale γ per unit.
    pub gamma: Vec<f32>,
    /// Learned shift β per unit.
    pub beta: Vec<f32>,
    /// Running mean per unit (used in inference).
    pub running_mean: Vec<f32>,
    /// Running (unbiased) variance per unit (used in inference).
    pub running_var: Vec<f32>,
}

/// What a forward pass of [`BatchNorm1d`] produced, kept for its backward pass.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormForward {
    /// z_norm, m × units.
    pub z_norm: Vec<f32>,
    /// z̃ = γ·z_norm + β, m × units.
    pub out: Vec<f32>,
    /// μ, σ², 1/√(σ² + ε) used.
    pub stats: BatchStats,
}

/// Gradients of a [`BatchNorm1d`] backward pass.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchNormGrads {
    /// dL/dz, m × units.
    pub d_z: Vec<f32>,
    /// dL/dγ per unit.
    pub d_gamma: Vec<f32>,
    /// dL/dβ per unit.
    pub d_beta: Vec<f32>,
}

impl BatchNorm1d {
    /// A fresh layer over `units` features.
    pub fn new(units: usize, config: BatchNormConfig) -> Self {
        BatchNorm1d {
            config,
            gamma: vec![1.0; units],
            beta: vec![0.0; units],
            running_mean: vec![0.0; units],
            running_var: vec![1.0; units],
        }
    }

    /// Number of features.
    pub fn units(&self) -> usize {
        self.gamma.len()
    }

    /// Training mode: batch statistics, and the running averages are updated.
    /// Refuses a batch of one ([`Error::batch_norm_needs_batch`]).
    pub fn forward_train(&mut self, z: &[f32]) -> Result<BatchNormForward> {
        let units = self.units();
        let m = z.len() / units;
        if m < 2 {
            return Err(Error::batch_norm_needs_batch());
        }
        let mut f = self.empty_forward(m);
        forward_train(
            z,
            m,
            units,
            &self.gamma,
            &self.beta,
            self.config.eps,
            &mut f.z_norm,
            &mut f.out,
            &mut f.stats,
        );
        update_running(
            &f.stats,
            m,
            self.config.momentum,
            &mut self.running_mean,
            &mut self.running_var,
        );
        Ok(f)
    }

    /// Inference mode: running averages, nothing updated.
    pub fn forward_inference(&self, z: &[f32]) -> BatchNormForward {
        let units = self.units();
        let m = z.len() / units;
        let mut f = self.empty_forward(m);
        forward_inference(
            z,
            m,
            units,
            &self.gamma,
            &self.beta,
            &self.running_mean,
            &self.running_var,
            self.config.eps,
            &mut f.z_norm,
            &mut f.out,
            &mut f.stats,
        );
        f
    }

    /// Backward pass for a forward pass made in training mode.
    pub fn backward_train(&self, forward: &BatchNormForward, d_out: &[f32]) -> BatchNormGrads {
        let units = self.units();
        let m = d_out.len() / units;
        let mut g = self.empty_grads(m);
        let mut scratch = vec![0.0; 2 * units];
        backward_train(
            d_out,
            &forward.z_norm,
            m,
            units,
            &self.gamma,
            &forward.stats.inv_std,
            &mut g.d_gamma,
            &mut g.d_beta,
            &mut g.d_z,
            &mut scratch,
        );
        g
    }

    /// Backward pass for a forward pass made in inference mode.
    pub fn backward_inference(&self, forward: &BatchNormForward, d_out: &[f32]) -> BatchNormGrads {
        let units = self.units();
        let m = d_out.len() / units;
        let mut g = self.empty_grads(m);
        backward_inference(
            d_out,
            &forward.z_norm,
            m,
            units,
            &self.gamma,
            &forward.stats.inv_std,
            &mut g.d_gamma,
            &mut g.d_beta,
            &mut g.d_z,
        );
        g
    }

    fn empty_forward(&self, m: usize) -> BatchNormForward {
        let units = self.units();
        BatchNormForward {
            z_norm: vec![0.0; m * units],
            out: vec![0.0; m * units],
            stats: BatchStats::new(units),
        }
    }

    fn empty_grads(&self, m: usize) -> BatchNormGrads {
        let units = self.units();
        BatchNormGrads {
            d_z: vec![0.0; m * units],
            d_gamma: vec![0.0; units],
            d_beta: vec![0.0; units],
        }
    }
}
