//! The training loop a UI animates, in verb-named steps.
//!
//! A [`Trainer`] owns one run: its dataset, network, optimizer and mini-batch order, all derived
//! from one [`Config`] (seeds included), so the same config replays the same run bit for bit.
//! [`Trainer::step`] advances n mini-batch updates; history, divergence and decision fields are
//! read between calls. The learning rate and momentum can be changed between steps ("panda"
//! babysitting); each change is logged so the loss curve can mark it.

pub use crate::config::Knob;
use crate::config::{Config, Nudge};
use crate::data::{Dataset, Points};
use crate::error::Result;
use crate::nn::{Mode, Network, Workspace};
use crate::optim::{decayed_learning_rate, Optimizer};
use crate::rng::{self, PortableRng};
use rand::seq::SliceRandom;

/// Mean loss and accuracy over a set of points.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Metrics {
    /// Mean cross-entropy loss.
    pub loss: f64,
    /// Share of points classified correctly, 0..=1.
    pub accuracy: f64,
}

/// Which part of the dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// The training points.
    Train,
    /// The held-out validation points.
    Valid,
}

/// One sample of the learning curves (both splits measured in inference mode).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HistoryPoint {
    /// Updates done so far.
    pub step: u64,
    /// Completed passes over the training set.
    pub epoch: u64,
    /// Loss and accuracy on the training points.
    pub train: Metrics,
    /// Loss and accuracy on the validation points.
    pub valid: Metrics,
    /// Learning rate in effect (after decay).
    pub learning_rate: f64,
}

/// A mid-run change, marked on the loss curve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Change {
    /// Step at which the change took effect.
    pub step: u64,
    /// What changed.
    pub knob: Knob,
    /// Value before.
    pub from: f64,
    /// Value after.
    pub to: f64,
}

/// Whether the run can go on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Training normally.
    Running,
    /// Update `step` made a weight or running statistic NaN or infinite (the parameters are
    /// then those of the last finite state), or the smoothed mini-batch loss rose past
    /// [`BLOW_UP_FACTOR`] times its starting value. No further step is taken.
    Diverged {
        /// The update at which divergence was detected.
        step: u64,
    },
}

/// The run counts as diverged once the smoothed mini-batch loss exceeds this many times
/// max(initial loss, ln C) — the loss of a uniform guess over C classes.
pub const BLOW_UP_FACTOR: f64 = 3.0;

/// The mini-batch loss is sampled every this many steps into an exponentially weighted
/// average (β = 0.9) that watches for a blow-up; sparse sampling keeps the cost off the hot path.
const LOSS_WATCH_EVERY: u64 = 5;

impl Status {
    /// A sentence for the page.
    pub fn message(&self, config: &Config) -> String {
        match self {
            Status::Running => crate::i18n::text("status.training"),
            Status::Diverged { step } => {
                let id = if config.batch_norm {
                    "status.diverged-bn"
                } else {
                    "status.diverged"
                };
                crate::i18n::Msg::new(id).num("step", *step as f64).render()
            }
        }
    }
}

/// The values of a network over an n × n grid of the input plane: the decision field drawn
/// as a heatmap. Row 0 is the top (x₁ = +extent), column 0 the left (x₀ = −extent).
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Cells per side.
    pub n: usize,
    /// The grid spans [−extent, extent]² (cell centres).
    pub extent: f32,
    /// Number of classes.
    pub classes: usize,
    /// Per cell: P(class 1) for two classes, or the C class probabilities (n·n·C values).
    pub values: Vec<f32>,
}

/// Per-step statistics of one hidden layer over the training mini-batches (the BN lab's
/// curves). Each vector holds one row of `units` values per traced step.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayerTrace {
    /// Units of the layer.
    pub units: usize,
    /// Batch mean of BN's input (z, or g(z) with BN after the activation) per unit: BN's μ.
    pub batch_mean: Vec<f32>,
    /// Biased batch variance of BN's input per unit: BN's σ².
    pub batch_var: Vec<f32>,
    /// Running mean per unit after the step (BN layers only, else empty).
    pub running_mean: Vec<f32>,
    /// Running (unbiased) variance per unit after the step (BN layers only).
    pub running_var: Vec<f32>,
    /// γ per unit after the step (BN layers only).
    pub gamma: Vec<f32>,
    /// β per unit after the step (BN layers only).
    pub beta: Vec<f32>,
    /// Mean of the layer's activations a = g(z̃) over the batch and all units, one per step.
    pub activation_mean: Vec<f32>,
    /// Standard deviation of the activations over the batch and all units, one per step.
    pub activation_std: Vec<f32>,
}

