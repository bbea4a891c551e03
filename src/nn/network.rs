//! A multilayer perceptron with optional batch normalization on every hidden layer.
//!
//! Hidden layer l: z[l] = a[l−1]·W[l] (+ b[l] without BN); with BN, z̃[l] = BN(z[l]; γ[l], β[l])
//! and the bias is dropped (the mean subtraction cancels it, β[l] takes its place);
//! a[l] = g(z̃[l]) with g = tanh or ReLU. With BN placed after the activation
//! ([`BnPlace::A`]) instead: z[l] = a[l−1]·W[l] + b[l], h[l] = g(z[l]), a[l] = BN(h[l]; γ[l],
//! β[l]). The output layer is z[L] = a[L−1]·W[L] + b[L] followed by a sigmoid (two classes, one
//! output unit, binary cross-entropy) or a softmax (C classes, C units, cross-entropy; two
//! classes may use it too: see [`Output`]). Either way dL/dz[L] = ŷ − y, averaged over the
//! mini-batch.

use super::batch_norm::{self, BatchNormConfig, BatchStats};
use super::{dense, Mode};
use crate::config::{Activation, BnPlace, Config, InitScheme};
use crate::error::{Error, Result};
use crate::math;
use crate::rng::{self, BoxMuller, PortableRng};
use core::ops::Range;
use rand::Rng;

/// What the output layer computes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// One unit, ŷ = σ(z) = P(class 1), binary cross-entropy: two classes only.
    Sigmoid,
    /// One unit per class, ŷ = e^z / Σ e^z, cross-entropy −Σ y log ŷ. With two classes this is
    /// logistic regression again, over-parameterized: P(class 1) = σ(z₁ − z₂).
    Softmax,
}

/// The shape of a network, independent of its weights.
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkSpec {
    /// Input features (2 for the toy datasets).
    pub inputs: usize,
    /// Units per hidden layer.
    pub hidden: Vec<usize>,
    /// Hidden nonlinearity.
    pub activation: Activation,
    /// Batch normalization on every hidden layer.
    pub batch_norm: bool,
    /// Where BN sits: on z (before the activation, the default) or on a (after it).
    pub bn_place: BnPlace,
    /// BN settings (ε, momentum).
    pub bn: BatchNormConfig,
    /// Number of classes.
    pub classes: usize,
    /// The output layer: [`Output::Sigmoid`] (two classes) or [`Output::Softmax`].
    pub output: Output,
}

impl NetworkSpec {
    /// The network a training config describes.
    pub fn from_config(c: &Config) -> Self {
        NetworkSpec {
            inputs: 2,
            hidden: c.hidden.clone(),
            activation: c.activation,
            batch_norm: c.batch_norm,
            bn_place: c.bn_place,
            bn: BatchNormConfig {
                eps: c.bn_eps as f32,
                momentum: c.bn_momentum as f32,
            },
            classes: c.classes(),
            output: if c.classes() <= 2 {
                Output::Sigmoid
            } else {
                Output::Softmax
            },
        }
    }

    /// Units in the output layer: 1 for a sigmoid, C for a softmax.
    pub fn outputs(&self) -> usize {
        match self.output {
            Output::Sigmoid => 1,
            Output::Softmax => self.classes,
        }
    }
}

/// Where one layer's parameters sit in the flat parameter buffer.
#[derive(Clone, Debug, PartialEq)]
pub struct LayerInfo {
    /// Inputs to the layer.
    pub fan_in: usize,
    /// Units of the layer.
    pub units: usize,
    /// W, fan_in × units.
    pub w: Range<usize>,
    /// b (absent on layers with BN on z).
    pub b: Option<Range<usize>>,
    /// γ and β (BN layers only).
    pub bn: Option<(Range<usize>, Range<usize>)>,
}

/// A network's parameters and batch-norm running averages.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    spec: NetworkSpec,
    layers: Vec<LayerInfo>,
    params: Vec<f32>,
    running_mean: Vec<Vec<f32>>,
    running_var: Vec<Vec<f32>>,
}

