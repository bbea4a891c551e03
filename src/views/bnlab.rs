//! The batch-norm lab (course notes, week 3, §4): what one BN layer does to a mini-batch, and
//! what BN does to training. Pure Rust; `web::bnlab` draws it and the tests check its numbers.
//!
//! A [`Lab`] runs four networks on the same data, all from one [`Config`] (seeds included):
//!
//! - **bn** — the network with BN on every hidden layer. "Inside one BN layer" looks at one of
//!   its units ([`Lab::unit_view`]): the mini-batch's z, μ, σ², z_norm and z̃ = γ·z_norm + β,
//!   the running averages against the batch statistics, γ and β as they are learned, and its
//!   decision field with batch statistics or running averages ([`Lab::field`]);
//! - **plain** — the same network without BN (same data, same seeds, same α and init scale),
//!   trained side by side: push α up and the plain one diverges while the BN one keeps
//!   learning ([`LAB_DEFAULTS`] is such a setting);
//! - **small** and **large** — the BN network at a small and a large mini-batch, to compare
//!   how noisy the batch statistics are and the slight regularization that noise brings. Both
//!   train at [`NOISE_LEARNING_RATE`] rather than the shared α, since a tiny batch at a large α
//!   diverges even with BN, on a small noisy sample of the data ([`noise_config`]) where a
//!   network can overfit.
//!
//! Every network traces its layer statistics at every step
//! ([`crate::train::Trainer::set_trace_every`]), so the curves have one point per update; a
//! lab stops at [`MAX_STEPS`] to bound that memory. The sensitivity map (final validation loss
//! over α × init scale, with and without BN) is a search landscape described by
//! [`sensitivity_query`]; the page fills it in workers.

use crate::config::{BnPlace, Config};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::nn::{Mode, Network, Workspace};
use crate::query::{Query, Reader, Writer};
use crate::search::{CellStatus, Landscape, SearchSpace};
use crate::train::{Field, HistoryPoint, LayerTrace, Metrics, Split, Status, Trace, Trainer};
use crate::views::race::{decode_outcome, RaceSettings};
use crate::views::View;

/// The lab's defaults for the training settings the URL leaves out: circle data, tanh,
/// 2 → 16 → 16 → 1, mini-batch 16, plain SGD at α = 3, init scale 1 (Xavier). At this α the
/// plain network diverges for 19 of 20 seeds tried (14 within 100 steps, all 19 within 225;
/// the 20th keeps training) while the BN one ends the run at ≥ 96% validation accuracy
/// (20 of 20); at α = 2 both learn (0 of 20 diverge; see `tests/bnlab.rs`).
pub const LAB_DEFAULTS: &str = "hidden=16,16&batch=16&lr=3";

/// The lab stops after this many updates (each traced step keeps a row of statistics).
pub const MAX_STEPS: u64 = 3000;

/// The learning rate of the batch-noise runs: small enough that a mini-batch of 2 does not
/// diverge (measured: 0 of 10 seeds diverge at batch 2–8 over 3,000 steps; at α = 3, 10 of 10
/// do at batch 4).
pub const NOISE_LEARNING_RATE: f64 = 0.3;

/// Points of the batch-size runs' data: a small sample of the lab's data set, drawn with the
/// same seed, on which a network can overfit (its training points are half, 80 at the
/// default split), so that the slight regularizing effect of a small batch shows in the gap
/// between training and validation loss. Measured over seeds 1–4 at 3,000 steps: the gap is
/// 0.00–0.03 at batch 4 and 0.09–0.54 at batch 64 (see `tests/bnlab.rs`).
pub const NOISE_POINTS: usize = 160;

/// The noise of the batch-size runs' data (at least; more if the lab's data has more).
pub const NOISE_LEVEL: f64 = 0.35;

/// The config of the batch-size runs: `config` on [`NOISE_POINTS`] points with noise
/// [`NOISE_LEVEL`], at batch `batch` and α = [`NOISE_LEARNING_RATE`].
pub fn noise_config(config: &Config, batch: usize) -> Config {
    Config {
        points: NOISE_POINTS,
        noise: config.noise.max(NOISE_LEVEL),
        batch_size: batch,
        learning_rate: NOISE_LEARNING_RATE,
        batch_norm: true,
        ..config.clone()
    }
}

/// Validation loss below which a run counts as "learned" on the sensitivity map (a guess at
/// chance level is ln 2 ≈ 0.69).
pub const GOOD_LOSS: f64 = 0.2;

/// Cells per side of the sensitivity map: 2 × 400 runs of [`SENSITIVITY_STEPS`] steps, about
/// 1 s natively on one core (measured: 16 × 16 took 0.68 s), a few seconds in the browser on
/// two workers.
pub const SENSITIVITY_N: usize = 20;
/// Training steps of each sensitivity-map run.
pub const SENSITIVITY_STEPS: usize = 600;

/// The training config of a lab: the query's training keys over the lab's defaults
/// ([`View::defaults`], the same values as [`LAB_DEFAULTS`]), with batch norm on (the lab is
/// about it; its plain twin turns it off). A batch size of 1 is refused.
pub fn lab_config(query: &str) -> Result<Config> {
    Config::read(&Query::parse(query)?.with("bn", "1").reader(View::Bnlab))
}

/// The lab's own settings (URL keys beside the training ones).
#[derive(Clone, Debug, PartialEq)]
pub struct LabSettings {
    /// The hidden layer looked at, 0-based (URL `layer`, 1-based as in `z[1]`).
    pub layer: usize,
    /// The unit of that layer looked at, 0-based (URL `unit`, 1-based).
    pub unit: usize,
    /// Which statistics the mode switch selects: the running averages (inference, `true`) or
    /// the batch's own (training). URL `bnMode=running|batch`.
    pub running: bool,
    /// The small mini-batch of the batch-noise comparison (URL `smallBatch`), ≥ 2.
    pub small_batch: usize,
    /// The large mini-batch of the batch-noise comparison (URL `largeBatch`).
    pub large_batch: usize,
    /// The stage of the formula's step-through shown, 0-based (URL `stage`; see
    /// [`FORMULA_STAGES`]).
    pub stage: usize,
    /// Which of the lab's [`PARTS`] parts is shown, 0-based (URL `part`, 1-based).
    pub part: usize,
    /// True when the sensitivity maps were computed (URL `maps=1`): a link computes them on
    /// opening without asking first.
    pub maps: bool,
}

