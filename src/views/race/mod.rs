//! The "Grid vs random" race (course notes, week 3, §1): its settings, read from and written to
//! the page's URL, its three strategies over one budget and 2 to 4 hyperparameters, the fair
//! repeats that make its point, and its objective.
//!
//! - [`RaceSettings`] (this file): the URL's race keys — `budget`, the axes `x`, `y` and
//!   optionally `z`, `w` (`{slot}Axis`/`{slot}Scale`/`{slot}Min`/`{slot}Max`; an empty scale or
//!   end is the hyperparameter's course default, [`HyperParam::default_axis`]), `map` (which
//!   two axes the landscape shows), `objective`, `importance`, `steps`, `searchSeed`,
//!   `mapSize`, `zoom` (a coarse-to-fine box `x0,x1,y0,y1` over the map's two axes), `dark`,
//!   `repeats`, `studyTrials` — and the plan of every repeat: its grid origin, its training
//!   seeds and its points. The training keys of the same URL are the base config of every
//!   trial.
//! - [`board::Race`]: what the page records and shows (results, bests, regret, wins, bands).
//! - [`work::Runner`]: trains a list of tasks a slice of steps at a time (the workers' side).
//! - [`study::Study`]: "Which hyperparameters matter?", a random search over the course's list.
//! - [`cost`]: what a run costs, estimated before it starts.
//!
//! **Fair repeats.** Repeat 0 is the race on the page: a centred grid, the URL's training
//! seeds. Repeat r ≥ 1 draws, from `searchSeed` and r, a fresh grid origin (the same spacing,
//! shifted), fresh random points, and fresh training seeds (`initSeed`, `batchSeed`) *shared by
//! every trial of all three strategies within the repeat*: the strategies are compared on where
//! they search, not on training noise. The synthetic objective's optimum is drawn afresh for
//! every repeat (repeat 0 included).
//!
//! When an axis is one of Adam's (β1, β2, ε) and the URL sets no `optimizer`, the trials train
//! with Adam (and with momentum for a momentum axis): otherwise that axis would change nothing.

pub mod board;
pub mod cost;
pub mod export;
pub mod snippet;
pub mod study;
pub mod work;

use crate::config::{Config, OptimizerKind};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::query::{self, Query, Reader, Writer};
use crate::rng;
use crate::search::landscape::Landscape;
use crate::search::objective::{Objective, Outcome, SyntheticObjective, Trial};
use crate::search::real::RealObjective;
use crate::search::space::{Axis, HyperParam, Point, Scale, SearchSpace};
use crate::search::strategy::{check_budget, Strategy, UnitBox};
use crate::settings::MAX_SEED;
use crate::views::View;
use rand::Rng;

pub use board::Race;

/// The strategies of a race, in panel order: grid, random uniform in value, random on scale.
pub const STRATEGIES: usize = 3;

/// The strategies' ids in panel order, as the data export names them.
pub const STRATEGY_IDS: [&str; STRATEGIES] = ["grid", "uniform", "scale"];

/// The URL prefixes of the axes, in order: x and y always, z and w when chosen.
pub const SLOTS: [&str; 4] = ["x", "y", "z", "w"];

/// The most hyperparameters a race searches at once.
pub const MAX_AXES: usize = SLOTS.len();

/// Which objective a race scores its trials with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectiveKind {
    /// Train a network per trial and score its validation loss ([`RealObjective`]).
    Real,
    /// The instant formula of [`SyntheticObjective`].
    Synthetic,
}

impl ObjectiveKind {
    /// The URL value.
    pub fn key(self) -> &'static str {
        match self {
            ObjectiveKind::Real => "real",
            ObjectiveKind::Synthetic => "synthetic",
        }
    }
}