/// Per-layer buffers of one forward/backward pass.
#[derive(Clone, Debug, Default)]
struct LayerBuffers {
    /// z = a_prev·W (+ b), m × units.
    z: Vec<f32>,
    /// z_norm (BN layers), m × units.
    z_norm: Vec<f32>,
    /// h = g(z), what BN normalizes when it sits after the activation, m × units (else empty).
    h: Vec<f32>,
    /// Activation a = g(z̃) (hidden) or ŷ (output), m × units.
    a: Vec<f32>,
    /// dL/da, then dL/dz̃ (in place), m × units.
    d_a: Vec<f32>,
    /// dL/dz, m × units.
    d_z: Vec<f32>,
    /// BN statistics of the last forward pass.
    stats: BatchStats,
}

/// Activations and scratch for passes over up to `capacity` examples. Grows on demand; a
/// trainer keeps one, so a training step allocates nothing.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    capacity: usize,
    rows: usize,
    layers: Vec<LayerBuffers>,
    scratch: Vec<f32>,
    /// Wᵀ of the layer being back-propagated through.
    w_t: Vec<f32>,
}

impl Workspace {
    /// An empty workspace; the first pass sizes it.
    pub fn new() -> Self {
        Self::default()
    }

    fn ensure(&mut self, net: &Network, m: usize) {
        if self.layers.len() == net.layers.len() && self.capacity >= m {
            return;
        }
        let cap = m.max(self.capacity);
        self.layers = net
            .layers
            .iter()
            .map(|l| {
                let n = cap * l.units;
                LayerBuffers {
                    z: vec![0.0; n],
                    z_norm: if l.bn.is_some() { vec![0.0; n] } else { vec![] },
                    h: if l.bn.is_some() && l.b.is_some() {
                        vec![0.0; n]
                    } else {
                        vec![]
                    },
                    a: vec![0.0; n],
                    d_a: vec![0.0; n],
                    d_z: vec![0.0; n],
                    stats: BatchStats::new(l.units),
                }
            })
            .collect();
        let widest = net.layers.iter().map(|l| l.units).max().unwrap_or(1);
        self.scratch = vec![0.0; 2 * widest];
        self.w_t = vec![0.0; net.layers.iter().map(|l| l.w.len()).max().unwrap_or(0)];
        self.capacity = cap;
    }

    /// Examples in the last forward pass.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The network's outputs of the last pass: P(class 1) per example for a sigmoid output, or
    /// the softmax probabilities (m × C).
    pub fn outputs(&self) -> &[f32] {
        let l = self.layers.last().expect("forward pass first");
        &l.a[..self.rows * (l.a.len() / self.capacity.max(1))]
    }

    /// Pre-normalization z of hidden layer `layer` (m × units) from the last pass.
    pub fn z(&self, layer: usize) -> &[f32] {
        let l = &self.layers[layer];
        &l.z[..self.rows * l.stats.mean.len()]
    }

    /// z_norm of BN layer `layer` (m × units) from the last pass (empty without BN).
    pub fn z_norm(&self, layer: usize) -> &[f32] {
        let l = &self.layers[layer];
        if l.z_norm.is_empty() {
            &[]
        } else {
            &l.z_norm[..self.rows * l.stats.mean.len()]
        }
    }

    /// What BN normalized in hidden layer `layer` (m × units) from the last pass: z, or
    /// h = g(z) when BN sits after the activation.
    pub fn bn_input(&self, layer: usize) -> &[f32] {
        let l = &self.layers[layer];
        let n = self.rows * l.stats.mean.len();
        if l.h.is_empty() {
            &l.z[..n]
        } else {
            &l.h[..n]
        }
    }

    /// Activations a = g(z̃) of hidden layer `layer` (m × units) from the last pass.
    pub fn activations(&self, layer: usize) -> &[f32] {
        let l = &self.layers[layer];
        &l.a[..self.rows * l.stats.mean.len()]
    }

    /// μ, σ², 1/√(σ²+ε) used by BN layer `layer` in the last pass.
    pub fn stats(&self, layer: usize) -> &BatchStats {
        &self.layers[layer].stats
    }
}

