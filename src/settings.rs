//! The one settings table: every URL key of every view, declared once.
//!
//! Like TensorFlow Playground's `state.ts` PROPS table, each [`Setting`] says what a key holds
//! (its [`Domain`]: range, choices or format), its default, and how a form shows it
//! ([`Control`]). Everything else reads this table: [`crate::query`] parses and validates URL
//! values with it, [`crate::config::Config`] and the views' settings read their keys through
//! it, the search space takes each hyperparameter's allowed range from it, and the page builds
//! its forms and defaults from it (`settingsTable()` in the web edge) — the JavaScript never
//! restates a key's range, default or limit.
//!
//! The words of a setting — its label, unit and help text — are in the message catalogues
//! ([`crate::i18n`]) under `setting.<key>.label`, `setting.<key>.unit` and
//! `setting.<key>.help`, one catalogue per language.
//!
//! A view may start some settings elsewhere than the table's default (the batch-norm lab starts
//! at α = 3, where a network without BN diverges): see [`View::defaults`].

use crate::views::View;

/// What values a setting takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Domain {
    /// A finite real number between `min` and `max`; an `open_` end excludes its bound.
    Real {
        /// Lower bound.
        min: f64,
        /// Upper bound.
        max: f64,
        /// True when `min` itself is not allowed.
        open_min: bool,
        /// True when `max` itself is not allowed.
        open_max: bool,
    },
    /// A whole number in `min..=max`.
    Whole {
        /// Smallest allowed.
        min: u64,
        /// Largest allowed.
        max: u64,
    },
    /// A seed: any whole number `0..=`[`MAX_SEED`].
    Seed,
    /// One of a few names.
    Choice(&'static [&'static str]),
    /// On (`1`) or off (`0`).
    Flag,
    /// Text in a key-specific format, parsed by its owner (hidden layer sizes, babysitting
    /// changes, a zoom box); described to the learner by `setting.<key>.format`.
    Format,
}

/// The largest seed: 2^53 − 1, so a seed survives a JavaScript number and a URL exactly.
pub const MAX_SEED: u64 = (1 << 53) - 1;

/// How a slider maps its position to a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliderScale {
    /// Equal steps in value.
    Linear,
    /// Equal steps in log10 of the value (α = 10^r).
    Log,
    /// Equal steps in log10(1 − value) (β = 1 − 10^r).
    OneMinusLog,
}

/// How a form shows a setting.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Control {
    /// A drop-down menu of the choices.
    Select,
    /// Side-by-side buttons, one per choice.
    Radio,
    /// An on/off switch.
    Switch,
    /// A number field with arrows stepping by `step`.
    Number {
        /// Arrow step.
        step: f64,
    },
    /// A free text field (for [`Domain::Format`] settings).
    Text,
    /// A seed field with a "new seed" button.
    Seed,
    /// A slider from `lo` to `hi` on `scale` (which may span less than the domain).
    Slider {
        /// How positions map to values.
        scale: SliderScale,
        /// Value at the left end.
        lo: f64,
        /// Value at the right end.
        hi: f64,
    },
    /// Not a form control: set by the page itself (the selected view, a zoom box drawn on a
    /// panel, babysitting changes).
    None,
}

/// Who reads a setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// The page as a whole (`view`).
    Page,
    /// The training config ([`crate::config::Config`]): every view that trains reads these.
    Training,
    /// One view's own setting.
    View(View),
    /// A setting some views share.
    Views(&'static [View]),
}

/// One setting: a URL key and what it may hold.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setting {
    /// The URL key (also the id of its words in the catalogues).
    pub key: &'static str,
    /// The values it takes.
    pub domain: Domain,
    /// The default, in URL form (`""`: none, or computed by the owner — see its docs).
    pub default: &'static str,
    /// How a form shows it.
    pub control: Control,
    /// Who reads it.
    pub owner: Owner,
}

const fn real(min: f64, max: f64) -> Domain {
    Domain::Real {
        min,
        max,
        open_min: false,
        open_max: false,
    }
}

const fn real_open_min(min: f64, max: f64) -> Domain {
    Domain::Real {
        min,
        max,
        open_min: true,
        open_max: false,
    }
}

const fn real_open_max(min: f64, max: f64) -> Domain {
    Domain::Real {
        min,
        max,
        open_min: false,
        open_max: true,
    }
}