/// Statistics of every hidden layer at every traced step (see [`Trainer::set_trace_every`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trace {
    /// The step each row belongs to.
    pub steps: Vec<u64>,
    /// One trace per hidden layer.
    pub layers: Vec<LayerTrace>,
}

impl Trace {
    fn record(&mut self, step: u64, net: &Network, ws: &Workspace) {
        let m = ws.rows();
        if self.layers.is_empty() {
            self.layers = net
                .spec()
                .hidden
                .iter()
                .map(|&units| LayerTrace {
                    units,
                    ..LayerTrace::default()
                })
                .collect();
        }
        self.steps.push(step);
        for (l, lt) in self.layers.iter_mut().enumerate() {
            let units = lt.units;
            // What BN normalizes: z, or h = g(z) when BN sits after the activation.
            let z = ws.bn_input(l);
            for j in 0..units {
                let mean = (0..m).map(|i| z[i * units + j] as f64).sum::<f64>() / m as f64;
                let var = (0..m)
                    .map(|i| (z[i * units + j] as f64 - mean).powi(2))
                    .sum::<f64>()
                    / m as f64;
                lt.batch_mean.push(mean as f32);
                lt.batch_var.push(var as f32);
            }
            if let Some((rm, rv)) = net.running_stats(l) {
                lt.running_mean.extend_from_slice(rm);
                lt.running_var.extend_from_slice(rv);
            }
            if let (Some(g), Some(b)) = (net.gamma(l), net.beta(l)) {
                lt.gamma.extend_from_slice(g);
                lt.beta.extend_from_slice(b);
            }
            let a = ws.activations(l);
            let n = a.len().max(1) as f64;
            let mean = a.iter().map(|&v| v as f64).sum::<f64>() / n;
            let var = a.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
            lt.activation_mean.push(mean as f32);
            lt.activation_std.push(var.sqrt() as f32);
        }
    }
}

/// Half-width of the plane the views show, in data units.
pub const PLANE_EXTENT: f32 = 1.5;

/// One training run.
#[derive(Clone, Debug)]
pub struct Trainer {
    config: Config,
    data: Dataset,
    net: Network,
    optimizer: Optimizer,
    grads: Vec<f32>,
    /// Last finite parameters, restored when an update diverges.
    last_good: Vec<f32>,
    train_ws: Workspace,
    eval_ws: Workspace,
    order: Vec<u32>,
    cursor: usize,
    batch_rng: PortableRng,
    batch_x: Vec<f32>,
    batch_y: Vec<u8>,
    steps: u64,
    epoch: u64,
    status: Status,
    history: Vec<HistoryPoint>,
    changes: Vec<Change>,
    record_every: u64,
    /// Exponentially weighted average of sampled mini-batch losses.
    loss_watch: f64,
    /// Loss level that counts as a blow-up.
    blow_up_above: f64,
    /// Per-step layer statistics, recorded every `trace_every` steps (0: off).
    trace: Trace,
    trace_every: u64,
    /// Base learning rate α0 and momentum β in effect (they start at the config's values).
    alpha0: f64,
    beta: f64,
    /// Index of the next nudge in `config.nudges` to apply.
    next_nudge: usize,
    /// Input points of the last decision field's n × n grid, (x₀, x₁) per cell.
    field_grid: Vec<f32>,
}