impl Network {
    /// A freshly initialized network: W ~ N(0, s²)·`init_scale` with s² = 2/fan_in (He) or
    /// 2/(fan_in + fan_out) (Xavier), biases and β at 0, γ at 1, running mean 0 and variance 1.
    pub fn new(
        spec: NetworkSpec,
        init: InitScheme,
        init_scale: f64,
        rng: &mut PortableRng,
    ) -> Self {
        let mut layers = Vec::new();
        let mut offset = 0;
        let mut take = |n: usize| {
            let r = offset..offset + n;
            offset += n;
            r
        };
        let mut fan_in = spec.inputs;
        let widths: Vec<(usize, bool)> = spec
            .hidden
            .iter()
            .map(|&u| (u, spec.batch_norm))
            .chain(std::iter::once((spec.outputs(), false)))
            .collect();
        for &(units, bn) in &widths {
            let w = take(fan_in * units);
            let (b, bn) = match (bn, spec.bn_place) {
                (false, _) => (Some(take(units)), None),
                (true, BnPlace::Z) => (None, Some((take(units), take(units)))),
                (true, BnPlace::A) => {
                    let b = take(units);
                    (Some(b), Some((take(units), take(units))))
                }
            };
            layers.push(LayerInfo {
                fan_in,
                units,
                w,
                b,
                bn,
            });
            fan_in = units;
        }
        let mut params = vec![0.0f32; offset];
        for l in &layers {
            let var = match init {
                InitScheme::He => 2.0 / l.fan_in as f64,
                InitScheme::Xavier => 2.0 / (l.fan_in + l.units) as f64,
            };
            let sd = libm::sqrt(var) * init_scale;
            for p in &mut params[l.w.clone()] {
                *p = (rng.sample(BoxMuller) * sd) as f32;
            }
            if let Some((gamma, _)) = &l.bn {
                params[gamma.clone()].fill(1.0);
            }
        }
        let hidden = spec.hidden.len();
        let (running_mean, running_var) = if spec.batch_norm {
            (
                layers[..hidden]
                    .iter()
                    .map(|l| vec![0.0; l.units])
                    .collect(),
                layers[..hidden]
                    .iter()
                    .map(|l| vec![1.0; l.units])
                    .collect(),
            )
        } else {
            (vec![], vec![])
        };
        Network {
            spec,
            layers,
            params,
            running_mean,
            running_var,
        }
    }

    /// The network a training config describes, initialized from its `init_seed`.
    pub fn from_config(c: &Config) -> Self {
        let mut rng = rng::from_seed(c.init_seed);
        Network::new(NetworkSpec::from_config(c), c.init, c.init_scale, &mut rng)
    }

    /// The network's shape.
    pub fn spec(&self) -> &NetworkSpec {
        &self.spec
    }

    /// Layout of every layer (hidden layers first, output last) in [`Network::params`].
    pub fn layers(&self) -> &[LayerInfo] {
        &self.layers
    }

    /// All learned parameters, flat.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// All learned parameters, flat and writable (optimizers, finite differences).
    pub fn params_mut(&mut self) -> &mut [f32] {
        &mut self.params
    }

    /// γ of hidden layer `layer` (BN only).
    pub fn gamma(&self, layer: usize) -> Option<&[f32]> {
        let (g, _) = self.layers[layer].bn.as_ref()?;
        Some(&self.params[g.clone()])
    }

    /// β of hidden layer `layer` (BN only).
    pub fn beta(&self, layer: usize) -> Option<&[f32]> {
        let (_, b) = self.layers[layer].bn.as_ref()?;
        Some(&self.params[b.clone()])
    }

    /// Running mean and (unbiased) variance of hidden layer `layer` (BN only).
    pub fn running_stats(&self, layer: usize) -> Option<(&[f32], &[f32])> {
        Some((self.running_mean.get(layer)?, self.running_var.get(layer)?))
    }

    /// True when every parameter and running statistic is finite.
    pub fn is_finite(&self) -> bool {
        all_finite(&self.params) && self.running_var.iter().all(|v| all_finite(v))
    }

