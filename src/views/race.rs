//! The "Grid vs random" race (course notes, week 3, §1): its settings, read from and written to
//! the page's URL, its three strategies over one budget, and its objective.
//!
//! Search settings use keys that the training [`Config`] does not know (it ignores them), so one
//! URL holds both: the training keys (`dataset=moons&batch=25…`) are the base config every real
//! trial starts from, the keys below say what the race varies.
//!
//! | key | default | meaning |
//! | --- | --- | --- |
//! | `budget` | 25 | trials per strategy, 1..=[`MAX_RACE_BUDGET`] |
//! | `xAxis`, `yAxis` | `lr`, `beta2` | [`HyperParam::key`] of each axis (x should be the one that matters) |
//! | `xScale`, `yScale` | the axis's default | `linear`, `log`, `oneMinusLog`, `integer`, `powersOfTwo`, `categorical` |
//! | `xMin`, `xMax`, `yMin`, `yMax` | the axis's default | the range of each axis |
//! | `objective` | `real` | `real` (train a network per trial) or `synthetic` (instant formula) |
//! | `importance` | 0.1 | the synthetic objective's importance ratio s of y against x |
//! | `steps` | 300 | training steps per real trial |
//! | `searchSeed` | 1 | seed of the strategies' random draws |
//! | `mapSize` | 32 | landscape cells per side |
//! | `zoom` | none | a coarse-to-fine box `x0,x1,y0,y1` in unit coordinates |
//!
//! When an axis is one of Adam's (β1, β2, ε) and the URL sets no `optimizer`, the trials train
//! with Adam (and with momentum for a momentum axis): otherwise that axis would change nothing.

use crate::config::{query_pairs, Config, OptimizerKind};
use crate::search::landscape::Landscape;
use crate::search::objective::{Objective, Outcome, SyntheticObjective, Trial};
use crate::search::real::RealObjective;
use crate::search::space::{Axis, HyperParam, Point, Scale, SearchSpace};
use crate::search::strategy::{check_budget, GridPlacement, Strategy, UnitBox};
use std::fmt;

/// The most trials per strategy a race may ask for.
pub const MAX_RACE_BUDGET: usize = 400;
/// The most training steps per real trial.
pub const MAX_STEPS: usize = 5000;
/// Landscape cells per side: fewest and most.
pub const MAP_SIZES: (usize, usize) = (4, 64);
/// Default trials per strategy.
pub const DEFAULT_BUDGET: usize = 25;
/// Default training steps per real trial (≈ 1 ms each natively with the default config).
pub const DEFAULT_STEPS: usize = 300;
/// Default landscape cells per side.
pub const DEFAULT_MAP_SIZE: usize = 32;
/// Default importance ratio of the synthetic objective.
pub const DEFAULT_IMPORTANCE: f64 = 0.1;
/// The strategies of a race, in panel order.
pub const STRATEGIES: usize = 3;

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

/// A bad search setting: which control it belongs to (`x`, `y`, `budget`, `objective`,
/// `importance`, `steps`, `searchSeed`, `mapSize`, `zoom`, or `config` for the training keys)
/// and the learner-readable message to show next to it.
#[derive(Clone, Debug, PartialEq)]
pub struct SettingError {
    /// The control (group) the message belongs next to.
    pub control: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for SettingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SettingError {}

fn refuse<T>(control: &'static str, message: impl fmt::Display) -> Result<T, SettingError> {
    Err(SettingError {
        control,
        message: message.to_string(),
    })
}

/// The URL value of a scale.
pub fn scale_key(scale: Scale) -> &'static str {
    match scale {
        Scale::Linear => "linear",
        Scale::Log => "log",
        Scale::OneMinusLog => "oneMinusLog",
        Scale::Integer => "integer",
        Scale::PowersOfTwo => "powersOfTwo",
        Scale::Categorical => "categorical",
    }
}

/// Parses a [`scale_key`].
pub fn parse_scale(key: &str) -> Option<Scale> {
    [
        Scale::Linear,
        Scale::Log,
        Scale::OneMinusLog,
        Scale::Integer,
        Scale::PowersOfTwo,
        Scale::Categorical,
    ]
    .into_iter()
    .find(|s| scale_key(*s) == key)
}