/// Everything a race needs, parsed and checked.
#[derive(Clone, Debug)]
pub struct RaceSettings {
    /// The searched axes, 2 to [`MAX_AXES`], in slot order (x, y, z, w). The course's picture:
    /// x matters (the learning rate α), the others barely.
    pub axes: Vec<Axis>,
    /// The two axes (indices into `axes`) the landscape and the panels show: x across, y up.
    pub plot: [usize; 2],
    /// Trials per strategy.
    pub budget: usize,
    /// Real training or the synthetic formula.
    pub objective: ObjectiveKind,
    /// The synthetic objective's importance ratio s.
    pub importance: f64,
    /// Training steps per real trial.
    pub steps: usize,
    /// Seed of the random draws.
    pub seed: u64,
    /// Landscape cells per side.
    pub map_size: usize,
    /// The coarse-to-fine box over the two shown axes, if the learner drew one.
    pub zoom: Option<UnitBox>,
    /// Hide the landscape until the searches have finished ("search in the dark").
    pub dark: bool,
    /// How many fair repeats "Repeat" runs.
    pub repeats: usize,
    /// Trials of the "Which hyperparameters matter?" study.
    pub study_trials: usize,
    /// The picture a link shows: the fair repeats were run (`repeated`; opening the link
    /// runs them again), the study was run (`study`), the landscape is shown once the searches
    /// finish (`landscape`; off: hidden until the learner reveals it).
    pub picture: Picture,
    /// The training config every real trial starts from.
    pub base: Config,
    /// Why the optimizer was chosen for the learner, or why an axis may change nothing.
    pub note: Option<Msg>,
}

/// What a link to a race shows beyond its settings (see [`RaceSettings::picture`]): none of
/// it changes a trial or the landscape, only what the page runs and draws once it is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Picture {
    /// The fair repeats were run (`repeated=1`).
    pub repeated: bool,
    /// "Which hyperparameters matter?" was run (`study=1`).
    pub study: bool,
    /// The landscape is shown once the searches finish (`landscape=0`: kept hidden).
    pub landscape: bool,
}

/// The default x axis: α on a log scale over the course's [1e-4, 1].
pub const DEFAULT_X: HyperParam = HyperParam::LearningRate;
/// The default y axis: Adam's β2 on the 1 − 10^r scale over [0.99, 0.9999].
pub const DEFAULT_Y: HyperParam = HyperParam::AdamBeta2;

/// The URL names of the map's axis pairs (`map`), as (x, y) slot indices.
pub const MAPS: [(&str, [usize; 2]); 6] = [
    ("xy", [0, 1]),
    ("xz", [0, 2]),
    ("yz", [1, 2]),
    ("xw", [0, 3]),
    ("yw", [1, 3]),
    ("zw", [2, 3]),
];

/// Reads the axis of slot `prefix` from `{prefix}Axis`, `{prefix}Scale`, `{prefix}Min`,
/// `{prefix}Max` (`None` for a slot set to `none`); an empty scale or end means the
/// hyperparameter's course default ([`HyperParam::default_axis`]). A refusal names the key at
/// fault. A batch-size axis must fit the training set (and start at 2 with batch norm): a range
/// with impossible settings is refused here, before any trial is drawn in it.
fn read_axis(r: &Reader, prefix: &str, base: &Config) -> Result<Option<Axis>> {
    let key = |k: &str| format!("{prefix}{k}");
    let Some(param) = HyperParam::parse(r.choice(&key("Axis"))?) else {
        return Ok(None);
    };
    let default_axis = param.default_axis();
    let scale = match r.text(&key("Scale")) {
        "" => default_axis.scale(),
        _ => Scale::parse(r.choice(&key("Scale"))?).expect("the table lists scales"),
    };
    let end = |k: &str, fallback: f64| -> Result<f64> {
        match r.text(&key(k)) {
            "" => Ok(fallback),
            v => query::number(&key(k), v),
        }
    };
    let lo = end("Min", default_axis.lo())?;
    let hi = end("Max", default_axis.hi())?;
    let axis = Axis::new(param, scale, lo, hi).map_err(|e| {
        let at = match e.message_id() {
            "error.axis-scale-kind" => "Scale",
            "error.axis-outside" if !param.allows_value(lo) => "Min",
            "error.axis-outside" => "Max",
            _ => "Min",
        };
        e.for_key(&key(at))
    })?;
    if param == HyperParam::BatchSize && axis.scale() != Scale::Categorical {
        let train = base.train_points();
        if axis.hi() > train as f64 {
            return Err(Error::new(
                Msg::new("error.race-batch-axis")
                    .msg("name", param.label())
                    .num("hi", axis.hi())
                    .num("train", train as f64),
            )
            .for_key(&key("Max")));
        }
        if base.batch_norm && axis.lo() < 2.0 {
            return Err(Error::new(
                Msg::new("error.race-batch-axis-bn")
                    .msg("name", param.label())
                    .num("lo", axis.lo()),
            )
            .for_key(&key("Min")));
        }
    }
    Ok(Some(axis))
}