/// The lab's parts: inside one BN layer, training vs inference, what BN does to training,
/// mini-batch size.
pub const PARTS: usize = 4;

impl Default for LabSettings {
    fn default() -> Self {
        LabSettings::read(&Query::default().reader(View::Bnlab))
            .expect("the table's defaults are valid")
    }
}

impl LabSettings {
    /// Reads the lab's keys (1-based `layer` and `unit`, `bnMode`, `smallBatch`,
    /// `largeBatch`, and the picture's `stage`, 1-based `part`, `maps`) through `r`, without the
    /// checks against a config.
    pub fn read(r: &Reader) -> Result<LabSettings> {
        // A batch of one gets the batch-norm explanation rather than a bare range.
        for key in ["smallBatch", "largeBatch"] {
            if r.text(key) == "1" {
                return Err(Error::batch_norm_needs_batch().for_key(key));
            }
        }
        Ok(LabSettings {
            layer: r.count("layer")? - 1,
            unit: r.count("unit")? - 1,
            running: r.choice("bnMode")? == "running",
            small_batch: r.count("smallBatch")?,
            large_batch: r.count("largeBatch")?,
            stage: r.count("stage")?,
            part: r.count("part")? - 1,
            maps: r.flag("maps")?,
        })
    }

    /// Reads the lab's keys from a URL query and checks them against `config` (layer and unit
    /// must exist; batch sizes must be 2..=training points). Other keys are ignored.
    pub fn from_query(query: &str, config: &Config) -> Result<LabSettings> {
        let s = LabSettings::read(&Query::parse(query)?.reader(View::Bnlab))?;
        s.check(config)?;
        Ok(s)
    }

    /// Checks the settings against a config.
    pub fn check(&self, config: &Config) -> Result<()> {
        let layers = config.hidden.len();
        if self.layer >= layers {
            return Err(Error::new(
                Msg::new("error.lab-layer")
                    .num("max", layers as f64)
                    .num("got", (self.layer + 1) as f64),
            )
            .for_key("layer"));
        }
        let units = config.hidden[self.layer];
        if self.unit >= units {
            return Err(Error::new(
                Msg::new("error.lab-unit")
                    .num("layer", (self.layer + 1) as f64)
                    .num("max", units as f64)
                    .num("got", self.unit.wrapping_add(1) as f64),
            )
            .for_key("unit"));
        }
        let n_train = noise_config(config, 2).train_points();
        for (key, m) in [
            ("smallBatch", self.small_batch),
            ("largeBatch", self.large_batch),
        ] {
            if m > n_train {
                return Err(Error::new(
                    Msg::new("error.lab-batch")
                        .msg("label", Msg::label(key))
                        .num("got", m as f64)
                        .num("train", n_train as f64),
                )
                .for_key(key));
            }
        }
        Ok(())
    }

    /// The URL form of the settings that differ from the defaults (1-based layer and unit).
    pub fn to_query(&self) -> String {
        let mut w = Writer::new(View::Bnlab, false);
        w.whole("layer", self.layer as u64 + 1);
        w.whole("unit", self.unit as u64 + 1);
        w.put("bnMode", if self.running { "running" } else { "batch" });
        w.whole("smallBatch", self.small_batch as u64);
        w.whole("largeBatch", self.large_batch as u64);
        w.whole("stage", self.stage as u64);
        w.whole("part", self.part as u64 + 1);
        w.flag("maps", self.maps);
        w.finish()
    }
}

/// Which of the lab's networks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Net {
    /// With BN, at the config's batch size.
    Bn,
    /// Without BN (otherwise identical).
    Plain,
    /// With BN at [`LabSettings::small_batch`].
    Small,
    /// With BN at [`LabSettings::large_batch`].
    Large,
}

/// One unit of one BN layer over the current mini-batch: what the lab shows as histograms,
/// numbers and the step-through of the formula. Every value is the engine's own (the
/// network's forward pass in training mode over the mini-batch, with the current weights).
#[derive(Clone, Debug, PartialEq)]
pub struct UnitView {
    /// Hidden layer, 0-based.
    pub layer: usize,
    /// Unit, 0-based.
    pub unit: usize,
    /// Where BN sits: with [`BnPlace::A`], `z` holds what BN normalizes, a = g(z) (the
    /// formula's and the histograms' "z" is then that a).
    pub place: BnPlace,
    /// z(i) for the m examples of the mini-batch.
    pub z: Vec<f32>,
    /// z_norm(i) = (z(i) − μ)/√(σ² + ε).
    pub z_norm: Vec<f32>,
    /// z̃(i) = γ·z_norm(i) + β.
    pub z_tilde: Vec<f32>,
    /// μ = (1/m) Σ z(i).
    pub mean: f32,
    /// σ² = (1/m) Σ (z(i) − μ)² (biased).
    pub var: f32,
    /// ε.
    pub eps: f32,
    /// γ of the unit.
    pub gamma: f32,
    /// β of the unit.
    pub beta: f32,
    /// Running mean of the unit (what inference uses for μ).
    pub running_mean: f32,
    /// Running (unbiased) variance of the unit (what inference uses for σ²).
    pub running_var: f32,
}

/// The stages of the formula's step-through, in order.
pub const FORMULA_STAGES: [&str; 5] = ["z", "μ", "σ²", "z_norm", "z̃"];

/// One example carried through the formula.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExampleRow {
    /// Its index in the mini-batch, 0-based.
    pub index: usize,
    /// z(i).
    pub z: f32,
    /// z(i) − μ.
    pub centred: f32,
    /// z_norm(i).
    pub z_norm: f32,
    /// z̃(i).
    pub z_tilde: f32,
}