/// Everything a race needs, parsed and checked.
#[derive(Clone, Debug)]
pub struct RaceSettings {
    /// The axis that should matter (the course: learning rate α).
    pub x: Axis,
    /// The axis that should barely matter (the course: Adam's β2 or ε).
    pub y: Axis,
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
    /// The coarse-to-fine box, if the learner drew one.
    pub zoom: Option<UnitBox>,
    /// The training config every real trial starts from.
    pub base: Config,
    /// Why the optimizer was chosen for the learner, or why an axis may change nothing.
    pub note: Option<String>,
}

/// The default x axis: α on a log scale over [1e-4, 1].
pub const DEFAULT_X: HyperParam = HyperParam::LearningRate;
/// The default y axis: Adam's β2 on the 1 − 10^r scale over [0.99, 0.9999].
pub const DEFAULT_Y: HyperParam = HyperParam::AdamBeta2;

fn lookup<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

fn parse_number<T: std::str::FromStr>(
    control: &'static str,
    what: &str,
    v: &str,
) -> Result<T, SettingError> {
    v.trim()
        .parse::<T>()
        .or_else(|_| refuse(control, format!("{what}: '{v}' is not a number")))
}

/// Reads one axis from `{prefix}Axis`, `{prefix}Scale`, `{prefix}Min`, `{prefix}Max`.
fn parse_axis(
    pairs: &[(String, String)],
    prefix: &'static str,
    default: HyperParam,
) -> Result<Axis, SettingError> {
    let key = |k: &str| format!("{prefix}{k}");
    let param = match lookup(pairs, &key("Axis")) {
        None | Some("") => default,
        Some(v) => match HyperParam::parse(v) {
            Some(p) => p,
            None => {
                let known: Vec<&str> = HyperParam::ALL.iter().map(|p| p.key()).collect();
                return refuse(
                    prefix,
                    format!(
                        "'{v}' is not a hyperparameter this page can search; use one of {}",
                        known.join(", ")
                    ),
                );
            }
        },
    };
    let default_axis = param.default_axis();
    let scale = match lookup(pairs, &key("Scale")) {
        None | Some("") => default_axis.scale(),
        Some(v) => parse_scale(v).map_or_else(
            || {
                refuse(
                    prefix,
                    format!(
                        "'{v}' is not a scale; use linear, log, oneMinusLog, integer, \
                         powersOfTwo or categorical"
                    ),
                )
            },
            Ok,
        )?,
    };
    let end = |k: &str, fallback: f64, what: &str| -> Result<f64, SettingError> {
        match lookup(pairs, &key(k)) {
            None | Some("") => Ok(fallback),
            Some(v) => parse_number(prefix, &format!("{} {what}", param.name()), v),
        }
    };
    let lo = end("Min", default_axis.lo(), "min")?;
    let hi = end("Max", default_axis.hi(), "max")?;
    Axis::new(param, scale, lo, hi).or_else(|e| refuse(prefix, e))
}

impl Default for RaceSettings {
    fn default() -> Self {
        RaceSettings::from_query("").expect("the default race is valid")
    }
}

