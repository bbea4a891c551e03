//! The "Grid vs random" race (course notes, week 3, §1): its settings, read from and written to
//! the page's URL, its three strategies over one budget, and its objective.
//!
//! The race's URL keys are declared in the settings table ([`crate::settings`]): `budget`,
//! `xAxis`/`xScale`/`xMin`/`xMax` (and the same for `y`; an empty scale or end is the
//! hyperparameter's course default, [`HyperParam::default_axis`]), `objective`, `importance`,
//! `steps`, `searchSeed`, `mapSize` and `zoom` (a coarse-to-fine box `x0,x1,y0,y1` in unit
//! coordinates). The training keys of the same URL (`dataset=moons&batch=25…`) are the base
//! config every real trial starts from.
//!
//! When an axis is one of Adam's (β1, β2, ε) and the URL sets no `optimizer`, the trials train
//! with Adam (and with momentum for a momentum axis): otherwise that axis would change nothing.

use crate::config::{Config, OptimizerKind};
use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::query::{self, Query, Reader, Writer};
use crate::search::landscape::Landscape;
use crate::search::objective::{Objective, Outcome, SyntheticObjective, Trial};
use crate::search::real::RealObjective;
use crate::search::space::{Axis, HyperParam, Point, Scale, SearchSpace};
use crate::search::strategy::{check_budget, GridPlacement, Strategy, UnitBox};
use crate::views::View;

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
    pub note: Option<Msg>,
}

/// The default x axis: α on a log scale over [1e-4, 1].
pub const DEFAULT_X: HyperParam = HyperParam::LearningRate;
/// The default y axis: Adam's β2 on the 1 − 10^r scale over [0.99, 0.9999].
pub const DEFAULT_Y: HyperParam = HyperParam::AdamBeta2;

/// Reads one axis from `{prefix}Axis`, `{prefix}Scale`, `{prefix}Min`, `{prefix}Max`; an empty
/// scale or end means the hyperparameter's course default ([`HyperParam::default_axis`]). A
/// refusal names the key at fault.
fn read_axis(r: &Reader, prefix: &str) -> Result<Axis> {
    let key = |k: &str| format!("{prefix}{k}");
    let param =
        HyperParam::parse(r.choice(&key("Axis"))?).expect("the table lists hyperparameters");
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
    Axis::new(param, scale, lo, hi).map_err(|e| {
        let at = match e.message_id() {
            "error.axis-scale-kind" => "Scale",
            "error.axis-outside" if !param.allows_value(lo) => "Min",
            "error.axis-outside" => "Max",
            _ => "Min",
        };
        e.for_key(&key(at))
    })
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
        let budget = r.count("budget")?;
        check_budget(budget)?;
        let x = read_axis(r, "x")?;
        let y = read_axis(r, "y")?;
        SearchSpace::new(vec![x.clone(), y.clone()]).map_err(|e| e.for_key("yAxis"))?;
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
        let mut base = Config::read(r)?;
        let note = choose_optimizer(&mut base, &[&x, &y], r.given("optimizer"));
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
        self.query(false)
    }

    fn query(&self, every: bool) -> String {
        let mut w = Writer::new(View::Race, every);
        w.whole("budget", self.budget as u64);
        axis_query(&mut w, "x", &self.x, DEFAULT_X, every);
        axis_query(&mut w, "y", &self.y, DEFAULT_Y, every);
        w.put("objective", self.objective.key());
        w.real("importance", self.importance);
        w.whole("steps", self.steps as u64);
        w.whole("searchSeed", self.seed);
        w.whole("mapSize", self.map_size as u64);
        if let Some(zoom) = &self.zoom {
            w.put("zoom", &zoom_text(zoom));
        }
        w.finish()
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
                axis.scale().key(),
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
    /// Every setting written out — race keys with both axes in full and every training key
    /// of the base config (the optimizer included) — so that `from_query(full_query())`
    /// rebuilds the same race (e.g. a zoomed pass, sent to a worker that has no URL).
    pub fn full_query(&self) -> String {
        let mut w = Writer::new(View::Race, true);
        w.append(&self.query(true));
        w.append(&self.base.query_in(View::Race, true));
        w.finish()
    }
}

fn axis_query(w: &mut Writer, prefix: &str, axis: &Axis, default: HyperParam, every: bool) {
    if every || axis.param() != default {
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
    let r = |v: f64| (v * 1e4).round() / 1e4;
    format!(
        "{},{},{},{}",
        r(zoom.lo()[0]),
        r(zoom.hi()[0]),
        r(zoom.lo()[1]),
        r(zoom.hi()[1])
    )
}

fn parse_zoom(v: &str) -> Result<UnitBox> {
    let numbers: Vec<f64> = v
        .split(',')
        .map(|part| query::number("zoom", part).map_err(|_| query::bad_format("zoom", v)))
        .collect::<Result<_>>()?;
    if numbers.len() != 4 {
        return Err(query::bad_format("zoom", v));
    }
    UnitBox::new(vec![numbers[0], numbers[2]], vec![numbers[1], numbers[3]])
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
        assert_eq!(s.x.param(), HyperParam::LearningRate);
        assert_eq!(s.x.scale(), Scale::Log);
        assert_eq!(s.y.param(), HyperParam::AdamBeta2);
        assert_eq!(s.budget, 25);
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