impl UnitView {
    /// Examples in the mini-batch.
    pub fn m(&self) -> usize {
        self.z.len()
    }

    /// √(σ² + ε): the divisor of the normalization.
    pub fn std(&self) -> f32 {
        (self.var + self.eps).sqrt()
    }

    /// `k` examples spread over the batch from the smallest z to the largest (fewer if the
    /// batch is smaller), in increasing z.
    pub fn examples(&self, k: usize) -> Vec<usize> {
        let m = self.m();
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_by(|&a, &b| self.z[a].total_cmp(&self.z[b]));
        let k = k.min(m);
        (0..k)
            .map(|i| {
                let pos = if k == 1 {
                    0
                } else {
                    (i * (m - 1) + (k - 1) / 2) / (k - 1)
                };
                order[pos]
            })
            .collect()
    }

    /// The examples' values at every stage.
    pub fn rows(&self, examples: &[usize]) -> Vec<ExampleRow> {
        examples
            .iter()
            .map(|&i| ExampleRow {
                index: i,
                z: self.z[i],
                centred: self.z[i] - self.mean,
                z_norm: self.z_norm[i],
                z_tilde: self.z_tilde[i],
            })
            .collect()
    }

    /// The identity case: with γ = √(σ² + ε) and β = μ, z̃ = z. Returns those γ and β and the
    /// largest |γ·z_norm + β − z| over the batch they give (float rounding only).
    pub fn identity(&self) -> (f32, f32, f32) {
        let (g, b) = (self.std(), self.mean);
        let err = self
            .z
            .iter()
            .zip(&self.z_norm)
            .map(|(&z, &n)| (g * n + b - z).abs())
            .fold(0.0, f32::max);
        (g, b, err)
    }
}

/// One unit's statistics over the traced steps of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UnitTrace {
    /// Step of each row.
    pub steps: Vec<u64>,
    /// Batch μ.
    pub batch_mean: Vec<f32>,
    /// Batch σ² (biased).
    pub batch_var: Vec<f32>,
    /// Running mean after the step.
    pub running_mean: Vec<f32>,
    /// Running (unbiased) variance after the step.
    pub running_var: Vec<f32>,
    /// γ after the step.
    pub gamma: Vec<f32>,
    /// β after the step.
    pub beta: Vec<f32>,
}

impl UnitTrace {
    /// Column `unit` of a layer's trace.
    pub fn of(trace: &Trace, layer: usize, unit: usize) -> UnitTrace {
        let Some(lt) = trace.layers.get(layer) else {
            return UnitTrace::default();
        };
        let col = |rows: &[f32]| -> Vec<f32> {
            rows.chunks_exact(lt.units.max(1))
                .map(|r| r[unit.min(lt.units.saturating_sub(1))])
                .collect()
        };
        UnitTrace {
            steps: trace.steps.clone(),
            batch_mean: col(&lt.batch_mean),
            batch_var: col(&lt.batch_var),
            running_mean: col(&lt.running_mean),
            running_var: col(&lt.running_var),
            gamma: col(&lt.gamma),
            beta: col(&lt.beta),
        }
    }

    /// Root-mean-square gap between the batch μ and the running mean over the last `window`
    /// traced steps: how much the mini-batch statistics jitter around their average.
    pub fn batch_noise(&self, window: usize) -> f64 {
        let n = self.batch_mean.len().min(self.running_mean.len());
        let start = n.saturating_sub(window);
        if n == start {
            return f64::NAN;
        }
        let ss: f64 = (start..n)
            .map(|i| (self.batch_mean[i] as f64 - self.running_mean[i] as f64).powi(2))
            .sum();
        (ss / (n - start) as f64).sqrt()
    }
}

/// The lab: four runs of one config (see the module docs).
#[derive(Clone, Debug)]
pub struct Lab {
    config: Config,
    settings: LabSettings,
    bn: Trainer,
    plain: Trainer,
    small: Trainer,
    large: Trainer,
    probe: Workspace,
    steps: u64,
    replay_to: u64,
}

impl Lab {
    /// A lab from a URL query: training keys over [`LAB_DEFAULTS`] ([`lab_config`]), the
    /// lab's own keys ([`LabSettings`]) and `at`, the step the link shows ([`Lab::replay_to`]).
    /// Refuses a batch of 1 with BN, and any bad key, with a learner-readable error.
    pub fn from_query(query: &str) -> Result<Lab> {
        let q = Query::parse(query)?.with("bn", "1");
        let r = q.reader(View::Bnlab);
        let config = Config::read(&r)?;
        let settings = LabSettings::read(&r)?;
        let at = r.whole("at")?;
        let mut lab = Lab::new(&config, settings)?;
        lab.replay_to = at.min(MAX_STEPS);
        Ok(lab)
    }

    /// A lab of `config` (batch norm is turned on for the BN runs and off for the plain one).
    pub fn new(config: &Config, settings: LabSettings) -> Result<Lab> {
        let bn_config = Config {
            batch_norm: true,
            ..config.clone()
        };
        bn_config.validate()?;
        settings.check(&bn_config)?;
        let run = |config: Config| -> Result<Trainer> {
            let mut t = Trainer::new(&config)?;
            t.set_trace_every(1);
            Ok(t)
        };
        Ok(Lab {
            bn: run(bn_config.clone())?,
            plain: run(Config {
                batch_norm: false,
                ..bn_config.clone()
            })?,
            small: run(noise_config(&bn_config, settings.small_batch))?,
            large: run(noise_config(&bn_config, settings.large_batch))?,
            config: bn_config,
            settings,
            probe: Workspace::new(),
            steps: 0,
            replay_to: 0,
        })
    }

    /// The training config (batch norm on).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The lab's own settings.
    pub fn settings(&self) -> &LabSettings {
        &self.settings
    }

    /// The URL query of the whole lab as it is now: the config's keys, the lab's, and `at`,
    /// the updates done (opening the query replays to them).
    pub fn query(&self) -> String {
        let mut w = Writer::new(View::Bnlab, false);
        w.append(&self.config.query_in(View::Bnlab, false));
        w.append(&self.settings.to_query());
        w.whole("at", self.steps);
        w.finish()
    }