const fn whole(min: u64, max: u64) -> Domain {
    Domain::Whole { min, max }
}

const fn slider(scale: SliderScale, lo: f64, hi: f64) -> Control {
    Control::Slider { scale, lo, hi }
}

const fn s(
    key: &'static str,
    domain: Domain,
    default: &'static str,
    control: Control,
    owner: Owner,
) -> Setting {
    Setting {
        key,
        domain,
        default,
        control,
        owner,
    }
}

use Control as C;
use Owner::{Page, Training};

/// The most hidden layers a network may have.
pub const MAX_LAYERS: usize = 4;
/// The most units a hidden layer may have.
pub const MAX_UNITS: usize = 64;
/// The most trials per strategy a race may ask for.
pub const MAX_RACE_BUDGET: u64 = 400;
/// The most training steps per real trial of a race.
pub const MAX_RACE_STEPS: u64 = 5000;
/// The most fair repeats a race runs.
pub const MAX_RACE_REPEATS: u64 = 1000;
/// The most trials of the race's "Which hyperparameters matter?" study.
pub const MAX_STUDY_TRIALS: u64 = 2000;
/// The most models a caviar trains at once.
pub const MAX_CAVIAR_MODELS: u64 = 64;
/// The most training steps per model of a caviar.
pub const MAX_CAVIAR_STEPS: u64 = 20_000;
/// The most samples the right-scale view draws.
pub const MAX_SCALE_SAMPLES: u64 = 100_000;
/// The right-scale view's range [10^a, 10^b]: the smallest a …
pub const MIN_SCALE_EXPONENT: f64 = -8.0;
/// … and the largest b.
pub const MAX_SCALE_EXPONENT: f64 = 2.0;

/// The page's languages (one catalogue each in `www/i18n/`).
pub const LANGUAGES: &[&str] = &["en", "zh"];
/// The names of the datasets, in menu order (see [`crate::config::DatasetKind`]).
pub const DATASETS: &[&str] = &[
    "circle",
    "xor",
    "gaussians",
    "spiral",
    "moons",
    "spiral3",
    "blobs3",
];
/// The softmax view's three-class datasets.
pub const SOFTMAX_DATASETS: &[&str] = &["blobs3", "spiral3"];
/// The softmax view's two-class datasets (for C = 2).
pub const BINARY_DATASETS: &[&str] = &["moons", "gaussians", "circle", "xor"];
/// The names of the hidden nonlinearities.
pub const ACTIVATIONS: &[&str] = &["tanh", "relu"];
/// Where batch norm sits in a hidden layer (see [`crate::config::BnPlace`]).
pub const BN_PLACES: &[&str] = &["z", "a"];
/// The names of the initialization schemes.
pub const INITS: &[&str] = &["he", "xavier"];
/// The names of the optimizers.
pub const OPTIMIZERS: &[&str] = &["sgd", "momentum", "adam"];
/// The URL names of the search scales (see [`crate::search::Scale`]).
pub const SCALES: &[&str] = &[
    "linear",
    "log",
    "oneMinusLog",
    "integer",
    "powersOfTwo",
    "categorical",
];
/// A race's optional third and fourth axes: `none` or a hyperparameter.
pub const OPTIONAL_AXES: &[&str] = &[
    "none",
    "lr",
    "momentum",
    "units",
    "batch",
    "layers",
    "decay",
    "beta1",
    "beta2",
    "adamEps",
    "initScale",
    "bn",
    "activation",
];
/// The URL keys of the searchable hyperparameters (see [`crate::search::HyperParam`]).
pub const HYPERPARAMS: &[&str] = &[
    "lr",
    "momentum",
    "units",
    "batch",
    "layers",
    "decay",
    "beta1",
    "beta2",
    "adamEps",
    "initScale",
    "bn",
    "activation",
];

