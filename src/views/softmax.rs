//! The "Softmax" view (course notes, week 3, §5): softmax regression, up close.
//!
//! - **Three classes.** A network with a C = 3 softmax output learns three-class data; every
//!   point of the plane gets three probabilities (the field is coloured by them), and for one
//!   chosen data point the view shows each step of the output layer: the logits z, t = e^z,
//!   a = t / Σ t, the loss −Σ y log ŷ and its gradient dz = ŷ − y (checked against a central
//!   finite difference of the loss).
//! - **C = 2 is logistic regression.** Three networks learn the same two-class data from the
//!   same start, on the same mini-batches ([`TwoClass`]): a sigmoid output, a 2-unit softmax,
//!   and a sigmoid whose last layer learns at 2α. A 2-unit softmax computes
//!   P(class 1) = e^z₁/(e^z₀ + e^z₁) = σ(z₁ − z₀), so it *is* a sigmoid unit on the logit
//!   difference, with weights w₁ − w₀. Trained, each logit gets its own gradient (±(ŷ − y)), so
//!   w₁ − w₀ moves twice as far per step as a sigmoid's w: the softmax is a sigmoid whose last
//!   layer learns at 2α (for SGD, momentum and Adam alike). From matched starts (same hidden
//!   layers, w₀ = −w/2, w₁ = w/2) it gives the same predictions as that sigmoid, to float
//!   precision (the engine's sigmoid goes through its rational tanh, good to 5e-7), at every
//!   step; the sigmoid trained at α ends up close but measurably different.
//!
//! The view's URL keys are in the settings table's softmax section: `softmaxData` (the
//! three-class data), `binaryData` (the two-class data), `softmaxSeed` (data, initial weights
//! and mini-batch order) and `point` (the chosen point, 1-based; empty: the point nearest the
//! middle of the plane, where the classes meet), and the page's `at` (the update a link shows:
//! opening it replays the run to that update and pauses; 0 or none: train live to
//! [`TARGET_STEPS`]). The networks are fixed: see [`network_config`].

use crate::config::OptimizerKind::{Adam, Sgd};
use crate::config::{Activation, Config, DatasetKind, InitScheme};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::nn::{Mode, Network, NetworkSpec, Output, Workspace};
use crate::optim::Optimizer;
use crate::query::{expected, Query, Reader, Writer};
use crate::rng::{self, PortableRng};
use crate::settings::Domain;
use crate::train::{cell_centre, Field, Metrics, Split, Trainer, PLANE_EXTENT};
use crate::views::View;
use core::ops::Range;
use rand::seq::SliceRandom;

/// Points of each dataset (training and validation together).
pub const POINTS: usize = 300;
/// Updates the view trains for before it pauses.
pub const TARGET_STEPS: u64 = 1500;
/// The most updates the view trains (played on past the target, or replayed from a link's
/// `at`): about 7 s of replay in the browser.
pub const MAX_STEPS: u64 = 100_000;
/// The C = 2 comparison measures its gaps every this many updates.
pub const GAP_EVERY: u64 = 20;
/// Cells per side of the grid over the plane on which the C = 2 gaps are measured (and the
/// fields drawn).
pub const GAP_GRID: usize = 32;

/// The view's settings, read from the URL.
#[derive(Clone, Debug, PartialEq)]
pub struct SoftmaxSettings {
    /// The three-class data.
    pub data: DatasetKind,
    /// The two-class data of the C = 2 comparison.
    pub binary: DatasetKind,
    /// Seed of the data, the initial weights and the mini-batch order.
    pub seed: u64,
    /// The chosen point (0-based, training points first), if the URL names one.
    pub point: Option<usize>,
    /// The update the link shows (`at`; 0: none, train live to [`TARGET_STEPS`]).
    pub at: u64,
}