    /// The step the lab's link showed (URL `at`, at most [`MAX_STEPS`]): the page replays to
    /// it on opening, then pauses. Training is deterministic, so the replay is the picture the
    /// link's sender saw.
    pub fn replay_to(&self) -> u64 {
        self.replay_to
    }

    /// One of the four runs.
    pub fn trainer(&self, net: Net) -> &Trainer {
        match net {
            Net::Bn => &self.bn,
            Net::Plain => &self.plain,
            Net::Small => &self.small,
            Net::Large => &self.large,
        }
    }

    fn trainer_mut(&mut self, net: Net) -> &mut Trainer {
        match net {
            Net::Bn => &mut self.bn,
            Net::Plain => &mut self.plain,
            Net::Small => &mut self.small,
            Net::Large => &mut self.large,
        }
    }

    /// Updates the lab has done: every run takes each one, except a run that has diverged
    /// (it stops there, and the others go on).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// True once [`MAX_STEPS`] are done.
    pub fn finished(&self) -> bool {
        self.steps() >= MAX_STEPS
    }

    /// Advances every run by up to `n` updates (never past [`MAX_STEPS`]); returns the number
    /// of updates done (a diverged run takes none of them).
    pub fn step(&mut self, n: usize) -> usize {
        let n = n.min(MAX_STEPS.saturating_sub(self.steps()) as usize);
        for net in [Net::Bn, Net::Plain, Net::Small, Net::Large] {
            self.trainer_mut(net).step(n);
        }
        self.steps += n as u64;
        n
    }

    /// Looks at another layer and unit (0-based).
    pub fn select(&mut self, layer: usize, unit: usize) -> Result<()> {
        let s = LabSettings {
            layer,
            unit,
            ..self.settings.clone()
        };
        s.check(&self.config)?;
        self.settings = s;
        Ok(())
    }

    /// Switches the mode of the running-averages panel: running averages (inference) or batch
    /// statistics (training).
    pub fn set_running(&mut self, running: bool) {
        self.settings.running = running;
    }

    /// Shows stage `stage` of the formula's step-through (0-based; past the last: the last).
    pub fn set_stage(&mut self, stage: usize) {
        self.settings.stage = stage.min(FORMULA_STAGES.len() - 1);
    }

    /// Shows part `part` of the lab (0-based; past the last: the last).
    pub fn set_part(&mut self, part: usize) {
        self.settings.part = part.min(PARTS - 1);
    }

    /// Records whether the sensitivity maps were computed (so the lab's link computes them).
    pub fn set_maps(&mut self, computed: bool) {
        self.settings.maps = computed;
    }

    /// The BN mode the mode switch selects.
    pub fn mode(&self) -> Mode {
        if self.settings.running {
            Mode::Inference
        } else {
            Mode::Train
        }
    }

    /// The selected unit over the current mini-batch of the BN run: the last mini-batch it
    /// trained on (before the first step, the first `m` training points), passed forward in
    /// training mode through the network as it is now.
    pub fn unit_view(&mut self) -> UnitView {
        let (layer, unit) = (self.settings.layer, self.settings.unit);
        let m = self.config.batch_size;
        let x: &[f32] = if self.bn.steps() == 0 {
            &self.bn.dataset().train.x[..2 * m]
        } else {
            self.bn.last_batch().0
        };
        let net = self.bn.network();
        net.forward(&mut self.probe, x, m, Mode::Train)
            .expect("the lab's mini-batches have at least 2 examples (validated)");
        let units = self.config.hidden[layer];
        let col = |buf: &[f32]| -> Vec<f32> { (0..m).map(|i| buf[i * units + unit]).collect() };
        let z = col(self.probe.bn_input(layer));
        let z_norm = col(self.probe.z_norm(layer));
        let stats = self.probe.stats(layer);
        let gamma = net.gamma(layer).map_or(1.0, |g| g[unit]);
        let beta = net.beta(layer).map_or(0.0, |b| b[unit]);
        let (rm, rv) = net
            .running_stats(layer)
            .map_or((0.0, 1.0), |(rm, rv)| (rm[unit], rv[unit]));
        UnitView {
            layer,
            unit,
            place: self.config.bn_place,
            z_tilde: z_norm.iter().map(|&n| gamma * n + beta).collect(),
            z,
            z_norm,
            mean: stats.mean[unit],
            var: stats.var[unit],
            eps: net.spec().bn.eps,
            gamma,
            beta,
            running_mean: rm,
            running_var: rv,
        }
    }

    /// The selected unit's statistics over the steps of run `net`.
    pub fn unit_trace(&self, net: Net) -> UnitTrace {
        UnitTrace::of(
            self.trainer(net).trace(),
            self.settings.layer,
            self.settings.unit,
        )
    }

    /// The selected layer's trace in run `net` (every unit's γ, β, …).
    pub fn layer_trace(&self, net: Net) -> Option<&LayerTrace> {
        self.trainer(net).trace().layers.get(self.settings.layer)
    }

    /// Validation loss and accuracy of the BN run with batch statistics (training mode: the
    /// validation set normalized as one batch by its own μ, σ²) and with the running averages
    /// (inference mode), in that order.
    pub fn mode_metrics(&mut self) -> [Metrics; 2] {
        [
            self.bn.evaluate(Split::Valid, Mode::Train),
            self.bn.evaluate(Split::Valid, Mode::Inference),
        ]
    }

    /// The decision field of run `net` over an n × n grid, in `mode` (BN runs only; the plain
    /// run has no statistics and is the same in both).
    pub fn field(&mut self, net: Net, n: usize, mode: Mode) -> Field {
        self.trainer_mut(net).decision_field(n, mode)
    }

    /// "training" or the divergence message of run `net`.
    pub fn status_message(&self, net: Net) -> String {
        let t = self.trainer(net);
        t.status().message(t.config())
    }

    /// True once run `net` has diverged.
    pub fn diverged(&self, net: Net) -> bool {
        matches!(self.trainer(net).status(), Status::Diverged { .. })
    }