/// Every setting of every view.
pub static SETTINGS: &[Setting] = &[
    // ---- the page ----
    s("view", Domain::Choice(View::NAMES), "panda", C::None, Page),
    // The page's language; empty: the browser's (Chinese for any zh-*, else English).
    s("lang", Domain::Choice(LANGUAGES), "", C::None, Page),
    // Presenter mode (type scaled to the screen, controls a lesson does not need hidden).
    s("present", Domain::Flag, "0", C::None, Page),
    // The step of the open view's lesson script (0: none).
    s("lesson", whole(0, 8), "0", C::None, Page),
    // The training step a link shows: opening it replays the run to that step (deterministic:
    // same seeds, same nudges), then pauses.
    s(
        "at",
        whole(0, 10_000_000),
        "0",
        C::None,
        Owner::Views(&[View::Panda, View::Bnlab, View::Softmax]),
    ),
    // ---- training: data ----
    s(
        "dataset",
        Domain::Choice(DATASETS),
        "circle",
        C::Select,
        Training,
    ),
    s(
        "points",
        whole(20, 5000),
        "500",
        C::Number { step: 10.0 },
        Training,
    ),
    s(
        "noise",
        real(0.0, 1.0),
        "0.1",
        slider(SliderScale::Linear, 0.0, 1.0),
        Training,
    ),
    s(
        "train",
        real(0.1, 0.9),
        "0.5",
        slider(SliderScale::Linear, 0.1, 0.9),
        Training,
    ),
    s("dataSeed", Domain::Seed, "1", C::Seed, Training),
    // ---- training: network ----
    s("hidden", Domain::Format, "8,8", C::Text, Training),
    s(
        "activation",
        Domain::Choice(ACTIVATIONS),
        "tanh",
        C::Radio,
        Training,
    ),
    s("bn", Domain::Flag, "1", C::Switch, Training),
    s(
        "bnPlace",
        Domain::Choice(BN_PLACES),
        "z",
        C::Radio,
        Training,
    ),
    s(
        "bnEps",
        real(1e-12, 1.0),
        "0.00001",
        C::Number { step: 1e-5 },
        Training,
    ),
    s(
        "bnMomentum",
        real(0.0, 1.0),
        "0.1",
        C::Number { step: 0.01 },
        Training,
    ),
    s("init", Domain::Choice(INITS), "xavier", C::Radio, Training),
    s(
        "initScale",
        real(0.01, 100.0),
        "1",
        slider(SliderScale::Log, 0.01, 100.0),
        Training,
    ),
    s("initSeed", Domain::Seed, "1", C::Seed, Training),
    // ---- training: optimization ----
    s(
        "optimizer",
        Domain::Choice(OPTIMIZERS),
        "sgd",
        C::Radio,
        Training,
    ),
    s(
        "lr",
        real_open_min(0.0, 100.0),
        "0.03",
        slider(SliderScale::Log, 1e-4, 10.0),
        Training,
    ),
    s(
        "momentum",
        real_open_max(0.0, 1.0),
        "0.9",
        slider(SliderScale::OneMinusLog, 0.0, 0.999),
        Training,
    ),
    s(
        "beta1",
        real_open_max(0.0, 1.0),
        "0.9",
        C::Number { step: 0.01 },
        Training,
    ),
    s(
        "beta2",
        real_open_max(0.0, 1.0),
        "0.999",
        C::Number { step: 0.001 },
        Training,
    ),
    s(
        "adamEps",
        real_open_min(0.0, 1.0),
        "1e-8",
        C::Number { step: 1e-8 },
        Training,
    ),
    s(
        "decay",
        real(0.0, 100.0),
        "0",
        C::Number { step: 0.01 },
        Training,
    ),
    s(
        "batch",
        whole(1, 5000),
        "10",
        C::Number { step: 1.0 },
        Training,
    ),
    s("batchSeed", Domain::Seed, "1", C::Seed, Training),
    s("nudges", Domain::Format, "", C::None, Training),
    // ---- panda: the page's loop ----
    s(
        "speed",
        Domain::Choice(&["1", "10", "100", "max"]),
        "10",
        C::Select,
        Owner::View(View::Panda),
    ),
    // The BN statistics the decision field is drawn with: running averages (inference) or the
    // batch's own (training); shared by the panda view and the batch-norm lab.
    s(
        "bnMode",
        Domain::Choice(&["running", "batch"]),
        "running",
        C::Radio,
        Owner::Views(&[View::Panda, View::Bnlab]),
    ),
    // The guide's scenario shown (its task and the control it marks), or none.
    s(
        "scenario",
        Domain::Choice(crate::views::panda::SCENARIO_NAMES),
        "none",
        C::None,
        Owner::View(View::Panda),
    ),
    // ---- caviar ----
    s(
        "models",
        whole(2, MAX_CAVIAR_MODELS),
        "24",
        C::Number { step: 4.0 },
        Owner::View(View::Caviar),
    ),
    s(
        "modelSteps",
        whole(10, MAX_CAVIAR_STEPS),
        "2000",
        C::Number { step: 500.0 },
        Owner::View(View::Caviar),
    ),
    s(
        "sample",
        Domain::Choice(&["space", "seeds"]),
        "space",
        C::Select,
        Owner::View(View::Caviar),
    ),
    s(
        "varyLr",
        Domain::Flag,
        "1",
        C::Switch,
        Owner::View(View::Caviar),
    ),
    s(
        "lrMin",
        real_open_min(0.0, 100.0),
        "0.001",
        C::Number { step: 0.001 },
        Owner::View(View::Caviar),
    ),
    s(
        "lrMax",
        real_open_min(0.0, 100.0),
        "10",
        C::Number { step: 1.0 },
        Owner::View(View::Caviar),
    ),
    s(
        "varyMomentum",
        Domain::Flag,
        "0",
        C::Switch,
        Owner::View(View::Caviar),
    ),
    s(
        "varyBatch",
        Domain::Flag,
        "0",
        C::Switch,
        Owner::View(View::Caviar),
    ),
    s(
        "varyUnits",
        Domain::Flag,
        "0",
        C::Switch,
        Owner::View(View::Caviar),
    ),
    s(
        "varyInitScale",
        Domain::Flag,
        "0",
        C::Switch,
        Owner::View(View::Caviar),
    ),
    s(
        "varyBn",
        Domain::Flag,
        "0",
        C::Switch,
        Owner::View(View::Caviar),
    ),
    s(
        "caviarSeed",
        Domain::Seed,
        "1",
        C::Seed,
        Owner::View(View::Caviar),
    ),
    s(
        "changedData",
        Domain::Choice(DATASETS),
        "moons",
        C::Select,
        Owner::View(View::Caviar),
    ),
    // The picture a caviar link shows: 1 when the caviar was run (opening the link runs it
    // again: it is deterministic from its seed), 1 in `rerun` when it is the re-run on changed
    // data (the caviar on `changedData` runs first, to compare with), and the model selected
    // on the leaderboard (1-based; 0: none).
    s("run", Domain::Flag, "0", C::None, Owner::View(View::Caviar)),
    s(
        "rerun",
        Domain::Flag,
        "0",
        C::None,
        Owner::View(View::Caviar),
    ),
    s(
        "model",
        whole(0, MAX_CAVIAR_MODELS),
        "0",
        C::None,
        Owner::View(View::Caviar),
    ),
    // ---- softmax ----
    s(
        "softmaxData",
        Domain::Choice(SOFTMAX_DATASETS),
        "blobs3",
        C::Radio,
        Owner::View(View::Softmax),
    ),
    s(
        "binaryData",
        Domain::Choice(BINARY_DATASETS),
        "moons",
        C::Select,
        Owner::View(View::Softmax),
    ),
    s(
        "softmaxSeed",
        Domain::Seed,
        "1",
        C::Seed,
        Owner::View(View::Softmax),
    ),
    s(
        "point",
        whole(1, crate::views::softmax::POINTS as u64),
        "",
        C::None,
        Owner::View(View::Softmax),
    ),
    // ---- race ----
    s(
        "budget",
        whole(1, MAX_RACE_BUDGET),
        "25",
        C::Number { step: 1.0 },
        Owner::View(View::Race),
    ),
    s(
        "xAxis",
        Domain::Choice(HYPERPARAMS),
        "lr",
        C::Select,
        Owner::View(View::Race),
    ),
    s(
        "xScale",
        Domain::Choice(SCALES),
        "",
        C::Radio,
        Owner::View(View::Race),
    ),
    s("xMin", Domain::Format, "", C::Text, Owner::View(View::Race)),
    s("xMax", Domain::Format, "", C::Text, Owner::View(View::Race)),
    s(
        "yAxis",
        Domain::Choice(HYPERPARAMS),
        "beta2",
        C::Select,
        Owner::View(View::Race),
    ),
    s(
        "yScale",
        Domain::Choice(SCALES),
        "",
        C::Radio,
        Owner::View(View::Race),
    ),
    s("yMin", Domain::Format, "", C::Text, Owner::View(View::Race)),
    s("yMax", Domain::Format, "", C::Text, Owner::View(View::Race)),
    s(
        "zAxis",
        Domain::Choice(OPTIONAL_AXES),
        "none",
        C::Select,
        Owner::View(View::Race),
    ),
    s(
        "zScale",
        Domain::Choice(SCALES),
        "",
        C::Radio,
        Owner::View(View::Race),
    ),
    s("zMin", Domain::Format, "", C::Text, Owner::View(View::Race)),
    s("zMax", Domain::Format, "", C::Text, Owner::View(View::Race)),
    s(
        "wAxis",
        Domain::Choice(OPTIONAL_AXES),
        "none",
        C::Select,
        Owner::View(View::Race),
    ),
    s(
        "wScale",
        Domain::Choice(SCALES),
        "",
        C::Radio,
        Owner::View(View::Race),
    ),
    s("wMin", Domain::Format, "", C::Text, Owner::View(View::Race)),
    s("wMax", Domain::Format, "", C::Text, Owner::View(View::Race)),
    s(
        "map",
        Domain::Choice(&["xy", "xz", "yz", "xw", "yw", "zw"]),
        "xy",
        C::Select,
        Owner::View(View::Race),
    ),
    s(
        "objective",
        Domain::Choice(&["real", "synthetic"]),
        "real",
        C::Radio,
        Owner::View(View::Race),
    ),
    s(
        "importance",
        real(0.0, 100.0),
        "0.1",
        C::Text,
        Owner::View(View::Race),
    ),
    s(
        "steps",
        whole(1, MAX_RACE_STEPS),
        "200",
        C::Number { step: 50.0 },
        Owner::View(View::Race),
    ),
    s(
        "searchSeed",
        Domain::Seed,
        "1",
        C::Seed,
        Owner::View(View::Race),
    ),
    s(
        "mapSize",
        whole(4, 64),
        "32",
        C::Number { step: 4.0 },
        Owner::View(View::Race),
    ),
    s("zoom", Domain::Format, "", C::Text, Owner::View(View::Race)),
    s(
        "dark",
        Domain::Flag,
        "1",
        C::Switch,
        Owner::View(View::Race),
    ),
    s(
        "repeats",
        whole(1, MAX_RACE_REPEATS),
        "200",
        C::Number { step: 50.0 },
        Owner::View(View::Race),
    ),
    s(
        "studyTrials",
        whole(20, MAX_STUDY_TRIALS),
        "200",
        C::Number { step: 50.0 },
        Owner::View(View::Race),
    ),
    // The race's picture state, set by its buttons: the fair repeats were run (`repeated=1`:
    // opening the link runs them again, deterministically), the study was run (`study=1`), and
    // `landscape=0` keeps the landscape hidden after the searches (the teacher reveals it).
    s(
        "repeated",
        Domain::Flag,
        "0",
        C::None,
        Owner::View(View::Race),
    ),
    s("study", Domain::Flag, "0", C::None, Owner::View(View::Race)),
    s(
        "landscape",
        Domain::Flag,
        "1",
        C::None,
        Owner::View(View::Race),
    ),
    // ---- right scale ----
    s(
        "samples",
        whole(1, MAX_SCALE_SAMPLES),
        "1000",
        C::Number { step: 1000.0 },
        Owner::View(View::Scale),
    ),
    s(
        "sampleSeed",
        Domain::Seed,
        "1",
        C::Seed,
        Owner::View(View::Scale),
    ),
    s(
        "logMin",
        real(MIN_SCALE_EXPONENT, MAX_SCALE_EXPONENT),
        "-4",
        C::Number { step: 1.0 },
        Owner::View(View::Scale),
    ),
    s(
        "logMax",
        real(MIN_SCALE_EXPONENT, MAX_SCALE_EXPONENT),
        "0",
        C::Number { step: 1.0 },
        Owner::View(View::Scale),
    ),
    // ---- batch-norm lab ----
    s(
        "layer",
        whole(1, MAX_LAYERS as u64),
        "1",
        C::Select,
        Owner::View(View::Bnlab),
    ),
    s(
        "unit",
        whole(1, MAX_UNITS as u64),
        "1",
        C::Select,
        Owner::View(View::Bnlab),
    ),
    s(
        "smallBatch",
        // 1 is in range so that the lab refuses it with the batch-norm explanation.
        whole(1, 5000),
        "4",
        C::Number { step: 1.0 },
        Owner::View(View::Bnlab),
    ),
    s(
        "largeBatch",
        // 1 is in range so that the lab refuses it with the batch-norm explanation.
        whole(1, 5000),
        "64",
        C::Number { step: 1.0 },
        Owner::View(View::Bnlab),
    ),
    // The lab's picture (what a link shows beside the settings): the formula's stage, which of
    // the lab's four parts is shown, and whether the sensitivity maps were computed (a link
    // with `maps=1` computes them on opening without asking first).
    s(
        "stage",
        whole(0, crate::views::bnlab::FORMULA_STAGES.len() as u64 - 1),
        "0",
        C::None,
        Owner::View(View::Bnlab),
    ),
    s(
        "part",
        whole(1, crate::views::bnlab::PARTS as u64),
        "1",
        C::None,
        Owner::View(View::Bnlab),
    ),
    s("maps", Domain::Flag, "0", C::None, Owner::View(View::Bnlab)),
];