impl SoftmaxSettings {
    /// Reads the view's keys (other keys are left to their owners).
    pub fn read(r: &Reader) -> Result<SoftmaxSettings> {
        let dataset = |key: &str| {
            r.choice(key)
                .map(|n| DatasetKind::parse(n).expect("the table's choices are datasets"))
        };
        let point = if r.text("point").is_empty() {
            None
        } else {
            Some(r.count("point")? - 1)
        };
        let at = r.whole("at")?;
        if at > MAX_STEPS {
            let domain = Domain::Whole {
                min: 0,
                max: MAX_STEPS,
            };
            return Err(Error::new(
                Msg::new("error.out-of-range")
                    .msg("label", Msg::label("at"))
                    .text("key", "at")
                    .echo("value", r.text("at"))
                    .msg("expected", expected(domain)),
            )
            .for_key("at"));
        }
        Ok(SoftmaxSettings {
            data: dataset("softmaxData")?,
            binary: dataset("binaryData")?,
            seed: r.seed("softmaxSeed")?,
            point,
            at,
        })
    }

    /// The settings a URL query gives.
    pub fn from_query(query: &str) -> Result<SoftmaxSettings> {
        SoftmaxSettings::read(&Query::parse(query)?.reader(View::Softmax))
    }

    /// The URL query of these settings (only what differs from the defaults).
    pub fn to_query(&self) -> String {
        let mut w = Writer::new(View::Softmax, false);
        w.put("softmaxData", self.data.name());
        w.put("binaryData", self.binary.name());
        w.whole("softmaxSeed", self.seed);
        if let Some(p) = self.point {
            w.whole("point", p as u64 + 1);
        }
        w.whole("at", self.at);
        w.finish()
    }
}

/// The training config of each part of the view, on `dataset` with `seed` for the data, the
/// weights and the mini-batch order: 300 points (half for training), a 2 → 16 → 16 → output
/// network without batch norm, mini-batches of 10. Three-class data gets a softmax output and
/// Adam (blobs3: tanh, Xavier, α = 0.01, noise 0.35, so the blobs overlap and the
/// probabilities between them are not all 0 or 1; spiral3: ReLU, He, α = 0.03, noise 0.1,
/// which learns it in 1,500 updates). Two-class data (the C = 2 comparison) gets a sigmoid
/// output, tanh, Xavier and plain gradient descent at α = 0.1: logistic regression on learned
/// features, as the course has it. (Momentum and Adam keep the equality too; Adam's to about
/// 1e-4 rather than 1e-5, as it divides tiny gradients by their tiny RMS.)
pub fn network_config(dataset: DatasetKind, seed: u64) -> Config {
    let (noise, activation, init, optimizer, learning_rate) = match dataset {
        DatasetKind::Blobs3 => (0.35, Activation::Tanh, InitScheme::Xavier, Adam, 0.01),
        DatasetKind::Spiral3 => (0.1, Activation::Relu, InitScheme::He, Adam, 0.03),
        _ => (0.15, Activation::Tanh, InitScheme::Xavier, Sgd, 0.1),
    };
    Config {
        dataset,
        points: POINTS,
        noise,
        train_fraction: 0.5,
        data_seed: seed,
        hidden: vec![16, 16],
        activation,
        batch_norm: false,
        init,
        init_scale: 1.0,
        init_seed: seed,
        optimizer,
        learning_rate,
        batch_size: 10,
        batch_seed: seed,
        nudges: Vec::new(),
        ..Config::default()
    }
}

/// Every step of the output layer for one data point, in f64 from the network's logits.
#[derive(Clone, Debug, PartialEq)]
pub struct PointReading {
    /// Which point (0-based, training points first).
    pub index: usize,
    /// Its coordinates.
    pub position: [f32; 2],
    /// Its class.
    pub label: usize,
    /// True for a training point, false for a validation one.
    pub training: bool,
    /// The logits z, one per class.
    pub z: Vec<f64>,
    /// t = e^z.
    pub t: Vec<f64>,
    /// a = ŷ = t / Σ t.
    pub a: Vec<f64>,
    /// ŷ as the network computes it (in f32, with the largest z subtracted before e^z).
    pub network: Vec<f64>,
    /// The one-hot label y.
    pub y: Vec<f64>,
    /// The loss −Σ y log ŷ.
    pub loss: f64,
    /// dL/dz = ŷ − y.
    pub dz: Vec<f64>,
    /// dL/dz by a central finite difference of the loss (step 1e-5).
    pub dz_numeric: Vec<f64>,
}