impl RaceSettings {
    /// Parses the race keys of a URL query (other keys are the training config), with the
    /// first problem reported against its control.
    pub fn from_query(query: &str) -> Result<RaceSettings, SettingError> {
        let pairs = query_pairs(query);
        let budget = match lookup(&pairs, "budget") {
            None | Some("") => DEFAULT_BUDGET,
            Some(v) => parse_number("budget", "budget", v)?,
        };
        check_budget(budget).or_else(|e| refuse("budget", e))?;
        if budget > MAX_RACE_BUDGET {
            return refuse(
                "budget",
                format!(
                    "{budget} trials per strategy is too many for this page (three strategies \
                     train {} networks); use at most {MAX_RACE_BUDGET}",
                    3 * budget
                ),
            );
        }
        let x = parse_axis(&pairs, "x", DEFAULT_X)?;
        let y = parse_axis(&pairs, "y", DEFAULT_Y)?;
        SearchSpace::new(vec![x.clone(), y.clone()]).or_else(|e| refuse("y", e))?;
        let objective = match lookup(&pairs, "objective") {
            None | Some("") | Some("real") => ObjectiveKind::Real,
            Some("synthetic") => ObjectiveKind::Synthetic,
            Some(v) => {
                return refuse(
                    "objective",
                    format!("'{v}' is not an objective; use real or synthetic"),
                )
            }
        };
        let importance = match lookup(&pairs, "importance") {
            None | Some("") => DEFAULT_IMPORTANCE,
            Some(v) => parse_number("importance", "importance ratio s", v)?,
        };
        if !(0.0..=100.0).contains(&importance) {
            return refuse(
                "importance",
                format!("the importance ratio s must be between 0 and 100, got {importance}"),
            );
        }
        let steps = match lookup(&pairs, "steps") {
            None | Some("") => DEFAULT_STEPS,
            Some(v) => parse_number("steps", "training steps per trial", v)?,
        };
        if !(1..=MAX_STEPS).contains(&steps) {
            return refuse(
                "steps",
                format!("train each trial for 1 to {MAX_STEPS} steps, got {steps}"),
            );
        }
        let seed = match lookup(&pairs, "searchSeed") {
            None | Some("") => 1,
            Some(v) => parse_number("searchSeed", "search seed", v)?,
        };
        let map_size = match lookup(&pairs, "mapSize") {
            None | Some("") => DEFAULT_MAP_SIZE,
            Some(v) => parse_number("mapSize", "landscape size", v)?,
        };
        let (lo, hi) = MAP_SIZES;
        if !(lo..=hi).contains(&map_size) {
            return refuse(
                "mapSize",
                format!("the landscape needs {lo} to {hi} cells per side, got {map_size}"),
            );
        }
        let zoom = match lookup(&pairs, "zoom") {
            None | Some("") => None,
            Some(v) => Some(parse_zoom(v)?),
        };
        let mut base = Config::from_query(query).or_else(|e| refuse("config", e))?;
        let note = choose_optimizer(&mut base, &[&x, &y], lookup(&pairs, "optimizer").is_some());
        Ok(RaceSettings {
            x,
            y,
            budget,
            objective,
            importance,
            steps,
            seed,
            map_size,
            zoom,
            base,
            note,
        })
    }

