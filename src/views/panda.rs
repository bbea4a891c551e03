//! "Panda" (course notes §3): babysitting one model. With little compute you train one network
//! and watch its learning curve, nudging α (or β) while it runs. The run itself is a
//! [`crate::train::Trainer`]; this module holds where the view starts and its short guide.
//!
//! **Where it starts** ([`START`]): two interleaved spirals, a 2 → 16 → 16 → 1 tanh network
//! with batch norm, SGD at α = 0.03 and mini-batches of 50. The spiral is not learned in the
//! first few hundred steps (the validation loss sits near ln 2 ≈ 0.69 minus what the majority
//! class gives, about 0.63, for ~1,000 steps), so a nudge of α visibly changes the curve; and
//! on it batch norm is better than no batch norm at every α from 0.03 to 3 (without BN, α = 3
//! diverges), so switching BN off never teaches the opposite of the course. `tests/panda.rs`
//! measures both.
//!
//! **The guide** ([`SCENARIOS`]): one-click presets, each a URL state with one task and one
//! thing to watch (words at `panda.scenario.<name>.*` in the catalogue). In each, doing the
//! task — the [`Action`] — changes the loss curve a lot; `tests/panda.rs` measures every one
//! with and without it, at several steps where a learner might act.

use crate::train::Trainer;

/// The curves get a point every this many steps at first …
pub const RECORD_EVERY: u64 = 10;
/// … then half as many each time the run doubles past this many steps, so a long run keeps a
/// few hundred points per doubling and stays cheap to draw.
pub const RECORD_SPARSER_AFTER: u64 = 3000;

/// The recording interval at step count `step` (after that update), and the first step count
/// with another interval: 10 up to 5,999, 20 from 6,000 to 11,999, 40 from 12,000 …
fn band(step: u64) -> (u64, u64) {
    let (mut every, mut edge) = (RECORD_EVERY, 2 * RECORD_SPARSER_AFTER);
    while step >= edge && edge < u64::MAX / 2 {
        every *= 2;
        edge *= 2;
    }
    (every, edge)
}

/// How often the panda's curves are recorded when the run has done `step` updates.
pub fn record_every(step: u64) -> u64 {
    band(step).0
}

/// Advances a panda run by up to `n` updates and returns how many were done (fewer once it has
/// diverged). The curves get their points at [`record_every`] of each step count alone, so a
/// link replaying the run to step N in other chunks than the live run draws the same curves;
/// and the babysitting changes due at the step reached are in effect when it returns.
pub fn advance(trainer: &mut Trainer, n: u64) -> u64 {
    let mut done = 0;
    loop {
        let next = trainer.steps() + 1;
        let (every, edge) = band(next);
        let k = (n - done).min(edge - next);
        trainer.set_record_every(every);
        let did = trainer.step(k as usize) as u64;
        done += did;
        if did < k || done == n {
            return done;
        }
    }
}

/// The training keys the panda view (and the caviar, which opens its models here) starts
/// elsewhere than the settings table: the spiral, a 2 → 16 → 16 → 1 network, batches of 50.
pub const START: &[(&str, &str)] = &[("dataset", "spiral"), ("hidden", "16,16"), ("batch", "50")];

/// What a scenario asks the learner to do.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Action {
    /// Multiply α by `factor` mid-run (the α × 2 / α ÷ 2 buttons, `presses` times).
    ScaleLearningRate {
        /// α after ÷ before.
        factor: f64,
        /// Button presses it takes (each doubles or halves α).
        presses: u32,
    },
    /// Raise momentum β mid-run, from 0 to `to` (the β + button halves 1 − β per press).
    RaiseMomentum {
        /// β after.
        to: f64,
        /// Button presses it takes.
        presses: u32,
    },
    /// Switch batch normalization on (a new run with the same seeds).
    BatchNormOn,
}

impl Action {
    /// The page's name of the control that does it: `lr-down`, `lr-up`, `beta-up` or `bn`.
    pub fn control(self) -> &'static str {
        match self {
            Action::ScaleLearningRate { factor, .. } if factor < 1.0 => "lr-down",
            Action::ScaleLearningRate { .. } => "lr-up",
            Action::RaiseMomentum { .. } => "beta-up",
            Action::BatchNormOn => "bn",
        }
    }

    /// How many presses of that control.
    pub fn presses(self) -> u32 {
        match self {
            Action::ScaleLearningRate { presses, .. } | Action::RaiseMomentum { presses, .. } => {
                presses
            }
            Action::BatchNormOn => 1,
        }
    }
}

/// One guided scenario: a preset and what to do in it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scenario {
    /// Its id (words at `panda.scenario.<name>.title`, `.task` and `.watch`).
    pub name: &'static str,
    /// The URL state it opens (panda keys; the rest at the panda's defaults).
    pub query: &'static str,
    /// What the task asks the learner to do.
    pub action: Action,
}

/// The URL's names of the scenario shown (`scenario`): `none`, then each of [`SCENARIOS`].
pub const SCENARIO_NAMES: &[&str] = &["none", "too-high", "plateau", "deep-init", "ravine"];

/// The guide's scenarios, in the order the page lists them.
///
/// - `too-high`: α = 3 without BN on a noisy circle: the loss jumps between 0.3 and 2 and the
///   run blows up at step 2,265; halving α calms it (validation loss 3–5 × lower 1,000 steps
///   later, wherever the learner acts). Played at 1 step per frame so there is time to act.
/// - `plateau`: no BN at α = 0.3: the loss sits on the plateau near 0.63 for ~3,000 steps;
///   α × 4 (two presses of α × 2) escapes it within ~1,000 steps.
/// - `deep-init`: four hidden layers initialized × 100 without BN: every tanh saturates and the
///   loss starts near 60; with BN (which normalizes z whatever the weights' scale) the same
///   network learns.
/// - `ravine`: the momentum optimizer at β = 0 (plain SGD) and α = 2: the loss stays on the
///   plateau; β = 0.5 (one press of β +), each update an average of the last few gradients,
///   leaves it within ~1,500 steps.
pub const SCENARIOS: [Scenario; 4] = [
    Scenario {
        name: "too-high",
        query: "dataset=circle&noise=0.3&hidden=8,8&batch=10&bn=0&lr=3&speed=1",
        action: Action::ScaleLearningRate {
            factor: 0.5,
            presses: 1,
        },
    },
    Scenario {
        name: "plateau",
        query: "bn=0&lr=0.3",
        action: Action::ScaleLearningRate {
            factor: 4.0,
            presses: 2,
        },
    },
    Scenario {
        name: "deep-init",
        query: "hidden=16,16,16,16&initScale=100&bn=0",
        action: Action::BatchNormOn,
    },
    Scenario {
        name: "ravine",
        query: "bn=0&optimizer=momentum&momentum=0&lr=2",
        action: Action::RaiseMomentum {
            to: 0.5,
            presses: 1,
        },
    },
];