/// The loss −Σ y log softmax(z) = log Σ e^z − z_label, computed stably.
fn cross_entropy(z: &[f64], label: usize) -> f64 {
    let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    max + libm::log(z.iter().map(|&v| libm::exp(v - max)).sum::<f64>()) - z[label]
}

impl PointReading {
    /// The reading of logits `z` for a point of class `label`.
    fn new(z: Vec<f64>, network: Vec<f64>, label: usize) -> PointReading {
        let t: Vec<f64> = z.iter().map(|&v| libm::exp(v)).collect();
        // a = t / Σ t, from e^(z − max z) so that a large z cannot overflow the sum.
        let max = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let shifted: Vec<f64> = z.iter().map(|&v| libm::exp(v - max)).collect();
        let sum: f64 = shifted.iter().sum();
        let a: Vec<f64> = shifted.iter().map(|v| v / sum).collect();
        let y: Vec<f64> = (0..z.len()).map(|k| f64::from(k == label)).collect();
        let dz = a.iter().zip(&y).map(|(a, y)| a - y).collect();
        let h = 1e-5;
        let dz_numeric = (0..z.len())
            .map(|k| {
                let mut zz = z.clone();
                zz[k] = z[k] + h;
                let up = cross_entropy(&zz, label);
                zz[k] = z[k] - h;
                (up - cross_entropy(&zz, label)) / (2.0 * h)
            })
            .collect();
        PointReading {
            index: 0,
            position: [0.0; 2],
            label,
            training: true,
            loss: cross_entropy(&z, label),
            z,
            t,
            a,
            network,
            y,
            dz,
            dz_numeric,
        }
    }

    /// The largest |finite difference − (ŷ − y)| over the classes.
    pub fn dz_check(&self) -> f64 {
        self.dz
            .iter()
            .zip(&self.dz_numeric)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max)
    }
}

/// The logits and outputs of `net` at one input.
fn logits(net: &Network, ws: &mut Workspace, x: [f32; 2]) -> (Vec<f64>, Vec<f64>) {
    net.forward(ws, &x, 1, Mode::Inference)
        .expect("inference needs no batch");
    let hidden = net.spec().hidden.len();
    let wide = |v: &[f32]| v.iter().map(|&x| x as f64).collect::<Vec<_>>();
    (wide(ws.z(hidden)), wide(ws.outputs()))
}

/// The grid of cell centres over the plane, (x₀, x₁) per cell, row 0 at the top (as
/// [`Field`] lays them out).
fn plane_grid(n: usize) -> Vec<f32> {
    (0..n * n)
        .flat_map(|i| {
            let (row, col) = (i / n, i % n);
            [
                cell_centre(col, n, PLANE_EXTENT),
                -cell_centre(row, n, PLANE_EXTENT),
            ]
        })
        .collect()
}

/// The three networks of the C = 2 comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Twin {
    /// A sigmoid output, every layer at α.
    Sigmoid,
    /// A 2-unit softmax output, every layer at α.
    Softmax,
    /// A sigmoid output whose last layer learns at 2α.
    SigmoidFastLast,
}

impl Twin {
    /// The three, in the page's order.
    pub const ALL: [Twin; 3] = [Twin::Sigmoid, Twin::Softmax, Twin::SigmoidFastLast];

    /// The name the page and the catalogue use.
    pub fn name(self) -> &'static str {
        match self {
            Twin::Sigmoid => "sigmoid",
            Twin::Softmax => "softmax",
            Twin::SigmoidFastLast => "sigmoidFastLast",
        }
    }
}