    /// The race keys that differ from their defaults, as a URL query (without `?`); the
    /// training keys are not included.
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.budget != DEFAULT_BUDGET {
            parts.push(format!("budget={}", self.budget));
        }
        axis_query(&mut parts, "x", &self.x, DEFAULT_X);
        axis_query(&mut parts, "y", &self.y, DEFAULT_Y);
        if self.objective != ObjectiveKind::Real {
            parts.push(format!("objective={}", self.objective.key()));
        }
        if self.importance != DEFAULT_IMPORTANCE {
            parts.push(format!("importance={}", self.importance));
        }
        if self.steps != DEFAULT_STEPS {
            parts.push(format!("steps={}", self.steps));
        }
        if self.seed != 1 {
            parts.push(format!("searchSeed={}", self.seed));
        }
        if self.map_size != DEFAULT_MAP_SIZE {
            parts.push(format!("mapSize={}", self.map_size));
        }
        if let Some(zoom) = &self.zoom {
            parts.push(format!("zoom={}", zoom_text(zoom)));
        }
        parts.join("&")
    }

    /// What the landscape depends on (axes, objective and its settings, landscape size, base
    /// config) and nothing else: equal keys, equal landscapes. Budget, seed and zoom are not
    /// part of it, so re-running a race with another budget reuses its landscape.
    pub fn landscape_key(&self) -> String {
        let mut parts = Vec::new();
        for (name, axis) in [("x", &self.x), ("y", &self.y)] {
            parts.push(format!(
                "{name}={}:{}:{}:{}",
                axis.param().key(),
                scale_key(axis.scale()),
                axis.lo(),
                axis.hi()
            ));
        }
        match self.objective {
            ObjectiveKind::Real => {
                parts.push(format!("real:{}", self.steps));
                parts.push(format!("optimizer={}", self.base.optimizer.name()));
                parts.push(self.base.to_query());
            }
            ObjectiveKind::Synthetic => parts.push(format!("synthetic:{}", self.importance)),
        }
        parts.push(format!("n={}", self.map_size));
        parts.join("&")
    }

    /// The two-axis space, x first.
    pub fn space(&self) -> SearchSpace {
        SearchSpace::new(vec![self.x.clone(), self.y.clone()])
            .expect("checked when the settings were parsed")
    }

    /// Values per axis of the grid: `⌈√budget⌉`, so 25 trials make a 5 × 5 grid (a budget that
    /// is not a square cuts a shuffled larger grid).
    pub fn grid_values_per_axis(&self) -> usize {
        let mut k = (self.budget as f64).sqrt().floor() as usize;
        while k * k < self.budget {
            k += 1;
        }
        k.max(1)
    }

    /// The strategy of panel `i` (0: grid, 1: random uniform in value, 2: random on scale).
    pub fn strategy(&self, i: usize) -> Strategy {
        match i {
            0 => Strategy::Grid {
                values_per_axis: self.grid_values_per_axis(),
                placement: GridPlacement::Centres,
            },
            1 => Strategy::RandomUniformInValue,
            _ => Strategy::RandomOnScale,
        }
    }

    /// The seed strategy `i` draws with: distinct per strategy, fixed by `searchSeed`.
    pub fn strategy_seed(&self, i: usize) -> u64 {
        self.seed.wrapping_mul(0x9E37_79B9).wrapping_add(i as u64)
    }

    /// The points strategy `i` tries, in trial order.
    pub fn points(&self, i: usize) -> Vec<Point> {
        self.strategy(i)
            .points(&self.space(), self.budget, self.strategy_seed(i))
            .expect("budget and grid checked when the settings were parsed")
    }

    /// The objective trials and landscape cells are scored with.
    pub fn objective(&self) -> RaceObjective {
        match self.objective {
            ObjectiveKind::Real => RaceObjective::Real(RealObjective {
                base: self.base.clone(),
                space: self.space(),
                steps: self.steps,
            }),
            ObjectiveKind::Synthetic => RaceObjective::Synthetic(
                SyntheticObjective::new(&self.space(), self.importance)
                    .expect("two axes and s checked when the settings were parsed"),
            ),
        }
    }

    /// An empty landscape for this race.
    pub fn landscape(&self) -> Landscape {
        Landscape::new(&self.space(), self.map_size).expect("size checked when parsed")
    }

    /// The second, finer pass of coarse to fine: the same race over the zoom box only (each
    /// continuous axis's range cut to the box; a discrete axis keeps its range), drawn with the
    /// next seed so its points are fresh. `None` without a zoom box.
    pub fn zoomed(&self) -> Option<Result<RaceSettings, SettingError>> {
        let zoom = self.zoom.as_ref()?;
        let cut = |axis: &Axis, lo: f64, hi: f64| -> Result<Axis, SettingError> {
            if axis.scale().is_discrete() {
                return Ok(axis.clone());
            }
            Axis::new(
                axis.param(),
                axis.scale(),
                axis.from_unit(lo),
                axis.from_unit(hi),
            )
            .or_else(|e| refuse("zoom", format!("the zoom box is too small: {e}")))
        };
        Some((|| {
            Ok(RaceSettings {
                x: cut(&self.x, zoom.lo()[0], zoom.hi()[0])?,
                y: cut(&self.y, zoom.lo()[1], zoom.hi()[1])?,
                seed: self.seed.wrapping_add(1),
                zoom: None,
                ..self.clone()
            })
        })())
    }
}

