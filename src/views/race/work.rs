//! The workers' side of a race: a [`Runner`] trains a list of tasks (landscape cells, trials of
//! a repeat, study trials) a slice of steps at a time, so a worker can report progress in
//! steps — not only in finished trainings — and let a cancel in between slices, however long
//! one training is.
//!
//! What a task means is a [`Plan`]'s business: [`RaceSettings`](super::RaceSettings) plans
//! landscape cells ([`CELL`]` | index`) and trials (`(r·3 + i)·budget + t`: repeat r, strategy
//! i, trial t), [`Study`](super::study::Study) its trials.

use super::cost;
use super::encode_outcome;
use crate::config::Config;
use crate::search::objective::Outcome;
use crate::search::real;
use crate::train::Trainer;

/// The flag of a landscape-cell task: `CELL | cell index`.
pub const CELL: u32 = 1 << 31;

/// What one task needs.
#[derive(Clone, Debug)]
pub enum Job {
    /// Train `config` for `steps` steps and score it.
    Train {
        /// The full training config.
        config: Config,
        /// Steps to train.
        steps: usize,
    },
    /// Already known (the synthetic formula, or a point that cannot be trained).
    Done(Outcome),
}

/// Turns task numbers into jobs.
pub trait Plan {
    /// The job of `task`.
    fn job(&mut self, task: u32) -> Job;
}

/// What one call of [`Runner::work`] finished.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Slice {
    /// The tasks finished in this slice.
    pub tasks: Vec<u32>,
    /// Their results, encoded ([`encode_outcome`]): score, +∞ diverged, −∞ impossible.
    pub results: Vec<f64>,
    /// Training steps done in this slice (a diverged training counts its skipped steps).
    pub steps: u64,
    /// True once every task is finished.
    pub done: bool,
}

struct Current {
    task: u32,
    trainer: Trainer,
    left: usize,
    step_ops: f64,
}

/// Trains every one of `tasks` to the end in one go (natively: examples and tests), in slices of
/// about `budget_ops` ops, handing each slice's results to `record` with the plan. Returns the
/// training steps done.
pub fn run_all<P: Plan>(
    plan: &mut P,
    tasks: Vec<u32>,
    budget_ops: f64,
    mut record: impl FnMut(&mut P, &Slice),
) -> u64 {
    let mut runner = Runner::new(tasks);
    let mut steps = 0;
    loop {
        let slice = runner.work(plan, budget_ops);
        steps += slice.steps;
        record(plan, &slice);
        if slice.done {
            return steps;
        }
    }
}

/// Trains its tasks in order, a slice at a time.
pub struct Runner {
    tasks: Vec<u32>,
    next: usize,
    current: Option<Current>,
    first_problem: Option<String>,
}

impl Runner {
    /// A runner over `tasks`, in order.
    pub fn new(tasks: Vec<u32>) -> Runner {
        Runner {
            tasks,
            next: 0,
            current: None,
            first_problem: None,
        }
    }

    /// The first divergence or impossible setting met, for the learner.
    pub fn first_problem(&self) -> Option<&str> {
        self.first_problem.as_deref()
    }

    fn finish(&mut self, slice: &mut Slice, task: u32, outcome: Outcome) {
        if self.first_problem.is_none() {
            if let Outcome::Diverged { message } | Outcome::Failed { message } = &outcome {
                self.first_problem = Some(message.clone());
            }
        }
        slice.tasks.push(task);
        slice.results.push(encode_outcome(&outcome));
    }

    /// Works for about `budget_ops` ops (see [`cost`]) — at least one step — and returns what
    /// finished.
    pub fn work(&mut self, plan: &mut dyn Plan, budget_ops: f64) -> Slice {
        let mut slice = Slice::default();
        let mut spent = 0.0;
        while spent < budget_ops || (slice.steps == 0 && slice.tasks.is_empty()) {
            let Some(cur) = self.current.as_mut() else {
                let Some(&task) = self.tasks.get(self.next) else {
                    slice.done = true;
                    break;
                };
                self.next += 1;
                match plan.job(task) {
                    Job::Done(outcome) => {
                        spent += 1_000.0;
                        self.finish(&mut slice, task, outcome);
                    }
                    Job::Train { config, steps } => {
                        spent += cost::training_ops(&config, 0);
                        match real::start(&config) {
                            Ok(trainer) => {
                                self.current = Some(Current {
                                    task,
                                    step_ops: cost::step_ops(&config),
                                    trainer,
                                    left: steps,
                                })
                            }
                            Err(outcome) => {
                                slice.steps += steps as u64;
                                self.finish(&mut slice, task, outcome);
                            }
                        }
                    }
                }
                continue;
            };
            let room = ((budget_ops - spent) / cur.step_ops).floor().max(1.0) as usize;
            let n = room.min(cur.left);
            let done = cur.trainer.step(n);
            spent += n as f64 * cur.step_ops;
            cur.left -= n;
            slice.steps += n as u64;
            if done < n {
                // Diverged: the rest of its steps are skipped.
                slice.steps += cur.left as u64;
                cur.left = 0;
            }
            if cur.left == 0 {
                let mut cur = self.current.take().expect("a current training");
                let outcome = real::finish(&mut cur.trainer);
                self.finish(&mut slice, cur.task, outcome);
            }
        }
        slice
    }
}