    /// Every number and text the page shows, with the formula at the lab's stage (see
    /// [`Lab::set_stage`]) and `examples` examples carried through it.
    pub fn readout(&mut self, examples: usize) -> Readout {
        let stage = self.settings.stage;
        let v = self.unit_view();
        let rows = v.rows(&v.examples(examples));
        let [batch_mode, running_mode] = self.mode_metrics();
        let batch_run = |net: Net, batch: usize| BatchRun {
            batch,
            jitter: Some(self.unit_trace(net).batch_noise(NOISE_WINDOW)).filter(|j| j.is_finite()),
            run: RunSummary::of(self.trainer(net)),
        };
        Readout {
            steps: self.steps(),
            max_steps: MAX_STEPS,
            layer_units: self.config.hidden.clone(),
            layer: self.settings.layer,
            unit: self.settings.unit,
            running: self.settings.running,
            stage,
            part: self.settings.part,
            maps: self.settings.maps,
            replay_to: self.replay_to,
            place: self.config.bn_place,
            numbers: UnitNumbers::of(&v),
            examples: rows,
            formula: crate::render::bnlab::formula(&v, stage),
            stages: FORMULA_STAGES.len(),
            batch_mode,
            running_mode,
            plain: RunSummary::of(&self.plain),
            bn: RunSummary::of(&self.bn),
            noise_learning_rate: NOISE_LEARNING_RATE,
            noise_points: self.small.config().points,
            noise_level: self.small.config().noise,
            small: batch_run(Net::Small, self.settings.small_batch),
            large: batch_run(Net::Large, self.settings.large_batch),
        }
    }
}

impl Lab {
    /// The numbers behind the view, as tables (one CSV file each): the selected unit's
    /// mini-batch (`batch`), its statistics at every step of the BN run (`statistics`), and
    /// both runs' learning curves (`curves`; a run that diverged has no values after it).
    pub fn tables(&mut self) -> Vec<Table> {
        let v = self.unit_view();
        let batch = (0..v.m())
            .map(|i| {
                let z = v.z[i] as f64;
                nums(&[
                    i as f64 + 1.0,
                    z,
                    z - v.mean as f64,
                    v.z_norm[i] as f64,
                    v.z_tilde[i] as f64,
                ])
            })
            .collect();
        let t = self.unit_trace(Net::Bn);
        let statistics = (0..t.steps.len())
            .map(|i| {
                nums(&[
                    t.steps[i] as f64,
                    t.batch_mean[i] as f64,
                    t.batch_var[i] as f64,
                    t.running_mean[i] as f64,
                    t.running_var[i] as f64,
                    t.gamma[i] as f64,
                    t.beta[i] as f64,
                ])
            })
            .collect();
        vec![
            Table {
                name: "batch",
                columns: &["example", "z", "z_minus_mu", "z_norm", "z_tilde"],
                rows: batch,
            },
            Table {
                name: "statistics",
                columns: &[
                    "step",
                    "batch_mean",
                    "batch_var",
                    "running_mean",
                    "running_var",
                    "gamma",
                    "beta",
                ],
                rows: statistics,
            },
            Table {
                name: "curves",
                columns: &[
                    "step",
                    "bn_train_loss",
                    "bn_valid_loss",
                    "bn_valid_accuracy",
                    "plain_train_loss",
                    "plain_valid_loss",
                    "plain_valid_accuracy",
                ],
                rows: curves(self.bn.history(), self.plain.history()),
            },
        ]
    }
}

/// The rows of two learning curves side by side, by step (a step one run lacks: empty cells).
fn curves(a: &[HistoryPoint], b: &[HistoryPoint]) -> Vec<Vec<Cell>> {
    let mut steps: Vec<u64> = a.iter().chain(b).map(|h| h.step).collect();
    steps.sort_unstable();
    steps.dedup();
    let cells = |run: &[HistoryPoint], step: u64| match run.iter().find(|h| h.step == step) {
        Some(h) => nums(&[h.train.loss, h.valid.loss, h.valid.accuracy]),
        None => vec![Cell::Empty; 3],
    };
    steps
        .into_iter()
        .map(|step| {
            let mut row = vec![Cell::Num(step as f64)];
            row.extend(cells(a, step));
            row.extend(cells(b, step));
            row
        })
        .collect()
}

fn nums(values: &[f64]) -> Vec<Cell> {
    values.iter().map(|&v| Cell::Num(v)).collect()
}

/// One cell of an exported table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// A number.
    Num(f64),
    /// A word (a map cell's status).
    Text(&'static str),
    /// Nothing (a step a run did not reach, a cell not evaluated).
    Empty,
}

/// A table of the numbers behind the view: one CSV file.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The table's name (the CSV file's suffix).
    pub name: &'static str,
    /// Column names.
    pub columns: &'static [&'static str],
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

/// The numbers of the selected unit over the current mini-batch, as the page shows them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UnitNumbers {
    /// Examples in the mini-batch.
    pub m: usize,
    /// μ.
    pub mean: f32,
    /// σ² (biased).
    pub var: f32,
    /// ε.
    pub eps: f32,
    /// √(σ² + ε).
    pub std: f32,
    /// γ.
    pub gamma: f32,
    /// β.
    pub beta: f32,
    /// Running mean.
    pub running_mean: f32,
    /// Running (unbiased) variance.
    pub running_var: f32,
    /// Largest |z̃ − z| with γ = √(σ² + ε), β = μ (float rounding only).
    pub identity_error: f32,
}

impl UnitNumbers {
    /// The numbers of a unit view.
    pub fn of(v: &UnitView) -> UnitNumbers {
        UnitNumbers {
            m: v.m(),
            mean: v.mean,
            var: v.var,
            eps: v.eps,
            std: v.std(),
            gamma: v.gamma,
            beta: v.beta,
            running_mean: v.running_mean,
            running_var: v.running_var,
            identity_error: v.identity().2,
        }
    }
}