    /// Forward pass over `m` examples `x` (m × inputs). In [`Mode::Train`] BN uses the batch's
    /// statistics (running averages untouched); in [`Mode::Inference`] it uses the running ones.
    /// Refuses fewer than two examples in training mode with BN: a batch of one has σ² = 0 and
    /// every output would be the same whatever the input.
    pub fn forward(&self, ws: &mut Workspace, x: &[f32], m: usize, mode: Mode) -> Result<()> {
        if self.spec.batch_norm && mode == Mode::Train && m < 2 {
            return Err(Error::batch_norm_needs_batch());
        }
        ws.ensure(self, m);
        ws.rows = m;
        let hidden = self.spec.hidden.len();
        for li in 0..self.layers.len() {
            let l = &self.layers[li];
            let (before, rest) = ws.layers.split_at_mut(li);
            let buf = &mut rest[0];
            let input: &[f32] = if li == 0 { x } else { &before[li - 1].a };
            let p = &self.params;
            dense::forward(
                input,
                m,
                l.fan_in,
                l.units,
                &p[l.w.clone()],
                l.b.clone().map(|b| &p[b]),
                &mut buf.z,
            );
            if li == hidden {
                self.output_activation(&buf.z, m, &mut buf.a);
                break;
            }
            let after = !buf.h.is_empty();
            if after {
                // BN after the activation: h = g(z) is what BN normalizes into a.
                let (z, h) = (&buf.z[..m * l.units], &mut buf.h[..m * l.units]);
                self.activate(z, h);
            }
            let bn_in: &[f32] = if after { &buf.h } else { &buf.z };
            match (&l.bn, mode) {
                (Some((g, b)), Mode::Train) => batch_norm::forward_train(
                    bn_in,
                    m,
                    l.units,
                    &p[g.clone()],
                    &p[b.clone()],
                    self.spec.bn.eps,
                    &mut buf.z_norm,
                    &mut buf.a,
                    &mut buf.stats,
                ),
                (Some((g, b)), Mode::Inference) => batch_norm::forward_inference(
                    bn_in,
                    m,
                    l.units,
                    &p[g.clone()],
                    &p[b.clone()],
                    &self.running_mean[li],
                    &self.running_var[li],
                    self.spec.bn.eps,
                    &mut buf.z_norm,
                    &mut buf.a,
                    &mut buf.stats,
                ),
                (None, _) => {
                    // a = g(z) straight from z (no copy first).
                    let (z, a) = (&buf.z[..m * l.units], &mut buf.a[..m * l.units]);
                    self.activate(z, a);
                    continue;
                }
            }
            if after {
                continue;
            }
            let a = &mut buf.a[..m * l.units];
            match self.spec.activation {
                Activation::Tanh => a.iter_mut().for_each(|v| *v = math::tanh(*v)),
                Activation::Relu => a.iter_mut().for_each(|v| *v = v.max(0.0)),
            }
        }
        Ok(())
    }

    /// out = g(z), element by element.
    fn activate(&self, z: &[f32], out: &mut [f32]) {
        match self.spec.activation {
            Activation::Tanh => out.iter_mut().zip(z).for_each(|(o, &v)| *o = math::tanh(v)),
            Activation::Relu => out.iter_mut().zip(z).for_each(|(o, &v)| *o = v.max(0.0)),
        }
    }

    /// d ← d · g'(·), where `g_out` holds g's outputs (tanh' = 1 − g², ReLU' = [g > 0]).
    fn activation_backward(&self, g_out: &[f32], d: &mut [f32]) {
        match self.spec.activation {
            Activation::Tanh => {
                for (dv, &av) in d.iter_mut().zip(g_out) {
                    *dv *= 1.0 - av * av;
                }
            }
            Activation::Relu => {
                for (dv, &av) in d.iter_mut().zip(g_out) {
                    if av <= 0.0 {
                        *dv = 0.0;
                    }
                }
            }
        }
    }