impl Default for RaceSettings {
    fn default() -> Self {
        RaceSettings::from_query("").expect("the default race is valid")
    }
}

impl RaceSettings {
    /// Parses the race keys of a URL query (the training keys are the base config), with the
    /// first problem tied to its key.
    pub fn from_query(query: &str) -> Result<RaceSettings> {
        RaceSettings::read(&Query::parse(query)?.reader(View::Race))
    }

    /// Reads the race's settings through `r`.
    pub fn read(r: &Reader) -> Result<RaceSettings> {
        let mut base = Config::read(r)?;
        let budget = r.count("budget")?;
        check_budget(budget)?;
        let mut axes = Vec::new();
        for (i, prefix) in SLOTS.iter().enumerate() {
            if let Some(axis) = read_axis(r, prefix, &base)? {
                {
                    if let Some(same) = axes.iter().find(|a: &&Axis| a.param() == axis.param()) {
                        return Err(Error::new(
                            Msg::new("error.axis-twice").msg("name", same.param().label()),
                        )
                        .for_key(&format!("{prefix}Axis")));
                    }
                    if axes.len() < i {
                        return Err(Error::new(Msg::new("error.race-axis-gap"))
                            .for_key(&format!("{prefix}Axis")));
                    }
                    axes.push(axis);
                }
            }
        }
        let space = SearchSpace::new(axes.clone()).map_err(|e| e.or_key("yAxis"))?;
        let need = 1usize << space.len();
        if budget < need {
            return Err(Error::new(
                Msg::new("error.race-grid-budget")
                    .num("axes", space.len() as f64)
                    .num("need", need as f64)
                    .num("got", budget as f64),
            )
            .for_key("budget"));
        }
        let map = r.choice("map")?;
        let plot = MAPS
            .iter()
            .find(|(name, _)| *name == map)
            .map(|(_, p)| *p)
            .expect("the table lists the maps");
        if plot[1] >= axes.len() {
            return Err(Error::new(
                Msg::new("error.race-map")
                    .text("map", map)
                    .num("axes", axes.len() as f64),
            )
            .for_key("map"));
        }
        let objective = match r.choice("objective")? {
            "synthetic" => ObjectiveKind::Synthetic,
            _ => ObjectiveKind::Real,
        };
        let importance = r.real("importance")?;
        let steps = r.count("steps")?;
        let seed = r.seed("searchSeed")?;
        let map_size = r.count("mapSize")?;
        let zoom = match r.text("zoom") {
            "" => None,
            v => Some(parse_zoom(v)?),
        };
        let dark = r.flag("dark")?;
        let repeats = r.count("repeats")?;
        let study_trials = r.count("studyTrials")?;
        let picture = Picture {
            repeated: r.flag("repeated")?,
            study: r.flag("study")?,
            landscape: r.flag("landscape")?,
        };
        let refs: Vec<&Axis> = axes.iter().collect();
        let note = choose_optimizer(&mut base, &refs, r.given("optimizer"));
        Ok(RaceSettings {
            axes,
            plot,
            budget,
            objective,
            importance,
            steps,
            seed,
            map_size,
            zoom,
            dark,
            repeats,
            study_trials,
            picture,
            base,
            note,
        })
    }

    /// The race keys that differ from their defaults, as a URL query (without `?`); the
    /// training keys are not included.
    pub fn to_query(&self) -> String {
        self.query(false)
    }

    fn query(&self, every: bool) -> String {
        let mut w = Writer::new(View::Race, every);
        w.whole("budget", self.budget as u64);
        for (i, prefix) in SLOTS.iter().enumerate() {
            match self.axes.get(i) {
                Some(axis) => axis_query(&mut w, prefix, axis, i, every),
                None if every => w.put(&format!("{prefix}Axis"), "none"),
                None => {}
            }
        }
        w.put("map", self.map_name());
        w.put("objective", self.objective.key());
        w.real("importance", self.importance);
        w.whole("steps", self.steps as u64);
        w.whole("searchSeed", self.seed);
        w.whole("mapSize", self.map_size as u64);
        if let Some(zoom) = &self.zoom {
            w.put("zoom", &zoom_text(zoom));
        }
        w.flag("dark", self.dark);
        w.whole("repeats", self.repeats as u64);
        w.whole("studyTrials", self.study_trials as u64);
        w.flag("repeated", self.picture.repeated);
        w.flag("study", self.picture.study);
        w.flag("landscape", self.picture.landscape);
        w.finish()
    }