/// Where one of the lab's runs is: its status and its latest recorded metrics.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary {
    /// The update at which it diverged, if it did.
    pub diverged_at: Option<u64>,
    /// "training", or the divergence message.
    pub status: String,
    /// The step of the metrics below.
    pub recorded_at: u64,
    /// Loss and accuracy on the training points (inference mode), as last recorded.
    pub train: Metrics,
    /// Loss and accuracy on the validation points (inference mode), as last recorded.
    pub valid: Metrics,
}

impl RunSummary {
    fn of(t: &Trainer) -> RunSummary {
        let h = t
            .history()
            .last()
            .copied()
            .unwrap_or_else(|| unreachable!("a trainer records step 0 when it is created"));
        RunSummary {
            diverged_at: match t.status() {
                Status::Diverged { step } => Some(step),
                Status::Running => None,
            },
            status: t.status().message(t.config()),
            recorded_at: h.step,
            train: h.train,
            valid: h.valid,
        }
    }

    /// Validation loss minus training loss: how much worse the network does on points it
    /// never trained on (the generalization gap).
    pub fn loss_gap(&self) -> f64 {
        self.valid.loss - self.train.loss
    }
}

/// One run of the batch-noise comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct BatchRun {
    /// Its mini-batch size.
    pub batch: usize,
    /// RMS gap between the batch μ and the running mean over the last [`NOISE_WINDOW`] steps
    /// (`None` before the first step: there is no batch μ yet).
    pub jitter: Option<f64>,
    /// Status and metrics.
    pub run: RunSummary,
}

/// Steps over which [`BatchRun::jitter`] is measured.
pub const NOISE_WINDOW: usize = 200;

/// Everything the page shows as numbers and text in one frame, from one call.
#[derive(Clone, Debug, PartialEq)]
pub struct Readout {
    /// Updates done.
    pub steps: u64,
    /// The lab stops after this many.
    pub max_steps: u64,
    /// Units of every hidden layer.
    pub layer_units: Vec<usize>,
    /// The selected layer and unit, 0-based.
    pub layer: usize,
    /// See [`Readout::layer`].
    pub unit: usize,
    /// True when the mode switch selects the running averages.
    pub running: bool,
    /// The formula's stage shown, 0-based.
    pub stage: usize,
    /// The lab's part shown, 0-based.
    pub part: usize,
    /// True when the sensitivity maps were computed (the link computes them on opening).
    pub maps: bool,
    /// The step the lab's link showed (the page replays to it on opening).
    pub replay_to: u64,
    /// Where BN sits (on z or on a).
    pub place: BnPlace,
    /// The selected unit's numbers over the current mini-batch.
    pub numbers: UnitNumbers,
    /// Some examples of the mini-batch carried through the formula, by increasing z.
    pub examples: Vec<ExampleRow>,
    /// The formula of the asked stage with the batch's numbers.
    pub formula: String,
    /// Stages of the formula's step-through.
    pub stages: usize,
    /// Validation metrics of the BN run with batch statistics (training mode).
    pub batch_mode: Metrics,
    /// Validation metrics of the BN run with the running averages (inference mode).
    pub running_mode: Metrics,
    /// The run without BN.
    pub plain: RunSummary,
    /// The run with BN.
    pub bn: RunSummary,
    /// The learning rate of the batch-noise runs.
    pub noise_learning_rate: f64,
    /// Points and noise of the batch-noise runs' data.
    pub noise_points: usize,
    /// See [`Readout::noise_points`].
    pub noise_level: f64,
    /// The batch-noise run at the small mini-batch.
    pub small: BatchRun,
    /// The batch-noise run at the large mini-batch.
    pub large: BatchRun,
}

/// The sensitivity map of `config` with batch norm on or off, as a search "race" query: the
/// config's keys, then a real-objective landscape of [`SENSITIVITY_N`]² cells over learning
/// rate α (log scale, 0.01..10, x) × init scale (log scale, 0.1..10, y), each cell trained
/// [`SENSITIVITY_STEPS`] steps and scored by its final validation loss (inference mode). The
/// page hands this query to the workers' `raceCells` job, which evaluates cells of exactly
/// [`sensitivity_race`]'s landscape.
pub fn sensitivity_query(config: &Config, batch_norm: bool) -> String {
    let c = Config {
        batch_norm,
        ..config.clone()
    };
    let mut w = Writer::new(View::Race, true);
    w.append(&c.query_in(View::Race, false));
    for (key, value) in [
        ("objective", "real"),
        ("xAxis", "lr"),
        ("xScale", "log"),
        ("xMin", "0.01"),
        ("xMax", "10"),
        ("yAxis", "initScale"),
        ("yScale", "log"),
        ("yMin", "0.1"),
        ("yMax", "10"),
    ] {
        w.put(key, value);
    }
    w.whole("steps", SENSITIVITY_STEPS as u64);
    w.whole("mapSize", SENSITIVITY_N as u64);
    w.finish()
}

/// The settings behind [`sensitivity_query`]: their `landscape()` is the empty map, their
/// `objective()` what scores a cell, their `space()` the two axes.
pub fn sensitivity_race(config: &Config, batch_norm: bool) -> Result<RaceSettings> {
    RaceSettings::from_query(&sensitivity_query(config, batch_norm))
}

/// How long the sensitivity maps may take before the page asks first (seconds).
pub const MAPS_ASK_ABOVE_S: f64 = 60.0;
/// How long the sensitivity maps may take at most (seconds): more is refused.
pub const MAPS_REFUSE_ABOVE_S: f64 = 600.0;
/// The longest one cell may take (seconds) per worker: with cells finishing on every worker,
/// a map's progress then moves at least about every second.
pub const MAPS_CELL_MAX_S: f64 = 1.0;

/// What the sensitivity maps cost, in multiply-adds (the unit a calibration run measures).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapCost {
    /// Networks trained (both maps).
    pub trainings: usize,
    /// Steps of each.
    pub steps: usize,
    /// Multiply-adds of one training: forward and backward over `steps` mini-batches, plus
    /// the evaluations of the training and validation points.
    pub per_training: f64,
    /// Multiply-adds of a training step of the network (forward + backward of one batch).
    pub per_step: f64,
}