    fn output_activation(&self, z: &[f32], m: usize, out: &mut [f32]) {
        let c = self.spec.outputs();
        if c == 1 {
            for (o, &v) in out[..m].iter_mut().zip(&z[..m]) {
                *o = math::sigmoid(v);
            }
        } else {
            for (zr, or) in z[..m * c].chunks_exact(c).zip(out.chunks_exact_mut(c)) {
                let max = zr.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b));
                let mut sum = 0.0;
                for (o, &v) in or.iter_mut().zip(zr) {
                    *o = libm::expf(v - max);
                    sum += *o;
                }
                let inv = 1.0 / sum;
                or.iter_mut().for_each(|o| *o *= inv);
            }
        }
    }

    /// Mean cross-entropy loss and the number of correct predictions of the last forward pass
    /// against labels `y`. Binary: softplus(z) − y·z (from the logit, overflow-safe);
    /// softmax: −ln ŷ_y.
    pub fn loss_and_correct(&self, ws: &Workspace, y: &[u8]) -> (f64, usize) {
        let m = ws.rows;
        let out = ws.layers.last().expect("forward pass first");
        let c = self.spec.outputs();
        let mut loss = 0.0f64;
        let mut correct = 0;
        if c == 1 {
            for (&zi, &yi) in out.z[..m].iter().zip(y) {
                let (z, t) = (zi as f64, yi as f64);
                loss += math::softplus(z) - t * z;
                correct += usize::from((zi > 0.0) == (yi == 1));
            }
        } else {
            for (i, zr) in out.z[..m * c].chunks_exact(c).enumerate() {
                let max = zr.iter().fold(f32::NEG_INFINITY, |a, &b| a.max(b)) as f64;
                let lse =
                    max + libm::log(zr.iter().map(|&v| libm::exp(v as f64 - max)).sum::<f64>());
                loss += lse - zr[y[i] as usize] as f64;
                let best = (0..c).fold(0, |b, j| if zr[j] > zr[b] { j } else { b });
                correct += usize::from(best == y[i] as usize);
            }
        }
        (loss / m.max(1) as f64, correct)
    }

    /// Mean loss of `m` examples under `mode` (no running-average updates): the function the
    /// gradient checks differentiate numerically.
    pub fn loss(
        &self,
        ws: &mut Workspace,
        x: &[f32],
        y: &[u8],
        m: usize,
        mode: Mode,
    ) -> Result<f64> {
        self.forward(ws, x, m, mode)?;
        Ok(self.loss_and_correct(ws, y).0)
    }

    /// Backward pass after [`Network::forward`] with the same `mode`: writes dL/dθ of the mean
    /// loss over the batch into `grads` (same layout as [`Network::params`]).
    pub fn backward(&self, ws: &mut Workspace, x: &[f32], y: &[u8], mode: Mode, grads: &mut [f32]) {
        let m = ws.rows;
        grads.fill(0.0);
        let c = self.spec.outputs();
        let inv_m = 1.0 / m as f32;
        let p = &self.params;
        let last = self.layers.len() - 1;
        // Output layer: dz = (ŷ − y)/m for sigmoid + BCE and softmax + CE alike.
        {
            let out = &mut ws.layers[last];
            let rows = out.d_z[..m * c]
                .chunks_exact_mut(c)
                .zip(out.a[..m * c].chunks_exact(c));
            for ((dzr, ar), &yi) in rows.zip(y) {
                for (j, (dz, &a)) in dzr.iter_mut().zip(ar).enumerate() {
                    let target = if c == 1 {
                        yi as f32
                    } else {
                        f32::from(yi as usize == j)
                    };
                    *dz = (a - target) * inv_m;
                }
            }
        }
        for li in (0..=last).rev() {
            let l = &self.layers[li];
            let (before, rest) = ws.layers.split_at_mut(li);
            let buf = &mut rest[0];
            let after = !buf.h.is_empty();
            if li < last {
                if !after {
                    // dL/dz̃ = dL/da · g'(z̃), in place in d_a.
                    let (a, d) = (&buf.a[..m * l.units], &mut buf.d_a[..m * l.units]);
                    self.activation_backward(a, d);
                }
                if let Some((g, b)) = &l.bn {
                    let (gr, br) = split_two(grads, g.clone(), b.clone());
                    let f = match mode {
                        Mode::Train => batch_norm::backward_train,
                        Mode::Inference => backward_inference_adapter,
                    };
                    f(
                        &buf.d_a,
                        &buf.z_norm,
                        m,
                        l.units,
                        &p[g.clone()],
                        &buf.stats.inv_std,
                        gr,
                        br,
                        &mut buf.d_z,
                        &mut ws.scratch,
                    );
                }
                if after {
                    // BN after the activation wrote dL/dh into d_z: dL/dz = dL/dh · g'(z).
                    let (h, d) = (&buf.h[..m * l.units], &mut buf.d_z[..m * l.units]);
                    self.activation_backward(h, d);
                }
            }
            // Without BN, dL/dz = dL/dz̃, which is already in d_a (no copy).
            let d_z: &[f32] = if li < last && l.bn.is_none() {
                &buf.d_a
            } else {
                &buf.d_z
            };
            let input: &[f32] = if li == 0 { x } else { &before[li - 1].a };
            let (gw, gb) = match &l.b {
                Some(b) => {
                    let (gw, gb) = split_two(grads, l.w.clone(), b.clone());
                    (gw, Some(gb))
                }
                None => (&mut grads[l.w.clone()], None),
            };
            dense::backward_params(input, d_z, m, l.fan_in, l.units, gw, gb);
            if li > 0 {
                dense::transpose(&p[l.w.clone()], l.fan_in, l.units, &mut ws.w_t);
                dense::backward_input(d_z, &ws.w_t, m, l.fan_in, l.units, &mut before[li - 1].d_a);
            }
        }
    }

    /// One training pass over a mini-batch: forward in training mode, update BN's running
    /// averages, backward into `grads`. Refuses a batch of one with BN (nothing changes).
    pub fn train_gradients(
        &mut self,
        ws: &mut Workspace,
        x: &[f32],
        y: &[u8],
        m: usize,
        grads: &mut [f32],
    ) -> Result<()> {
        self.forward(ws, x, m, Mode::Train)?;
        if self.spec.batch_norm {
            let momentum = self.spec.bn.momentum;
            for li in 0..self.spec.hidden.len() {
                batch_norm::update_running(
                    &ws.layers[li].stats,
                    m,
                    momentum,
                    &mut self.running_mean[li],
                    &mut self.running_var[li],
                );
            }
        }
        self.backward(ws, x, y, Mode::Train, grads);
        Ok(())
    }
}