impl Trainer {
    /// A new run. The config is validated first; every refusal is a learner-readable error.
    pub fn new(config: &Config) -> Result<Trainer> {
        config.validate()?;
        let data = Dataset::from_config(config);
        let net = Network::from_config(config);
        let n_params = net.params().len();
        let n_train = data.train.len();
        let mut batch_rng = rng::from_seed(config.batch_seed);
        let mut order: Vec<u32> = (0..n_train as u32).collect();
        order.shuffle(&mut batch_rng);
        let m = config.batch_size;
        let mut t = Trainer {
            config: config.clone(),
            optimizer: Optimizer::new(config, n_params),
            grads: vec![0.0; n_params],
            last_good: net.params().to_vec(),
            net,
            data,
            train_ws: Workspace::new(),
            eval_ws: Workspace::new(),
            order,
            cursor: 0,
            batch_rng,
            batch_x: vec![0.0; 2 * m],
            batch_y: vec![0; m],
            steps: 0,
            epoch: 0,
            status: Status::Running,
            history: Vec::new(),
            changes: Vec::new(),
            record_every: 10,
            loss_watch: 0.0,
            blow_up_above: f64::INFINITY,
            trace: Trace::default(),
            trace_every: 0,
            alpha0: config.learning_rate,
            beta: config.momentum,
            next_nudge: 0,
            field_grid: Vec::new(),
        };
        t.record();
        let start = t.history[0].train.loss;
        t.loss_watch = start;
        t.blow_up_above = BLOW_UP_FACTOR * start.max((t.data.classes as f64).ln());
        Ok(t)
    }

    /// The run's config: its starting settings plus every babysitting change so far as
    /// [`Config::nudges`], so `config().to_query()` replays this exact run.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The run's data.
    pub fn dataset(&self) -> &Dataset {
        &self.data
    }

    /// The network as trained so far.
    pub fn network(&self) -> &Network {
        &self.net
    }

    /// Updates done so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Completed epochs.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Running or diverged.
    pub fn status(&self) -> Status {
        self.status
    }

    /// Learning curves, one point every [`Trainer::set_record_every`] steps (and at step 0).
    pub fn history(&self) -> &[HistoryPoint] {
        &self.history
    }

    /// Mid-run changes of learning rate and momentum.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// Records the curves every `every` steps; 0 turns recording off (benchmarks, searches).
    pub fn set_record_every(&mut self, every: u64) {
        self.record_every = every;
    }

    /// Traces every hidden layer's batch statistics, running averages, γ, β and activation
    /// spread every `every` steps (0: off, the default).
    pub fn set_trace_every(&mut self, every: u64) {
        self.trace_every = every;
    }

    /// The layer statistics traced so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The last training mini-batch: its inputs, labels, and the workspace of its forward
    /// pass (z, z_norm, activations and BN statistics per layer). Empty before the first step.
    pub fn last_batch(&self) -> (&[f32], &[u8], &Workspace) {
        (&self.batch_x, &self.batch_y, &self.train_ws)
    }

    /// The learning rate in effect now: α = α0 / (1 + decay · epoch).
    pub fn learning_rate(&self) -> f64 {
        decayed_learning_rate(self.alpha0, self.config.decay, self.epoch)
    }

    /// The base learning rate α0 in effect now (after any babysitting changes).
    pub fn base_learning_rate(&self) -> f64 {
        self.alpha0
    }

    /// Momentum β in effect now (after any babysitting changes).
    pub fn momentum(&self) -> f64 {
        self.beta
    }

    /// Changes the base learning rate α0 from the next step on. The change is logged (the loss
    /// curve marks it) and added to the config's nudges, so [`Config::to_query`] replays it.
    pub fn set_learning_rate(&mut self, alpha0: f64) -> Result<()> {
        self.nudge(Knob::LearningRate, alpha0)
    }

    /// Changes momentum β from the next step on, like [`Trainer::set_learning_rate`]. Only the
    /// momentum optimizer has a β; other optimizers refuse, so the page cannot pretend.
    pub fn set_momentum(&mut self, beta: f64) -> Result<()> {
        self.nudge(Knob::Momentum, beta)
    }