impl MapCost {
    /// The cost of the maps of `config` (BN on): every cell trains the same network at the
    /// same batch size; only α and init scale differ.
    pub fn of(config: &Config) -> MapCost {
        let macs = Network::from_config(config).params().len() as f64;
        let per_step = 3.0 * macs * config.batch_size as f64;
        let evaluations = (config.points + config.points - config.train_points()) as f64 * macs;
        MapCost {
            trainings: 2 * SENSITIVITY_N * SENSITIVITY_N,
            steps: SENSITIVITY_STEPS,
            per_training: per_step * SENSITIVITY_STEPS as f64 + evaluations,
            per_step,
        }
    }

    /// Multiply-adds of both maps.
    pub fn total(&self) -> f64 {
        self.per_training * self.trainings as f64
    }
}

/// What the page should do about the maps' cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Start at once.
    Start,
    /// Show the estimate and start when the learner asks.
    Ask,
    /// Refuse: it cannot finish in reasonable time (see [`Estimate::knob`]).
    Refuse,
}

/// The maps' estimated duration on this machine.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// Seconds for both maps on the given workers.
    pub seconds: f64,
    /// Seconds per cell on one worker.
    pub cell_seconds: f64,
    /// Cells per progress message so that one arrives about twice a second per worker.
    pub chunk: usize,
    /// What to do.
    pub verdict: Verdict,
    /// For a refusal: the setting to lower and the message (tied to that key).
    pub refusal: Option<Error>,
}

/// The setting that makes the maps expensive: the biggest factor of their cost among the
/// batch size, the network's width and depth, and the number of points.
fn costliest_knob(config: &Config) -> &'static str {
    let lab = lab_config("").expect("the lab's defaults are valid");
    let width = Network::from_config(config).params().len() as f64
        / Network::from_config(&lab).params().len() as f64;
    let batch = config.batch_size as f64 / lab.batch_size as f64;
    let points = config.points as f64 / lab.points as f64 / SENSITIVITY_STEPS as f64;
    if batch >= width && batch >= points {
        "batch"
    } else if width >= points {
        "hidden"
    } else {
        "points"
    }
}

/// The two sensitivity maps (without and with BN) of a lab config, filled cell by cell by the
/// workers (see [`sensitivity_query`]): progress, counts, titles, cost.
#[derive(Clone, Debug)]
pub struct Maps {
    config: Config,
    space: SearchSpace,
    maps: [Landscape; 2],
}

/// Counts of one filled map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MapCounts {
    /// Cells evaluated.
    pub filled: usize,
    /// Cells that learned (validation loss below [`GOOD_LOSS`]).
    pub learned: usize,
    /// Cells that diverged or failed.
    pub diverged: usize,
}

impl Maps {
    /// Empty maps for the lab config of a URL query.
    pub fn from_query(query: &str) -> Result<Maps> {
        let config = lab_config(query)?;
        let (plain, bn) = (
            sensitivity_race(&config, false)?,
            sensitivity_race(&config, true)?,
        );
        Ok(Maps {
            space: plain.space(),
            maps: [plain.landscape(), bn.landscape()],
            config,
        })
    }

    /// The maps' space (α × init scale).
    pub fn space(&self) -> &SearchSpace {
        &self.space
    }

    /// The map without (`bn` false) or with BN.
    pub fn map(&self, bn: bool) -> &Landscape {
        &self.maps[usize::from(bn)]
    }

    /// The same for equal maps: the query without α and init scale (the axes).
    pub fn key(&self) -> String {
        let c = Config {
            learning_rate: 1.0,
            init_scale: 1.0,
            ..self.config.clone()
        };
        sensitivity_query(&c, true)
    }

    /// The race query the workers evaluate for the map without or with BN.
    pub fn query(&self, bn: bool) -> String {
        sensitivity_query(&self.config, bn)
    }

    /// Every cell index once, coarse to fine.
    pub fn order(&self) -> &[usize] {
        self.maps[0].order()
    }

    /// Stores evaluated cells' encoded outcomes (score, +∞ diverged, −∞ failed; NaN: none).
    pub fn record(&mut self, bn: bool, cells: &[u32], results: &[f64]) {
        let map = &mut self.maps[usize::from(bn)];
        for (&c, &r) in cells.iter().zip(results) {
            if let Some(outcome) = decode_outcome(r) {
                map.record(c as usize, &outcome);
            }
        }
    }

    /// Cells per map.
    pub fn cells_per_map(&self) -> usize {
        self.maps[0].n() * self.maps[0].n()
    }

    /// Every cell's value and status of the map without or with BN as its preview shows it:
    /// an evaluated cell as itself, a pending one as its nearest evaluated block (a coarse
    /// picture that sharpens), `NaN`/pending where nothing is evaluated yet.
    pub fn preview(&self, bn: bool) -> (Vec<f64>, Vec<CellStatus>) {
        let map = self.map(bn);
        map.preview_sources()
            .into_iter()
            .map(|src| match src {
                Some(s) => (map.values()[s], map.status()[s]),
                None => (f64::NAN, CellStatus::Pending),
            })
            .unzip()
    }

    /// Counts of the map without (`bn` false) or with BN.
    pub fn counts(&self, bn: bool) -> MapCounts {
        let m = self.map(bn);
        MapCounts {
            filled: m.progress().filled,
            learned: good_cells(m.values(), m.status()),
            diverged: diverged_cells(m.status()),
        }
    }

    /// True when both maps are filled.
    pub fn done(&self) -> bool {
        self.maps.iter().all(|m| m.progress().is_done())
    }

    /// The title of each map ("without BN: 12 of 400 runs learned", or its progress).
    pub fn titles(&self) -> [String; 2] {
        [false, true].map(|bn| {
            let c = self.counts(bn);
            let who = Msg::new(if bn {
                "bnlab.with-bn"
            } else {
                "bnlab.without-bn"
            });
            let id = if c.filled == self.cells_per_map() {
                "bnlab.map.title-done"
            } else {
                "bnlab.map.title-running"
            };
            Msg::new(id)
                .msg("who", who)
                .num("learned", c.learned as f64)
                .num("filled", c.filled as f64)
                .num("total", self.cells_per_map() as f64)
                .render()
        })
    }

