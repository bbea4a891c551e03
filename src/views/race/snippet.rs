//! "The same search in your tools": the race's random search on the right scale written out for
//! Optuna and for Ray Tune, one line per searched hyperparameter, ready to copy.
//!
//! Each axis becomes one draw a library offers ([`Draw`]) and, where no library has the
//! distribution, a formula that maps the drawn value to the hyperparameter ([`Map`]):
//!
//! | axis scale | Optuna | Ray Tune |
//! | --- | --- | --- |
//! | log | `trial.suggest_float("lr", 1e-4, 1.0, log=True)` | `tune.loguniform(1e-4, 1.0)` |
//! | 1 − 10^r | `1 - 10 ** trial.suggest_float("log10_1m_beta2", -4.0, -2.0)` | `tune.uniform(-4.0, -2.0)`, then `1 - 10 ** r` |
//! | linear | `trial.suggest_float("decay", 0.0, 1.0)` | `tune.uniform(0.0, 1.0)` |
//! | integer | `trial.suggest_int("units", 8, 64)` | `tune.randint(8, 65)` (upper bound excluded) |
//! | powers of two | `2 ** trial.suggest_int("log2_batch", 2, 7)` | `tune.randint(2, 8)`, then `2 ** k` |
//! | categorical | `trial.suggest_categorical("bn", ["off", "on"])` | `tune.choice(["off", "on"])` |
//!
//! The trial count is the race's budget and the sampler's seed its `searchSeed`. The comments
//! come from the catalogue (`race.snippet-*`), in the page's language.

use super::RaceSettings;
use crate::i18n::{self, Msg};
use crate::search::space::{Axis, Scale};

/// What a library draws for one axis.
#[derive(Clone, Debug, PartialEq)]
pub enum Draw {
    /// A float uniform in `[lo, hi]` (`log`: uniform in log10 of the value).
    Float {
        /// Lower end.
        lo: f64,
        /// Upper end.
        hi: f64,
        /// Log-uniform.
        log: bool,
    },
    /// An integer uniform in `lo..=hi`.
    Int {
        /// Smallest.
        lo: i64,
        /// Largest (included).
        hi: i64,
    },
    /// One of the choices, each equally likely.
    Choice(Vec<String>),
}

/// How the drawn value becomes the hyperparameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Map {
    /// The value itself.
    Same,
    /// `1 − 10^r` of the drawn r (the course's β = 1 − 10^r).
    OneMinusPow10,
    /// `2^k` of the drawn whole k.
    Pow2,
}

/// One searched hyperparameter as a library sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The Python variable (the hyperparameter's URL key: `lr`, `beta2`, …).
    pub var: &'static str,
    /// The name the library draws under (`lr`, `log10_1m_beta2`, `log2_batch`, …).
    pub name: String,
    /// What is drawn.
    pub draw: Draw,
    /// How the draw becomes the value.
    pub map: Map,
}

/// A number as Python source: at most 12 significant digits, always with a point or an
/// exponent (`0.0001`, `1.0`, `-2.0`, `1e-10`), so `1 − 0.99` written as r is `-2.0`.
pub fn py_float(v: f64) -> String {
    let rounded: f64 = format!("{v:.11e}").parse().unwrap_or(v);
    format!("{:?}", rounded + 0.0)
}

/// How each axis of a race is drawn, in slot order.
pub fn params(axes: &[Axis]) -> Vec<Param> {
    axes.iter().map(param).collect()
}

fn param(axis: &Axis) -> Param {
    let var = axis.param().key();
    let (name, draw, map) = match axis.scale() {
        Scale::Linear | Scale::Log => (
            var.to_string(),
            Draw::Float {
                lo: axis.lo(),
                hi: axis.hi(),
                log: axis.scale() == Scale::Log,
            },
            Map::Same,
        ),
        Scale::OneMinusLog => (
            format!("log10_1m_{var}"),
            Draw::Float {
                lo: libm::log10(1.0 - axis.hi()),
                hi: libm::log10(1.0 - axis.lo()),
                log: false,
            },
            Map::OneMinusPow10,
        ),
        Scale::Integer => (
            var.to_string(),
            Draw::Int {
                lo: axis.lo().round() as i64,
                hi: axis.hi().round() as i64,
            },
            Map::Same,
        ),
        Scale::PowersOfTwo => (
            format!("log2_{var}"),
            Draw::Int {
                lo: libm::log2(axis.lo()).round() as i64,
                hi: libm::log2(axis.hi()).round() as i64,
            },
            Map::Pow2,
        ),
        Scale::Categorical => (
            var.to_string(),
            Draw::Choice(
                axis.param()
                    .choices()
                    .iter()
                    .map(|c| c.to_string())
                    .collect(),
            ),
            Map::Same,
        ),
    };
    Param {
        var,
        name,
        draw,
        map,
    }
}