/// True when every value is finite, checked 8 lanes at a time: x·0 is ±0 for a finite x and NaN
/// for ±∞ or NaN, and a lane's sum of those stays 0 until it meets one (so the loop vectorizes and
/// has no early exit — it runs after every training step).
fn all_finite(xs: &[f32]) -> bool {
    let mut lanes = [0.0f32; 8];
    let chunks = xs.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (l, &x) in lanes.iter_mut().zip(c) {
            *l += x * 0.0;
        }
    }
    lanes.iter().chain(rest).all(|v| v.is_finite())
}

#[allow(clippy::too_many_arguments)]
fn backward_inference_adapter(
    d_out: &[f32],
    z_norm: &[f32],
    m: usize,
    units: usize,
    gamma: &[f32],
    inv_std: &[f32],
    d_gamma: &mut [f32],
    d_beta: &mut [f32],
    d_z: &mut [f32],
    _scratch: &mut [f32],
) {
    batch_norm::backward_inference(
        d_out, z_norm, m, units, gamma, inv_std, d_gamma, d_beta, d_z,
    );
}

/// Two disjoint mutable ranges of one buffer, `first` before `second`.
fn split_two(
    buf: &mut [f32],
    first: Range<usize>,
    second: Range<usize>,
) -> (&mut [f32], &mut [f32]) {
    debug_assert!(first.end <= second.start);
    let (a, b) = buf.split_at_mut(second.start);
    (&mut a[first], &mut b[..second.end - second.start])
}

#[cfg(test)]
mod tests {
    use super::all_finite;

    #[test]
    fn all_finite_finds_every_non_finite_value_in_the_lanes_and_the_rest() {
        let n = 8 * 5 + 3;
        let finite: Vec<f32> = (0..n).map(|i| (i as f32 - 20.0) * 1e30).collect();
        assert!(all_finite(&finite));
        assert!(all_finite(&[]));
        for bad in [f32::INFINITY, f32::NEG_INFINITY, f32::NAN] {
            for at in [0, 7, 8, 21, 39, 40, n - 1] {
                let mut xs = finite.clone();
                xs[at] = bad;
                assert!(!all_finite(&xs), "{bad} at {at}");
            }
        }
        // Large finite values stay finite (x·0 is 0, never ∞·0).
        assert!(all_finite(&[f32::MAX; 17]));
    }
}