    /// Every cell of both maps as a table (`maps`): the map (0 without BN, 1 with), the cell's
    /// α and init scale, its final validation loss (empty unless scored) and its status.
    pub fn table(&self) -> Table {
        let rows = [false, true]
            .into_iter()
            .flat_map(|bn| {
                let map = self.map(bn);
                (0..self.cells_per_map()).map(move |i| {
                    let p = map.cell_point(i);
                    let status = map.status()[i];
                    let loss = match status {
                        CellStatus::Scored => Cell::Num(map.values()[i]),
                        _ => Cell::Empty,
                    };
                    let word = match status {
                        CellStatus::Pending => "pending",
                        CellStatus::Scored => "scored",
                        CellStatus::Diverged => "diverged",
                        CellStatus::Failed => "failed",
                    };
                    vec![
                        Cell::Num(f64::from(u8::from(bn))),
                        Cell::Num(p[0]),
                        Cell::Num(p[1]),
                        loss,
                        Cell::Text(word),
                    ]
                })
            })
            .collect();
        Table {
            name: "maps",
            columns: &["bn", "alpha", "init_scale", "valid_loss", "status"],
            rows,
        }
    }

    /// What the maps cost.
    pub fn cost(&self) -> MapCost {
        MapCost::of(&self.config)
    }

    /// Trains one cell's network (the lab's α and init scale) for up to `steps` steps as a
    /// calibration run; returns the multiply-adds done (the page times it).
    pub fn calibrate(&self, steps: usize) -> f64 {
        let Ok(mut t) = Trainer::new(&self.config) else {
            return 0.0;
        };
        t.set_record_every(0);
        let done = t.step(steps.max(1));
        done as f64 * self.cost().per_step
    }

    /// Steps of a calibration run worth about `work` multiply-adds (at least 1).
    pub fn calibration_steps(&self, work: f64) -> usize {
        ((work / self.cost().per_step).floor() as usize).clamp(1, SENSITIVITY_STEPS)
    }

    /// How long the maps take at `macs_per_ms` multiply-adds per millisecond per worker on
    /// `workers` workers, and whether to start, ask or refuse.
    pub fn estimate(&self, macs_per_ms: f64, workers: usize) -> Estimate {
        let cost = self.cost();
        let rate = macs_per_ms.max(1e-9) * 1000.0;
        let cell_seconds = cost.per_training / rate;
        let seconds = cost.total() / rate / workers.max(1) as f64;
        let chunk = ((0.5 / cell_seconds).floor() as usize).clamp(1, 16);
        let too_long =
            seconds > MAPS_REFUSE_ABOVE_S || cell_seconds / workers.max(1) as f64 > MAPS_CELL_MAX_S;
        let verdict = if too_long {
            Verdict::Refuse
        } else if seconds > MAPS_ASK_ABOVE_S {
            Verdict::Ask
        } else {
            Verdict::Start
        };
        let refusal = too_long.then(|| {
            let knob = costliest_knob(&self.config);
            Error::new(
                Msg::new("error.lab-maps-too-long")
                    .text("time", minutes(seconds))
                    .num("limit", MAPS_REFUSE_ABOVE_S / 60.0)
                    .msg("label", Msg::label(knob)),
            )
            .for_key(knob)
        });
        Estimate {
            seconds,
            cell_seconds,
            chunk,
            verdict,
            refusal,
        }
    }
}

/// A duration for a message: "45 s", "12 min", "3.5 h".
pub fn minutes(seconds: f64) -> String {
    let f = crate::render::axis::format_value;
    if seconds < 90.0 {
        Msg::new("bnlab.seconds")
            .text("n", f(seconds.round().max(1.0)))
            .render()
    } else if seconds < 5400.0 {
        Msg::new("bnlab.minutes")
            .text("n", f((seconds / 60.0).round()))
            .render()
    } else {
        Msg::new("bnlab.hours")
            .text("n", f((seconds / 360.0).round() / 10.0))
            .render()
    }
}

/// Cells of a filled map that "learned": scored with a validation loss below [`GOOD_LOSS`].
pub fn good_cells(values: &[f64], status: &[CellStatus]) -> usize {
    values
        .iter()
        .zip(status)
        .filter(|(&v, &s)| s == CellStatus::Scored && v < GOOD_LOSS)
        .count()
}

/// Cells of a map that diverged (or failed).
pub fn diverged_cells(status: &[CellStatus]) -> usize {
    status
        .iter()
        .filter(|&&s| matches!(s, CellStatus::Diverged | CellStatus::Failed))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_round_trip_and_check() {
        let c = lab_config("").unwrap();
        let s = LabSettings {
            layer: 1,
            unit: 15,
            running: false,
            small_batch: 2,
            large_batch: 80,
            stage: 3,
            part: 2,
            maps: true,
        };
        assert_eq!(LabSettings::from_query(&s.to_query(), &c).unwrap(), s);
        assert_eq!(LabSettings::default().to_query(), "");
        assert!(LabSettings::from_query("layer=3", &c).is_err());
        assert!(LabSettings::from_query("unit=17", &c).is_err());
        assert!(LabSettings::from_query("unit=0", &c).is_err());
        assert!(LabSettings::from_query("bnMode=x", &c).is_err());
    }

    #[test]
    fn examples_span_the_batch() {
        let v = UnitView {
            layer: 0,
            unit: 0,
            place: BnPlace::Z,
            z: vec![3.0, 1.0, 2.0, 0.0, 5.0],
            z_norm: vec![0.0; 5],
            z_tilde: vec![0.0; 5],
            mean: 0.0,
            var: 0.0,
            eps: 1e-5,
            gamma: 1.0,
            beta: 0.0,
            running_mean: 0.0,
            running_var: 1.0,
        };
        assert_eq!(v.examples(3), vec![3, 2, 4]);
        assert_eq!(v.examples(9), vec![3, 1, 2, 0, 4]);
    }
}