/// How far apart the C = 2 networks' predictions are at one step: the largest gap in
/// P(class 1) over the [`GAP_GRID`]² grid of the plane.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Gaps {
    /// Updates done.
    pub step: u64,
    /// Sigmoid at α against the 2-unit softmax.
    pub sigmoid: f64,
    /// Sigmoid with its last layer at 2α against the 2-unit softmax.
    pub fast_last: f64,
    /// The softmax's P(class 1) against σ(z₁ − z₀) of its own logits (in f64).
    pub identity: f64,
}

/// Three networks learning the same two-class data in lockstep: same data, same hidden layers
/// at the start, same mini-batches (see the [module docs](self)).
#[derive(Clone, Debug)]
pub struct TwoClass {
    data: Dataset,
    nets: [Network; 3],
    optimizers: [Optimizer; 3],
    workspaces: [Workspace; 3],
    grads: [Vec<f32>; 3],
    /// W and b of the sigmoids' last layer.
    last_layer: Range<usize>,
    lr: f32,
    batch: usize,
    order: Vec<usize>,
    cursor: usize,
    rng: PortableRng,
    batch_x: Vec<f32>,
    batch_y: Vec<u8>,
    steps: u64,
    grid: Vec<f32>,
    gaps: Vec<Gaps>,
}

impl TwoClass {
    /// The three networks of `config` (a two-class config): the sigmoid as the config
    /// describes it, the 2-unit softmax with the same hidden layers and w₀ = −w/2, w₁ = w/2
    /// from the sigmoid's output weights w, and a copy of the sigmoid for the 2α last layer.
    pub fn new(config: &Config) -> Result<TwoClass> {
        config.validate()?;
        let sigmoid = Network::from_config(config);
        let spec = NetworkSpec {
            output: Output::Softmax,
            ..NetworkSpec::from_config(config)
        };
        let mut softmax = Network::new(
            spec,
            config.init,
            config.init_scale,
            &mut rng::from_seed(config.init_seed),
        );
        let (s_last, m_last) = (
            sigmoid.layers().last().expect("an output layer").clone(),
            softmax.layers().last().expect("an output layer").clone(),
        );
        let w = sigmoid.params()[s_last.w.clone()].to_vec();
        let m = softmax.params_mut();
        for (k, &wk) in w.iter().enumerate() {
            // Unit 0 is class 0, unit 1 class 1: z₁ − z₀ = w·h, the sigmoid's logit.
            m[m_last.w.start + 2 * k] = -wk / 2.0;
            m[m_last.w.start + 2 * k + 1] = wk / 2.0;
        }
        let last_layer = s_last.w.start..s_last.b.map_or(s_last.w.end, |b| b.end);
        let data = Dataset::from_config(config);
        let mut rng = rng::from_seed(config.batch_seed);
        let mut order: Vec<usize> = (0..data.train.len()).collect();
        order.shuffle(&mut rng);
        let nets = [sigmoid.clone(), softmax, sigmoid];
        let mut t = TwoClass {
            optimizers: nets
                .each_ref()
                .map(|n| Optimizer::new(config, n.params().len())),
            grads: nets.each_ref().map(|n| vec![0.0; n.params().len()]),
            workspaces: Default::default(),
            nets,
            data,
            last_layer,
            lr: config.learning_rate as f32,
            batch: config.batch_size,
            order,
            cursor: 0,
            rng,
            batch_x: Vec::new(),
            batch_y: Vec::new(),
            steps: 0,
            grid: plane_grid(GAP_GRID),
            gaps: Vec::new(),
        };
        t.record();
        Ok(t)
    }

    /// The two-class data.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// Updates done.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// The network of `twin`.
    pub fn network(&self, twin: Twin) -> &Network {
        &self.nets[twin as usize]
    }

    /// The gaps measured so far, every [`GAP_EVERY`] updates (and at the start).
    pub fn gaps(&self) -> &[Gaps] {
        &self.gaps
    }