    /// The URL name of the map's axis pair ("xy", "xz", …).
    pub fn map_name(&self) -> &'static str {
        MAPS.iter()
            .find(|(_, p)| *p == self.plot)
            .map_or("xy", |(n, _)| n)
    }

    /// What the landscape depends on (axes, map, objective and its settings, landscape size,
    /// base config) and nothing else: equal keys, equal landscapes. Budget, seed and zoom are
    /// not part of it (the synthetic optimum is, through the seed), so re-running a race with
    /// another budget reuses its landscape.
    pub fn landscape_key(&self) -> String {
        let mut parts = Vec::new();
        for (name, axis) in SLOTS.iter().zip(&self.axes) {
            parts.push(format!(
                "{name}={}:{}:{}:{}",
                axis.param().key(),
                axis.scale().key(),
                axis.lo(),
                axis.hi()
            ));
        }
        parts.push(format!("map={}", self.map_name()));
        match self.objective {
            ObjectiveKind::Real => {
                parts.push(format!("real:{}", self.steps));
                parts.push(format!("optimizer={}", self.base.optimizer.name()));
                parts.push(self.base.to_query());
            }
            ObjectiveKind::Synthetic => {
                let [x, y] = self.optimum(0);
                parts.push(format!("synthetic:{}:{x}:{y}", self.importance));
            }
        }
        parts.push(format!("n={}", self.map_size));
        parts.join("&")
    }

    /// What the study of "Which hyperparameters matter?" depends on (its training keys, steps,
    /// seed and trials) and nothing else: equal keys, equal studies.
    pub fn study_key(&self) -> String {
        // Every study trial chooses its own optimizer, so the race's choice is not part of it.
        let base = Config {
            optimizer: Config::default().optimizer,
            ..self.base.clone()
        };
        format!(
            "{}&steps={}&seed={}&trials={}",
            base.to_query(),
            self.steps,
            self.seed,
            self.study_trials
        )
    }

    /// The whole space, every axis in slot order.
    pub fn space(&self) -> SearchSpace {
        SearchSpace::new(self.axes.clone()).expect("checked when the settings were parsed")
    }

    /// The two-axis space the landscape shows (x across, y up).
    pub fn map_space(&self) -> SearchSpace {
        SearchSpace::new(vec![
            self.axes[self.plot[0]].clone(),
            self.axes[self.plot[1]].clone(),
        ])
        .expect("two distinct axes")
    }

    /// Values per axis of the grid: the smallest k with k^N ≥ budget (N axes), so 25 trials
    /// make a 5 × 5 grid on two axes and a cut 3 × 3 × 3 grid on three (a budget that is not a
    /// power cuts a shuffled larger grid).
    pub fn grid_values_per_axis(&self) -> usize {
        let n = self.axes.len() as u32;
        let mut k = 1usize;
        while k.saturating_pow(n) < self.budget {
            k += 1;
        }
        k
    }

    /// The seed of draw `what` of repeat `r`: repeat 0 keeps the race's own seeds.
    fn repeat_seed(&self, r: usize, what: u64) -> u64 {
        mix(mix(self.seed, r as u64), what)
    }

    /// Where the grid of repeat `r` starts inside its first cell, per axis: the centres (½)
    /// for the race on the page, a fresh uniform draw for every repeat.
    pub fn grid_origin(&self, r: usize) -> Vec<f64> {
        if r == 0 {
            return vec![0.5; self.axes.len()];
        }
        let mut g = rng::from_seed(self.repeat_seed(r, 3));
        (0..self.axes.len()).map(|_| g.random::<f64>()).collect()
    }

    /// The strategy of panel `i` (0: grid, 1: random uniform in value, 2: random on scale) in
    /// repeat `r`.
    pub fn strategy(&self, r: usize, i: usize) -> Strategy {
        match i {
            0 => Strategy::ShiftedGrid {
                values_per_axis: self.grid_values_per_axis(),
                origin: self.grid_origin(r),
            },
            1 => Strategy::RandomUniformInValue,
            _ => Strategy::RandomOnScale,
        }
    }

    /// The seed strategy `i` draws with in repeat `r`: distinct per strategy and repeat, fixed
    /// by `searchSeed`.
    pub fn strategy_seed(&self, r: usize, i: usize) -> u64 {
        if r == 0 {
            self.seed.wrapping_mul(0x9E37_79B9).wrapping_add(i as u64)
        } else {
            self.repeat_seed(r, i as u64)
        }
    }

    /// The points strategy `i` tries in repeat `r`, in trial order.
    pub fn points(&self, r: usize, i: usize) -> Vec<Point> {
        self.strategy(r, i)
            .points(&self.space(), self.budget, self.strategy_seed(r, i))
            .expect("budget and grid checked when the settings were parsed")
    }

    /// The training config of repeat `r` before a point is applied: the base config, with
    /// fresh initialization and mini-batch seeds for r ≥ 1 (one landscape instance per repeat,
    /// shared by its three strategies). The data stay the learner's.
    pub fn repeat_config(&self, r: usize) -> Config {
        let mut c = self.base.clone();
        if r > 0 {
            c.init_seed = self.repeat_seed(r, 4);
            c.batch_seed = self.repeat_seed(r, 5);
        }
        c
    }

    /// The synthetic objective's optimum in repeat `r`, in unit coordinates of the first two
    /// axes: drawn in [0.15, 0.85]² from the seed, fresh for every repeat.
    pub fn optimum(&self, r: usize) -> [f64; 2] {
        let mut g = rng::from_seed(self.repeat_seed(r, 6));
        [g.random_range(0.15..0.85), g.random_range(0.15..0.85)]
    }

    /// The objective of repeat `r` over full points (every axis).
    pub fn objective_for(&self, r: usize) -> RaceObjective {
        match self.objective {
            ObjectiveKind::Real => RaceObjective::Real(RealObjective {
                base: self.repeat_config(r),
                space: self.space(),
                steps: self.steps,
            }),
            ObjectiveKind::Synthetic => {
                let [x, y] = self.optimum(r);
                RaceObjective::Synthetic(
                    SyntheticObjective::new(&self.space(), self.importance)
                        .expect("two axes and s checked when the settings were parsed")
                        .with_optimum(x, y),
                )
            }
        }
    }

    /// The objective of the race on the page (repeat 0).
    pub fn objective(&self) -> RaceObjective {
        self.objective_for(0)
    }

    /// An empty landscape for this race, over the two shown axes.
    pub fn landscape(&self) -> Landscape {
        Landscape::new(&self.map_space(), self.map_size).expect("size checked when parsed")
    }

    /// The full point of a landscape point (the two shown axes' values): every other axis at
    /// the middle of its range (its unit coordinate ½), a slice through the space.
    pub fn full_point(&self, map_point: &[f64]) -> Point {
        let space = self.space();
        let mut unit = vec![0.5; self.axes.len()];
        let map_unit = self.map_space().to_unit(map_point);
        unit[self.plot[0]] = map_unit[0];
        unit[self.plot[1]] = map_unit[1];
        let mut p = space.from_unit(&unit);
        p[self.plot[0]] = map_point[0];
        p[self.plot[1]] = map_point[1];
        p
    }

    /// A point's unit coordinates on the two shown axes.
    pub fn map_unit(&self, point: &[f64]) -> (f64, f64) {
        let x = &self.axes[self.plot[0]];
        let y = &self.axes[self.plot[1]];
        (
            x.to_unit(point[self.plot[0]]),
            y.to_unit(point[self.plot[1]]),
        )
    }

    /// The second, finer pass of coarse to fine: the same race over the zoom box (each shown,
    /// continuous axis's range cut to the box; other axes keep their ranges), drawn with the
    /// next seed so its points are fresh, and trained with the same seeds. `None` without a
    /// zoom box.
    pub fn zoomed(&self) -> Option<Result<RaceSettings>> {
        let zoom = self.zoom.as_ref()?;
        let cut = |axis: &Axis, lo: f64, hi: f64| -> Result<Axis> {
            if axis.scale().is_discrete() {
                return Ok(axis.clone());
            }
            Axis::new(
                axis.param(),
                axis.scale(),
                axis.from_unit(lo),
                axis.from_unit(hi),
            )
            .map_err(|e| {
                Error::new(Msg::new("error.zoom-too-small").msg("problem", e.msg().clone()))
                    .for_key("zoom")
            })
        };
        Some((|| {
            let mut axes = self.axes.clone();
            for (k, &a) in self.plot.iter().enumerate() {
                axes[a] = cut(&self.axes[a], zoom.lo()[k], zoom.hi()[k])?;
            }
            Ok(RaceSettings {
                axes,
                seed: self.seed.wrapping_add(1),
                zoom: None,
                ..self.clone()
            })
        })())
    }

    /// Every setting written out — race keys with every axis in full and every training key
    /// of the base config (the optimizer included) — so that `from_query(full_query())`
    /// rebuilds the same race (e.g. a zoomed pass, sent to a worker that has no URL).
    pub fn full_query(&self) -> String {
        let mut w = Writer::new(View::Race, true);
        w.append(&self.query(true));
        w.append(&self.base.query_in(View::Race, true));
        w.finish()
    }
}