/// The setting of URL key `key`, if there is one.
pub fn find(key: &str) -> Option<&'static Setting> {
    SETTINGS.iter().find(|s| s.key == key)
}

/// The setting of URL key `key`; panics for a key missing from the table (a programming error:
/// every key the code reads is declared above, and a test reads them all).
pub fn get(key: &str) -> &'static Setting {
    find(key).unwrap_or_else(|| panic!("'{key}' is not in the settings table"))
}

/// The keys `view` reads: the page's, the training keys (for views that train) and its own.
pub fn keys_of(view: View) -> impl Iterator<Item = &'static Setting> {
    SETTINGS.iter().filter(move |s| match s.owner {
        Page => true,
        Training => view.trains(),
        Owner::View(v) => v == view,
        Owner::Views(vs) => vs.contains(&view),
    })
}

/// The default of `key` in `view`, in URL form: the view's own start value if it has one
/// ([`View::defaults`]), else the table's.
pub fn default_in(view: View, key: &str) -> &'static str {
    view.defaults()
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| get(key).default, |(_, v)| v)
}

/// The known key closest to `key` (by edit distance, ignoring case), if it is close enough to
/// be a likely misspelling: "lrr" → "lr", "budgte" → "budget", "LR" → "lr".
pub fn nearest_key(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase();
    SETTINGS
        .iter()
        .map(|s| (edit_distance(&lower, &s.key.to_lowercase()), s.key))
        .filter(|&(d, k)| d <= 2.max(k.len() / 4) && d < k.len())
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// Levenshtein distance with adjacent transpositions counted once (optimal string alignment).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n;

    #[test]
    fn keys_are_unique_and_every_setting_has_words_in_english() {
        for (i, a) in SETTINGS.iter().enumerate() {
            assert!(
                SETTINGS[i + 1..].iter().all(|b| b.key != a.key),
                "'{}' is declared twice",
                a.key
            );
            if a.control != Control::None {
                for part in ["label", "help"] {
                    let id = format!("setting.{}.{part}", a.key);
                    assert!(i18n::has(&id), "en.json lacks {id}");
                }
            }
            if a.domain == Domain::Format && a.control != Control::None {
                let id = format!("setting.{}.format", a.key);
                assert!(i18n::has(&id), "en.json lacks {id}");
            }
        }
    }

    #[test]
    fn defaults_lie_in_their_domains() {
        for view in View::ALL {
            for s in keys_of(view) {
                let v = default_in(view, s.key);
                if v.is_empty() || s.domain == Domain::Format {
                    continue;
                }
                crate::query::check_value(s, v)
                    .unwrap_or_else(|e| panic!("default of '{}' in {view:?}: {e}", s.key));
            }
        }
    }

    #[test]
    fn misspelled_keys_find_their_nearest() {
        assert_eq!(nearest_key("lrr"), Some("lr"));
        assert_eq!(nearest_key("LR"), Some("lr"));
        assert_eq!(nearest_key("budgte"), Some("budget"));
        assert_eq!(nearest_key("datset"), Some("dataset"));
        assert_eq!(nearest_key("qqqqqqqq"), None);
    }
}