    /// The latest gaps.
    pub fn latest(&self) -> Gaps {
        *self.gaps.last().expect("gaps are measured at the start")
    }

    /// `n` more updates of all three networks, on the same mini-batches.
    pub fn step(&mut self, n: usize) {
        for _ in 0..n {
            if self.cursor + self.batch > self.order.len() {
                self.order.shuffle(&mut self.rng);
                self.cursor = 0;
            }
            let picked = &self.order[self.cursor..self.cursor + self.batch];
            self.cursor += self.batch;
            self.batch_y.clear();
            self.batch_x.clear();
            for &i in picked {
                self.batch_x.extend_from_slice(&self.data.train.point(i));
                self.batch_y.push(self.data.train.y[i]);
            }
            let (x, y) = (&self.batch_x, &self.batch_y);
            let nets = self.nets.iter_mut().zip(&mut self.grads);
            let tools = self.optimizers.iter_mut().zip(&mut self.workspaces);
            for (twin, ((net, grads), (opt, ws))) in Twin::ALL.into_iter().zip(nets.zip(tools)) {
                net.train_gradients(ws, x, y, self.batch, grads)
                    .expect("the softmax view's networks have no batch norm");
                if twin == Twin::SigmoidFastLast {
                    let last = self.last_layer.clone();
                    opt.step_scaled(net.params_mut(), grads, self.lr, last, 2.0);
                } else {
                    opt.step(net.params_mut(), grads, self.lr);
                }
            }
            self.steps += 1;
            if self.steps.is_multiple_of(GAP_EVERY) {
                self.record();
            }
        }
    }

    /// P(class 1) of `twin` at `m` points `x`.
    pub fn predictions(&mut self, twin: Twin, x: &[f32]) -> Vec<f32> {
        let m = x.len() / 2;
        let ws = &mut self.workspaces[twin as usize];
        self.nets[twin as usize]
            .forward(ws, x, m, Mode::Inference)
            .expect("inference needs no batch");
        match twin {
            Twin::Softmax => ws.outputs().iter().skip(1).step_by(2).copied().collect(),
            _ => ws.outputs().to_vec(),
        }
    }

    /// P(class 1) of `twin` over an `n × n` grid of the plane, as a decision field.
    pub fn field(&mut self, twin: Twin, n: usize) -> Field {
        let n = n.clamp(2, 256);
        Field {
            n,
            extent: PLANE_EXTENT,
            classes: 2,
            values: self.predictions(twin, &plane_grid(n)),
        }
    }

    /// Share of the validation points `twin` classifies correctly.
    pub fn accuracy(&mut self, twin: Twin) -> f64 {
        let x = self.data.valid.x.clone();
        let p = self.predictions(twin, &x);
        let right = p
            .iter()
            .zip(&self.data.valid.y)
            .filter(|(&p, &y)| (p > 0.5) == (y == 1))
            .count();
        right as f64 / p.len().max(1) as f64
    }

    fn record(&mut self) {
        let grid = std::mem::take(&mut self.grid);
        let [sig, soft, fast] = Twin::ALL.map(|t| self.predictions(t, &grid));
        let gap = |a: &[f32]| {
            a.iter()
                .zip(&soft)
                .map(|(&p, &q)| (p as f64 - q as f64).abs())
                .fold(0.0, f64::max)
        };
        // The softmax's own logits, from the workspace of its last pass over the grid.
        let ws = &mut self.workspaces[Twin::Softmax as usize];
        self.nets[Twin::Softmax as usize]
            .forward(ws, &grid, grid.len() / 2, Mode::Inference)
            .expect("inference needs no batch");
        let z = ws.z(self.nets[Twin::Softmax as usize].spec().hidden.len());
        let identity = z
            .chunks_exact(2)
            .zip(&soft)
            .map(|(z, &p)| {
                let s = 1.0 / (1.0 + libm::exp(-(z[1] as f64 - z[0] as f64)));
                (s - p as f64).abs()
            })
            .fold(0.0, f64::max);
        self.gaps.push(Gaps {
            step: self.steps,
            sigmoid: gap(&sig),
            fast_last: gap(&fast),
            identity,
        });
        self.grid = grid;
    }
}