    /// A learner's change now: recorded as a nudge at the current step. Nudges scheduled later
    /// (from a replayed URL) are dropped: the learner has taken over.
    fn nudge(&mut self, knob: Knob, value: f64) -> Result<()> {
        self.config.check_knob(knob, value)?;
        let step = self.steps;
        self.config.nudges.truncate(self.next_nudge);
        if self.config.nudges.len() >= crate::config::MAX_NUDGES {
            return Err(crate::Error::new(
                crate::i18n::Msg::new("error.nudges-too-many")
                    .num("max", crate::config::MAX_NUDGES as f64)
                    .num("got", (self.config.nudges.len() + 1) as f64),
            )
            .for_key("nudges"));
        }
        self.config.nudges.push(Nudge { step, knob, value });
        self.apply_due_nudges();
        Ok(())
    }

    /// Applies the nudges due at the current step (URL replays and fresh changes alike).
    fn apply_due_nudges(&mut self) {
        while let Some(&n) = self.config.nudges.get(self.next_nudge) {
            if n.step > self.steps {
                break;
            }
            self.next_nudge += 1;
            let from = match n.knob {
                Knob::LearningRate => std::mem::replace(&mut self.alpha0, n.value),
                Knob::Momentum => {
                    self.optimizer.momentum = n.value as f32;
                    std::mem::replace(&mut self.beta, n.value)
                }
            };
            if from != n.value {
                self.changes.push(Change {
                    step: self.steps,
                    knob: n.knob,
                    from,
                    to: n.value,
                });
            }
        }
    }

    /// Advances up to `n` mini-batch updates; returns how many were done (fewer once the run
    /// has diverged). The babysitting changes due at the step reached are applied before it
    /// returns (as a learner's press at that step would be), so a run stopped there shows them;
    /// `step(0)` only applies them.
    pub fn step(&mut self, n: usize) -> usize {
        let m = self.config.batch_size;
        for done in 0..n {
            if self.status != Status::Running {
                return done;
            }
            self.apply_due_nudges();
            self.fill_batch(m);
            self.net
                .train_gradients(
                    &mut self.train_ws,
                    &self.batch_x,
                    &self.batch_y,
                    m,
                    &mut self.grads,
                )
                .expect("a config with batch norm has mini-batches of at least 2 (validated)");
            let lr = self.learning_rate() as f32;
            self.optimizer.step(self.net.params_mut(), &self.grads, lr);
            self.steps += 1;
            if !self.net.is_finite() {
                self.net.params_mut().copy_from_slice(&self.last_good);
                self.status = Status::Diverged { step: self.steps };
                self.record();
                return done + 1;
            }
            self.last_good.copy_from_slice(self.net.params());
            if self.trace_every > 0 && self.steps.is_multiple_of(self.trace_every) {
                // The workspace holds this step's mini-batch forward pass; the network the
                // updated γ, β and running averages.
                self.trace.record(self.steps, &self.net, &self.train_ws);
            }
            if self.steps.is_multiple_of(LOSS_WATCH_EVERY) {
                // The gradient pass left this batch's outputs in the workspace (pre-update).
                let (loss, _) = self.net.loss_and_correct(&self.train_ws, &self.batch_y);
                self.loss_watch = 0.9 * self.loss_watch + 0.1 * loss;
                // NaN counts as a blow-up too.
                if self.loss_watch.is_nan() || self.loss_watch > self.blow_up_above {
                    self.status = Status::Diverged { step: self.steps };
                    self.record();
                    return done + 1;
                }
            }
            if self.record_every > 0 && self.steps.is_multiple_of(self.record_every) {
                self.record();
            }
        }
        if self.status == Status::Running {
            self.apply_due_nudges();
        }
        n
    }

    /// Copies the next mini-batch into the batch buffers, reshuffling at each epoch's end
    /// (a final partial batch is dropped).
    fn fill_batch(&mut self, m: usize) {
        if self.cursor + m > self.order.len() {
            self.order.shuffle(&mut self.batch_rng);
            self.cursor = 0;
            self.epoch += 1;
        }
        let train = &self.data.train;
        for (k, &i) in self.order[self.cursor..self.cursor + m].iter().enumerate() {
            let i = i as usize;
            self.batch_x[2 * k] = train.x[2 * i];
            self.batch_x[2 * k + 1] = train.x[2 * i + 1];
            self.batch_y[k] = train.y[i];
        }
        self.cursor += m;
    }