fn py_list(choices: &[String]) -> String {
    let items: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
    format!("[{}]", items.join(", "))
}

/// The expression of `p`'s value from `drawn` (the library's draw), with the comment that
/// says why when a formula is needed.
fn mapped(p: &Param, drawn: &str) -> String {
    let name = crate::search::HyperParam::parse(p.var).map(|h| h.label());
    let note = |id: &'static str| {
        let msg = Msg::new(id);
        let msg = match &name {
            Some(label) => msg.msg("name", label.clone()),
            None => msg,
        };
        format!("  # {}", msg.render())
    };
    match p.map {
        Map::Same => drawn.to_string(),
        Map::OneMinusPow10 => format!("1 - 10 ** {drawn}{}", note("race.snippet-one-minus")),
        Map::Pow2 => format!("2 ** {drawn}{}", note("race.snippet-pow2")),
    }
}

fn stub() -> String {
    format!(
        "def train_and_validate(**hyperparameters):\n    # {}\n    raise NotImplementedError\n",
        i18n::text("race.snippet-train")
    )
}

fn call(params: &[Param]) -> String {
    let args: Vec<String> = params.iter().map(|p| format!("{0}={0}", p.var)).collect();
    format!("train_and_validate({})", args.join(", "))
}

/// The race's random search on the right scale for Optuna: an objective drawing each axis
/// from `trial`, a seeded `RandomSampler`, `n_trials` = the budget.
pub fn optuna(settings: &RaceSettings) -> String {
    let params = params(&settings.axes);
    let mut out = format!("import optuna\n\n\n{}\n\ndef objective(trial):\n", stub());
    for p in &params {
        let drawn = match &p.draw {
            Draw::Float { lo, hi, log } => format!(
                "trial.suggest_float(\"{}\", {}, {}{})",
                p.name,
                py_float(*lo),
                py_float(*hi),
                if *log { ", log=True" } else { "" }
            ),
            Draw::Int { lo, hi } => format!("trial.suggest_int(\"{}\", {lo}, {hi})", p.name),
            Draw::Choice(c) => {
                format!("trial.suggest_categorical(\"{}\", {})", p.name, py_list(c))
            }
        };
        out += &format!("    {} = {}\n", p.var, mapped(p, &drawn));
    }
    out += &format!("    return {}\n\n\n", call(&params));
    out += &format!(
        "study = optuna.create_study(\n    direction=\"minimize\",\n    sampler=optuna.samplers.RandomSampler(seed={}),\n)\nstudy.optimize(objective, n_trials={})\n",
        settings.seed, settings.budget
    );
    out
}

/// The same search for Ray Tune: a `param_space` of Tune's distributions, a trainable that
/// maps the draws to the hyperparameters, `num_samples` = the budget, a seeded
/// `BasicVariantGenerator` (random search).
pub fn ray_tune(settings: &RaceSettings) -> String {
    let params = params(&settings.axes);
    let mut out = format!(
        "from ray import tune\nfrom ray.tune.search.basic_variant import BasicVariantGenerator\n\n\n{}\n\ndef trainable(config):\n",
        stub()
    );
    for p in &params {
        out += &format!(
            "    {} = {}\n",
            p.var,
            mapped(p, &format!("config[\"{}\"]", p.name))
        );
    }
    out += &format!(
        "    return {{\"loss\": {}}}\n\n\nparam_space = {{\n",
        call(&params)
    );
    for p in &params {
        let space = match &p.draw {
            Draw::Float { lo, hi, log } => format!(
                "tune.{}({}, {})",
                if *log { "loguniform" } else { "uniform" },
                py_float(*lo),
                py_float(*hi)
            ),
            Draw::Int { lo, hi } => format!("tune.randint({lo}, {})", hi + 1),
            Draw::Choice(c) => format!("tune.choice({})", py_list(c)),
        };
        out += &format!("    \"{}\": {space},\n", p.name);
    }
    out += &format!(
        "}}\ntuner = tune.Tuner(\n    trainable,\n    param_space=param_space,\n    tune_config=tune.TuneConfig(\n        metric=\"loss\",\n        mode=\"min\",\n        num_samples={},\n        search_alg=BasicVariantGenerator(random_state={}),\n    ),\n)\nresults = tuner.fit()\n",
        settings.budget, settings.seed
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_numbers_keep_a_point_and_lose_float_noise() {
        assert_eq!(py_float(1e-4), "0.0001");
        assert_eq!(py_float(1.0), "1.0");
        assert_eq!(py_float(libm::log10(1.0 - 0.99)), "-2.0");
        assert_eq!(py_float(1e-10), "1e-10");
        assert_eq!(py_float(0.9999), "0.9999");
        assert_eq!(py_float(-0.0), "0.0");
    }
}