/// A task of the race (see [`work`]): trial `t` of strategy `i` in repeat `r`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaskId {
    /// The repeat (0: the race on the page).
    pub repeat: usize,
    /// The strategy (0 grid, 1 random uniform in value, 2 random on scale).
    pub strategy: usize,
    /// The trial.
    pub trial: usize,
}

impl RaceSettings {
    /// The task number of `id`.
    pub fn task(&self, id: TaskId) -> u32 {
        ((id.repeat * STRATEGIES + id.strategy) * self.budget + id.trial) as u32
    }

    /// The trial a task number stands for (`None` for a landscape cell).
    pub fn task_id(&self, task: u32) -> Option<TaskId> {
        if task & work::CELL != 0 {
            return None;
        }
        let t = task as usize;
        let (rs, trial) = (t / self.budget, t % self.budget);
        Some(TaskId {
            repeat: rs / STRATEGIES,
            strategy: rs % STRATEGIES,
            trial,
        })
    }

    /// The full training config of `point` in repeat `r` (not validated).
    pub fn config_at(&self, r: usize, point: &[f64]) -> Config {
        let mut c = self.repeat_config(r);
        self.space().apply(&mut c, point);
        c
    }

    /// The job of a point in repeat `r`: a training, or the formula's value.
    pub fn job_at(&self, r: usize, point: &[f64]) -> work::Job {
        match self.objective {
            ObjectiveKind::Real => work::Job::Train {
                config: self.config_at(r, point),
                steps: self.steps,
            },
            ObjectiveKind::Synthetic => work::Job::Done(self.objective_for(r).evaluate(point)),
        }
    }
}