    fn record(&mut self) {
        let train = self.evaluate(Split::Train, Mode::Inference);
        let valid = self.evaluate(Split::Valid, Mode::Inference);
        self.history.push(HistoryPoint {
            step: self.steps,
            epoch: self.epoch,
            train,
            valid,
            learning_rate: self.learning_rate(),
        });
    }

    /// Loss and accuracy over a whole split. In [`Mode::Train`], BN normalizes with the split's
    /// own statistics (one batch of all its points); in [`Mode::Inference`], with the running
    /// averages.
    pub fn evaluate(&mut self, split: Split, mode: Mode) -> Metrics {
        let points: &Points = match split {
            Split::Train => &self.data.train,
            Split::Valid => &self.data.valid,
        };
        if points.is_empty() {
            return Metrics::default();
        }
        if self
            .net
            .forward(&mut self.eval_ws, &points.x, points.len(), mode)
            .is_err()
        {
            // One point in training mode with BN: no batch statistics to speak of.
            return Metrics {
                loss: f64::NAN,
                accuracy: f64::NAN,
            };
        }
        let (loss, correct) = self.net.loss_and_correct(&self.eval_ws, &points.y);
        Metrics {
            loss,
            accuracy: correct as f64 / points.len() as f64,
        }
    }

    /// The network's output over an n × n grid of [−`PLANE_EXTENT`, `PLANE_EXTENT`]²
    /// (at most 256 per side).
    pub fn decision_field(&mut self, n: usize, mode: Mode) -> Field {
        let n = n.clamp(2, 256);
        let extent = PLANE_EXTENT;
        // The views redraw the field every frame at one resolution: build its grid once.
        if self.field_grid.len() != 2 * n * n {
            self.field_grid.clear();
            for row in 0..n {
                for col in 0..n {
                    self.field_grid.push(cell_centre(col, n, extent));
                    self.field_grid.push(-cell_centre(row, n, extent));
                }
            }
        }
        self.net
            .forward(&mut self.eval_ws, &self.field_grid, n * n, mode)
            .expect("a field has at least 2 × 2 points");
        Field {
            n,
            extent,
            classes: self.data.classes,
            values: self.eval_ws.outputs().to_vec(),
        }
    }

    /// A 64-bit FNV-1a hash of every parameter's bits and running statistic: equal across
    /// targets exactly when the runs are bit-identical.
    pub fn fingerprint(&self) -> u64 {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |v: f32| {
            for b in v.to_bits().to_le_bytes() {
                h ^= b as u64;
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        };
        self.net.params().iter().for_each(|&v| eat(v));
        for l in 0..self.net.spec().hidden.len() {
            if let Some((mean, var)) = self.net.running_stats(l) {
                mean.iter().chain(var).for_each(|&v| eat(v));
            }
        }
        h
    }
}

/// Multiply-adds a run of `steps` updates of `config` costs, its curves recorded every
/// `record_every` steps (0: never): an update is about three products per layer over the
/// mini-batch (forward, and the backward pass's two), a record one forward pass over every
/// point; each unit adds a few operations (activation, batch norm). A page turns this into
/// seconds with the machine's measured rate (the caviar's estimate).
pub fn work(config: &Config, steps: u64, record_every: u64) -> f64 {
    let mut dims = vec![2];
    dims.extend(&config.hidden);
    dims.push(crate::nn::NetworkSpec::from_config(config).outputs());
    let per_example: usize = dims.windows(2).map(|w| w[0] * w[1] + 4 * w[1]).sum();
    let records = steps.checked_div(record_every).unwrap_or(0) + 1;
    let per_example = per_example as f64;
    steps as f64 * 3.0 * config.batch_size as f64 * per_example
        + records as f64 * config.points as f64 * per_example
}

/// Centre of cell `i` of `n` across [−extent, extent].
pub fn cell_centre(i: usize, n: usize, extent: f32) -> f32 {
    -extent + (2.0 * extent) * (i as f32 + 0.5) / n as f32
}
