//! The real objective: train the engine with the point's hyperparameters and score its
//! validation loss.

use super::objective::{Objective, Outcome};
use super::space::SearchSpace;
use crate::config::Config;
use crate::nn::Mode;
use crate::train::{Split, Status, Trainer};

/// Trains a network per point and scores it by validation loss (lower is better).
///
/// Each evaluation starts from `base`, sets the searched fields from the point
/// ([`SearchSpace::apply`]), trains for `steps` mini-batch steps (with learning curves off) and
/// returns the mean loss on the validation split in inference mode (batch norm with its running
/// averages). A run that diverges is [`Outcome::Diverged`]; a point that makes an invalid config
/// (e.g. a batch larger than the training set) is [`Outcome::Failed`] with the config's own
/// message. Seeds come from `base`, so every point trains on the same data from comparably
/// drawn weights, and the same point always gives the same score.
#[derive(Clone, Debug)]
pub struct RealObjective {
    /// Every setting the search does not vary.
    pub base: Config,
    /// The searched axes; points are in its axis order.
    pub space: SearchSpace,
    /// Training steps per evaluation.
    pub steps: usize,
}

impl RealObjective {
    /// The config a point trains with: `base` with the point's values applied (not validated).
    pub fn config_for(&self, point: &[f64]) -> Config {
        let mut cfg = self.base.clone();
        self.space.apply(&mut cfg, point);
        cfg
    }
}

/// A training of `config` ready to run step by step ([`Trainer::step`]), with its learning
/// curves off; a config that cannot train is [`Outcome::Failed`] with its own message.
pub fn start(config: &Config) -> Result<Trainer, Outcome> {
    match Trainer::new(config) {
        Ok(mut trainer) => {
            trainer.set_record_every(0);
            Ok(trainer)
        }
        Err(e) => Err(Outcome::Failed {
            message: e.to_string(),
        }),
    }
}

/// The score of a training after its steps: the validation loss in inference mode, or
/// [`Outcome::Diverged`] when it blew up.
pub fn finish(trainer: &mut Trainer) -> Outcome {
    let status = trainer.status();
    if let Status::Diverged { .. } = status {
        return Outcome::Diverged {
            message: status.message(trainer.config()),
        };
    }
    let loss = trainer.evaluate(Split::Valid, Mode::Inference).loss;
    if loss.is_finite() {
        Outcome::Score(loss)
    } else {
        Outcome::Diverged {
            message: crate::i18n::Msg::new("outcome.loss-not-finite")
                .num("loss", loss)
                .render(),
        }
    }
}

/// Trains `config` for `steps` steps and scores it ([`start`], [`Trainer::step`], [`finish`]).
pub fn train_and_score(config: &Config, steps: usize) -> Outcome {
    match start(config) {
        Ok(mut trainer) => {
            trainer.step(steps);
            finish(&mut trainer)
        }
        Err(outcome) => outcome,
    }
}

impl Objective for RealObjective {
    fn evaluate(&self, point: &[f64]) -> Outcome {
        train_and_score(&self.config_for(point), self.steps)
    }
}