/// The jobs of a race's tasks, with each repeat's points drawn once.
pub struct RacePlan {
    settings: RaceSettings,
    landscape: Landscape,
    repeat: Option<(usize, Vec<Vec<Point>>)>,
}

impl RacePlan {
    /// The plan of `settings`.
    pub fn new(settings: RaceSettings) -> RacePlan {
        RacePlan {
            landscape: settings.landscape(),
            settings,
            repeat: None,
        }
    }

    /// The settings planned.
    pub fn settings(&self) -> &RaceSettings {
        &self.settings
    }

    /// The full point of landscape cell `cell`.
    pub fn cell_point(&self, cell: usize) -> Point {
        let n = self.landscape.n();
        self.settings
            .full_point(&self.landscape.cell_point(cell.min(n * n - 1)))
    }
}

impl work::Plan for RacePlan {
    fn job(&mut self, task: u32) -> work::Job {
        let Some(id) = self.settings.task_id(task) else {
            let point = self.cell_point((task & !work::CELL) as usize);
            return self.settings.job_at(0, &point);
        };
        if self.repeat.as_ref().map(|(r, _)| *r) != Some(id.repeat) {
            let points = (0..STRATEGIES)
                .map(|i| self.settings.points(id.repeat, i))
                .collect();
            self.repeat = Some((id.repeat, points));
        }
        let points = &self.repeat.as_ref().expect("just drawn").1;
        match points[id.strategy].get(id.trial) {
            Some(point) => self.settings.job_at(id.repeat, point),
            None => work::Job::Done(Outcome::Failed {
                message: crate::i18n::text("outcome.failed"),
            }),
        }
    }
}