impl RaceSettings {
    /// Every setting written out — race keys with both axes in full, the optimizer, and the
    /// base config's keys — so that `from_query(full_query())` rebuilds the same race (e.g. a
    /// zoomed pass, sent to a worker that has no URL).
    pub fn full_query(&self) -> String {
        let mut parts = vec![self.to_query()];
        for (prefix, axis) in [("x", &self.x), ("y", &self.y)] {
            parts.push(format!(
                "{prefix}Axis={}&{prefix}Scale={}&{prefix}Min={}&{prefix}Max={}",
                axis.param().key(),
                scale_key(axis.scale()),
                axis.lo(),
                axis.hi()
            ));
        }
        parts.push(self.base.to_query());
        parts.push(format!("optimizer={}", self.base.optimizer.name()));
        parts.retain(|p| !p.is_empty());
        parts.join("&")
    }
}

fn axis_query(parts: &mut Vec<String>, prefix: &str, axis: &Axis, default: HyperParam) {
    if axis.param() != default {
        parts.push(format!("{prefix}Axis={}", axis.param().key()));
    }
    let d = axis.param().default_axis();
    if axis.scale() != d.scale() {
        parts.push(format!("{prefix}Scale={}", scale_key(axis.scale())));
    }
    if axis.scale() != Scale::Categorical {
        if axis.lo() != d.lo() {
            parts.push(format!("{prefix}Min={}", axis.lo()));
        }
        if axis.hi() != d.hi() {
            parts.push(format!("{prefix}Max={}", axis.hi()));
        }
    }
}

/// `x0,x1,y0,y1`, each rounded to 4 decimals.
pub fn zoom_text(zoom: &UnitBox) -> String {
    let r = |v: f64| (v * 1e4).round() / 1e4;
    format!(
        "{},{},{},{}",
        r(zoom.lo()[0]),
        r(zoom.hi()[0]),
        r(zoom.lo()[1]),
        r(zoom.hi()[1])
    )
}

fn parse_zoom(v: &str) -> Result<UnitBox, SettingError> {
    let numbers: Vec<f64> = v
        .split(',')
        .map(|s| parse_number("zoom", "zoom box", s))
        .collect::<Result<_, _>>()?;
    if numbers.len() != 4 {
        return refuse(
            "zoom",
            format!("the zoom box needs four numbers x0,x1,y0,y1 between 0 and 1, got '{v}'"),
        );
    }
    UnitBox::new(vec![numbers[0], numbers[2]], vec![numbers[1], numbers[3]])
        .or_else(|e| refuse("zoom", e))
}

/// Makes the searched axes matter: Adam for an Adam axis, momentum for a momentum axis, unless
/// the URL chose an optimizer. Returns a note for the learner.
fn choose_optimizer(base: &mut Config, axes: &[&Axis], explicit: bool) -> Option<String> {
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
            let also = if momentum.is_some() {
                " (so momentum β, used only by the momentum optimizer, changes nothing here)"
            } else {
                ""
            };
            return Some(format!(
                "{} is a setting of Adam, so every trial trains with Adam{also}.",
                axis.param().name()
            ));
        }
        if let Some(axis) = momentum {
            base.optimizer = OptimizerKind::Momentum;
            return Some(format!(
                "{} is used by the momentum optimizer, so every trial trains with momentum.",
                axis.param().name()
            ));
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
    Some(format!(
        "{} has no effect with the {} optimizer chosen in the training settings: its axis \
         changes nothing.",
        axis_name(unused),
        base.optimizer.name()
    ))
}

fn axis_name(axis: &Axis) -> &'static str {
    axis.param().name()
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
            message: "training diverged".into(),
        })
    } else if v == f64::NEG_INFINITY {
        Some(Outcome::Failed {
            message: "the trial could not train".into(),
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
        assert_eq!(s.x.param(), HyperParam::LearningRate);
        assert_eq!(s.x.scale(), Scale::Log);
        assert_eq!(s.y.param(), HyperParam::AdamBeta2);
        assert_eq!(s.budget, 25);
        assert_eq!(s.grid_values_per_axis(), 5);
        assert_eq!(s.base.optimizer, OptimizerKind::Adam);
        assert!(s.note.as_deref().unwrap().contains("Adam"), "{:?}", s.note);
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