/// Everything the page shows of the view at one moment.
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Updates done.
    pub steps: u64,
    /// The three-class network on its training points …
    pub train: Metrics,
    /// … and on its validation points.
    pub valid: Metrics,
    /// The chosen point, step by step.
    pub point: PointReading,
    /// The C = 2 gaps, as last measured.
    pub gaps: Gaps,
    /// Validation accuracy of each C = 2 network, in [`Twin::ALL`] order.
    pub accuracy: [f64; 3],
}

/// The view: a three-class network with one chosen point, and the C = 2 comparison.
#[derive(Clone, Debug)]
pub struct Softmax {
    settings: SoftmaxSettings,
    trainer: Trainer,
    pair: TwoClass,
    ws: Workspace,
    selected: usize,
}

impl Softmax {
    /// The view for `settings`; a `point` beyond the data is refused at its key.
    pub fn new(settings: SoftmaxSettings) -> Result<Softmax> {
        let mut trainer = Trainer::new(&network_config(settings.data, settings.seed))?;
        trainer.set_record_every(0);
        let pair = TwoClass::new(&network_config(settings.binary, settings.seed))?;
        let mut view = Softmax {
            selected: 0,
            settings,
            trainer,
            pair,
            ws: Workspace::new(),
        };
        // The settings table caps `point` at POINTS, the number of points.
        view.selected = match view.settings.point {
            Some(p) => p.min(view.points() - 1),
            None => view.nearest(0.0, 0.0),
        };
        Ok(view)
    }

    /// The view a URL query describes.
    pub fn from_query(query: &str) -> Result<Softmax> {
        Softmax::new(SoftmaxSettings::from_query(query)?)
    }

    /// The view's settings (with the chosen point, once the learner picked one).
    pub fn settings(&self) -> &SoftmaxSettings {
        &self.settings
    }

    /// The three-class run.
    pub fn trainer(&self) -> &Trainer {
        &self.trainer
    }

    /// The three-class run, to draw its field.
    pub fn trainer_mut(&mut self) -> &mut Trainer {
        &mut self.trainer
    }

    /// The C = 2 comparison.
    pub fn pair(&self) -> &TwoClass {
        &self.pair
    }

    /// The C = 2 comparison, to draw its fields.
    pub fn pair_mut(&mut self) -> &mut TwoClass {
        &mut self.pair
    }

    /// Updates done (the same in both parts).
    pub fn steps(&self) -> u64 {
        self.trainer.steps()
    }

    /// Up to `n` more updates of every network, stopping at [`TARGET_STEPS`] unless
    /// `past_target` (and at [`MAX_STEPS`] always); returns how many were done.
    pub fn step(&mut self, n: usize, past_target: bool) -> usize {
        let stop = if past_target { MAX_STEPS } else { TARGET_STEPS };
        self.step_to(stop, n)
    }

    /// Up to `n` more updates toward update `stop`; returns how many were done.
    fn step_to(&mut self, stop: u64, n: usize) -> usize {
        let room = n.min(stop.saturating_sub(self.steps()) as usize);
        let done = self.trainer.step(room);
        self.pair.step(done);
        done
    }

    /// The update a link asked for (`at`; 0: none).
    pub fn at(&self) -> u64 {
        self.settings.at
    }

    /// Up to `n` more updates toward the link's update `at` (past the target if it lies
    /// beyond); returns how many were done: 0 once it is reached (or when there is none).
    pub fn replay(&mut self, n: usize) -> usize {
        self.step_to(self.settings.at, n)
    }

    /// Keeps the update reached as the link's `at`, so that the query reproduces what is shown
    /// now; at [`TARGET_STEPS`] the link needs none (opening it trains live to the same
    /// picture). Returns the `at` kept.
    pub fn keep_step(&mut self) -> u64 {
        let steps = self.steps();
        self.settings.at = if steps == TARGET_STEPS { 0 } else { steps };
        self.settings.at
    }