/// SplitMix64's finalizer over `a` and `b`, kept below 2^53 (a seed the URL holds exactly).
fn mix(a: u64, b: u64) -> u64 {
    let mut z = a.wrapping_add(b.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    (z ^ (z >> 31)) & MAX_SEED
}

fn axis_query(w: &mut Writer, prefix: &str, axis: &Axis, slot: usize, every: bool) {
    let default = match slot {
        0 => Some(DEFAULT_X),
        1 => Some(DEFAULT_Y),
        _ => None,
    };
    if every || Some(axis.param()) != default {
        w.put(&format!("{prefix}Axis"), axis.param().key());
    }
    let d = axis.param().default_axis();
    if every || axis.scale() != d.scale() {
        w.put(&format!("{prefix}Scale"), axis.scale().key());
    }
    if axis.scale() != Scale::Categorical {
        if every || axis.lo() != d.lo() {
            w.real(&format!("{prefix}Min"), axis.lo());
        }
        if every || axis.hi() != d.hi() {
            w.real(&format!("{prefix}Max"), axis.hi());
        }
    }
}

/// `x0,x1,y0,y1`, each rounded to 4 decimals.
pub fn zoom_text(zoom: &UnitBox) -> String {
    format!(
        "{},{},{},{}",
        round4(zoom.lo()[0]),
        round4(zoom.hi()[0]),
        round4(zoom.lo()[1]),
        round4(zoom.hi()[1])
    )
}

fn round4(v: f64) -> f64 {
    (v * 1e4).round() / 1e4
}

/// Parses `x0,x1,y0,y1`, normalized once to the 4 decimals the URL keeps: a box that would
/// collapse when written back (`0.5,0.5000001,…`) is refused here, before any work starts.
fn parse_zoom(v: &str) -> Result<UnitBox> {
    let numbers: Vec<f64> = v
        .split(',')
        .map(|part| query::number("zoom", part).map_err(|_| query::bad_format("zoom", v)))
        .collect::<Result<_>>()?;
    if numbers.len() != 4 {
        return Err(query::bad_format("zoom", v));
    }
    let n: Vec<f64> = numbers.into_iter().map(round4).collect();
    UnitBox::new(vec![n[0], n[2]], vec![n[1], n[3]])
}

/// Makes the searched axes matter: Adam for an Adam axis, momentum for a momentum axis, unless
/// the URL chose an optimizer. Returns a note for the learner.
fn choose_optimizer(base: &mut Config, axes: &[&Axis], explicit: bool) -> Option<Msg> {
    let adam = axes.iter().find(|a| {
        matches!(
            a.param(),
            HyperParam::AdamBeta1 | HyperParam::AdamBeta2 | HyperParam::AdamEpsilon
        )
    });
    let momentum = axes.iter().find(|a| a.param() == HyperParam::Momentum);
    if !explicit {
        if let Some(axis) = adam {
            base.optimizer = OptimizerKind::Adam;
            let id = if momentum.is_some() {
                "race.note-adam-and-momentum"
            } else {
                "race.note-adam"
            };
            return Some(Msg::new(id).msg("name", axis.param().label()));
        }
        if let Some(axis) = momentum {
            base.optimizer = OptimizerKind::Momentum;
            return Some(Msg::new("race.note-momentum").msg("name", axis.param().label()));
        }
        return None;
    }
    let unused = axes.iter().find(|a| match a.param() {
        HyperParam::AdamBeta1 | HyperParam::AdamBeta2 | HyperParam::AdamEpsilon => {
            base.optimizer != OptimizerKind::Adam
        }
        HyperParam::Momentum => base.optimizer != OptimizerKind::Momentum,
        _ => false,
    })?;
    Some(
        Msg::new("race.note-unused-axis")
            .msg("name", unused.param().label())
            .text("optimizer", base.optimizer.name()),
    )
}

/// The objective of a race, real or synthetic.
#[derive(Clone, Debug)]
pub enum RaceObjective {
    /// Trains a network per point.
    Real(RealObjective),
    /// The instant formula.
    Synthetic(SyntheticObjective),
}

impl Objective for RaceObjective {
    fn evaluate(&self, point: &[f64]) -> Outcome {
        match self {
            RaceObjective::Real(o) => o.evaluate(point),
            RaceObjective::Synthetic(o) => o.evaluate(point),
        }
    }
}

/// The strategies whose trials the race's importance estimate uses: both random searches
/// (panels 1 and 2). Every random trial moves every axis, so pooling them gives twice the
/// trials of one search.
pub const IMPORTANCE_STRATEGIES: [usize; 2] = [1, 2];

/// Bins per axis for [`race_importance`] from `n` scored trials: about √(n/2), so each bin
/// holds about twice as many trials as there are bins (5 bins for the default 50 trials), and
/// 2 to 10.
pub fn importance_bins(n: usize) -> usize {
    (libm::round(libm::sqrt(n as f64 / 2.0)) as usize).clamp(2, 10)
}

/// The fewest scored trials [`race_importance`] reports an estimate for.
pub const MIN_IMPORTANCE_TRIALS: usize = 8;

/// Which hyperparameter mattered: the share of the score's variance each axis explains on its
/// own ([`importance`](crate::search::analysis::importance), binned with [`importance_bins`]), from
/// `trials` (the finished trials of the [`IMPORTANCE_STRATEGIES`]). `None` with fewer than
/// [`MIN_IMPORTANCE_TRIALS`] scored trials or when no score varies.
pub fn race_importance(space: &SearchSpace, trials: &[Trial]) -> Option<Vec<f64>> {
    let scored = trials
        .iter()
        .filter(|t| t.outcome.score().is_some())
        .count();
    if scored < MIN_IMPORTANCE_TRIALS {
        return None;
    }
    let shares =
        crate::search::analysis::importance(space, trials, importance_bins(scored)).ok()?;
    (shares.iter().sum::<f64>() > 0.0).then_some(shares)
}

/// Importance shares in words, largest first: "learning rate α 93% · Adam β2 7%".
pub fn importance_text(space: &SearchSpace, shares: &[f64]) -> String {
    let mut order: Vec<usize> = (0..shares.len().min(space.len())).collect();
    order.sort_by(|&a, &b| shares[b].total_cmp(&shares[a]));
    order
        .iter()
        .map(|&i| {
            format!(
                "{} {:.0}%",
                space.axes()[i].param().name(),
                100.0 * shares[i]
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// An [`Outcome`] packed into one `f64` for a page's typed arrays: a finite score as itself,
/// a divergence as +∞, a failure as −∞ (and NaN for "not evaluated yet").
pub fn encode_outcome(outcome: &Outcome) -> f64 {
    match outcome {
        Outcome::Score(s) if s.is_finite() => *s,
        Outcome::Score(_) | Outcome::Diverged { .. } => f64::INFINITY,
        Outcome::Failed { .. } => f64::NEG_INFINITY,
    }
}

/// The inverse of [`encode_outcome`] (messages are generic); `None` for NaN (pending).
pub fn decode_outcome(v: f64) -> Option<Outcome> {
    if v.is_nan() {
        None
    } else if v == f64::INFINITY {
        Some(Outcome::Diverged {
            message: crate::i18n::text("outcome.diverged"),
        })
    } else if v == f64::NEG_INFINITY {
        Some(Outcome::Failed {
            message: crate::i18n::text("outcome.failed"),
        })
    } else {
        Some(Outcome::Score(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_course_picture() {
        let s = RaceSettings::default();
        assert_eq!(s.axes.len(), 2);
        assert_eq!(s.axes[0].param(), HyperParam::LearningRate);
        assert_eq!(s.axes[0].scale(), Scale::Log);
        assert_eq!((s.axes[0].lo(), s.axes[0].hi()), (1e-4, 1.0));
        assert_eq!(s.axes[1].param(), HyperParam::AdamBeta2);
        assert_eq!(s.plot, [0, 1]);
        assert_eq!((s.budget, s.steps, s.repeats), (25, 200, 200));
        assert!(s.dark);
        assert_eq!(s.grid_values_per_axis(), 5);
        assert_eq!(s.base.optimizer, OptimizerKind::Adam);
        assert!(
            s.note.as_ref().unwrap().render().contains("Adam"),
            "{:?}",
            s.note
        );
        assert_eq!(s.to_query(), "");
    }

    #[test]
    fn outcomes_pack_into_one_number_and_back() {
        for o in [
            Outcome::Score(0.25),
            Outcome::Diverged {
                message: "d".into(),
            },
            Outcome::Failed {
                message: "f".into(),
            },
        ] {
            let back = decode_outcome(encode_outcome(&o)).unwrap();
            assert_eq!(std::mem::discriminant(&back), std::mem::discriminant(&o));
        }
        assert_eq!(decode_outcome(f64::NAN), None);
    }
}