    /// Number of three-class points (training and validation).
    pub fn points(&self) -> usize {
        let d = self.trainer.dataset();
        d.train.len() + d.valid.len()
    }

    /// Point `i` (training points first): its coordinates, class, and whether it trains.
    pub fn point(&self, i: usize) -> ([f32; 2], usize, bool) {
        let d = self.trainer.dataset();
        let n = d.train.len();
        let (points, j, training) = if i < n {
            (&d.train, i, true)
        } else {
            (&d.valid, i - n, false)
        };
        (points.point(j), points.y[j] as usize, training)
    }

    /// The data point nearest (x₀, x₁).
    pub fn nearest(&self, x0: f32, x1: f32) -> usize {
        (0..self.points())
            .map(|i| {
                let ([a, b], _, _) = self.point(i);
                (i, (a - x0).powi(2) + (b - x1).powi(2))
            })
            .fold(
                (0, f32::INFINITY),
                |best, c| if c.1 < best.1 { c } else { best },
            )
            .0
    }

    /// Chooses data point `i` (0-based, training points first; clamped to the last point).
    pub fn select(&mut self, i: usize) -> usize {
        self.selected = i.min(self.points() - 1);
        self.settings.point = Some(self.selected);
        self.selected
    }

    /// Chooses the data point nearest the plane position at fractions (`u`, `v`) of a
    /// picture of the plane (u from the left edge, v from the top); returns its index.
    pub fn select_at(&mut self, u: f64, v: f64) -> usize {
        let e = PLANE_EXTENT as f64;
        self.select(self.nearest((-e + 2.0 * e * u) as f32, (e - 2.0 * e * v) as f32))
    }

    /// The chosen point.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Every step of the output layer at the chosen point, from the network as trained now.
    pub fn reading(&mut self) -> PointReading {
        let (position, label, training) = self.point(self.selected);
        let (z, a) = logits(self.trainer.network(), &mut self.ws, position);
        PointReading {
            index: self.selected,
            position,
            training,
            ..PointReading::new(z, a, label)
        }
    }

    /// What the page shows now: metrics, the chosen point's reading, the C = 2 gaps.
    pub fn snapshot(&mut self) -> Snapshot {
        Snapshot {
            steps: self.steps(),
            train: self.trainer.evaluate(Split::Train, Mode::Inference),
            valid: self.trainer.evaluate(Split::Valid, Mode::Inference),
            point: self.reading(),
            gaps: self.pair.latest(),
            accuracy: Twin::ALL.map(|t| self.pair.accuracy(t)),
        }
    }

    /// The URL query of the view's settings.
    pub fn to_query(&self) -> String {
        self.settings.to_query()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_follows_the_formulas_of_the_course() {
        let r = PointReading::new(vec![2.0, 1.0, -1.0], vec![0.0; 3], 0);
        let t: [f64; 3] = [2f64.exp(), 1f64.exp(), (-1f64).exp()];
        let sum: f64 = t.iter().sum();
        for ((rt, ra), t) in r.t.iter().zip(&r.a).zip(t) {
            assert!((rt - t).abs() < 1e-12 && (ra - t / sum).abs() < 1e-12);
        }
        assert!((r.a.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((r.loss + (t[0] / sum).ln()).abs() < 1e-12);
        assert_eq!(r.y, vec![1.0, 0.0, 0.0]);
        assert!((r.dz[0] - (t[0] / sum - 1.0)).abs() < 1e-12);
        assert!(r.dz_check() < 1e-8, "{}", r.dz_check());
        // Huge logits: t overflows, but a and the loss stay finite.
        let r = PointReading::new(vec![800.0, 0.0, 0.0], vec![0.0; 3], 1);
        assert!(r.t[0].is_infinite());
        assert!((r.a[0] - 1.0).abs() < 1e-12 && (r.loss - 800.0).abs() < 1e-9);
    }
}
