//! The numbers behind the race, as tables for the classroom's CSV and JSON export: every trial
//! of the race on the page (and of its finer pass), the fair repeats' summary, and the study's
//! trials and shares. Columns are machine names (`lr`, `score`, …); a categorical value is its
//! choice's name (`on`, `relu`); a status is `scored`, `diverged`, `failed` or `pending`.

use super::board::Race;
use super::study::{Study, COURSE_TIERS};
use super::{STRATEGIES, STRATEGY_IDS};
use crate::search::objective::Outcome;
use crate::search::space::{Axis, Scale};

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// A number.
    Num(f64),
    /// A word.
    Text(String),
    /// Nothing (a pending trial's score).
    Empty,
}

/// A table: a name (the CSV file's), column names, rows of cells.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The table's name.
    pub name: &'static str,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// A hyperparameter's value: a number, or a choice's name on a categorical axis.
fn value(axis: &Axis, v: f64) -> Cell {
    match axis.scale() {
        Scale::Categorical => axis
            .param()
            .choices()
            .get(v.max(0.0) as usize)
            .map_or(Cell::Num(v), |c| text(c)),
        _ => Cell::Num(v),
    }
}

/// A trial's score and status.
fn outcome_cells(o: Option<&Outcome>) -> [Cell; 2] {
    match o {
        None => [Cell::Empty, text("pending")],
        Some(Outcome::Score(s)) => [Cell::Num(*s), text("scored")],
        Some(Outcome::Diverged { .. }) => [Cell::Empty, text("diverged")],
        Some(Outcome::Failed { .. }) => [Cell::Empty, text("failed")],
    }
}

impl Race {
    /// `trials`: pass, strategy, trial (1-based), one column per searched hyperparameter,
    /// score and status — every trial of the race on the page, then those of the finer pass
    /// `zoomed` (pass 2).
    pub fn trials_table(&self, zoomed: Option<&Race>) -> Table {
        let axes = &self.settings().axes;
        let mut columns: Vec<String> = ["pass", "strategy", "trial"].map(String::from).into();
        columns.extend(axes.iter().map(|a| a.param().key().to_string()));
        columns.extend(["score", "status"].map(String::from));
        let mut rows = Vec::new();
        for (pass, race) in std::iter::once(self).chain(zoomed).enumerate() {
            for &i in race.running() {
                for (t, (point, o)) in race.points(i).iter().zip(race.outcomes_of(i)).enumerate() {
                    let mut row = vec![
                        Cell::Num((pass + 1) as f64),
                        text(STRATEGY_IDS[i]),
                        Cell::Num((t + 1) as f64),
                    ];
                    row.extend(axes.iter().zip(point).map(|(a, &v)| value(a, v)));
                    row.extend(outcome_cells(o.as_ref()));
                    rows.push(row);
                }
            }
        }
        Table {
            name: "trials",
            columns,
            rows,
        }
    }

    /// `repeats`, once any fair repeat finished: per strategy, the repeats done, how often it
    /// beat the grid (and tied), and its median best score.
    pub fn repeats_table(&self) -> Option<Table> {
        let r = self.summary().repeats?;
        let rows = (0..STRATEGIES)
            .map(|i| {
                vec![
                    text(STRATEGY_IDS[i]),
                    Cell::Num(r.done as f64),
                    Cell::Num(r.wins[i] as f64),
                    Cell::Num(r.ties[i] as f64),
                    Cell::Num(r.median_best[i]),
                ]
            })
            .collect();
        Some(Table {
            name: "repeats",
            columns: [
                "strategy",
                "repeats",
                "wins_over_grid",
                "ties_with_grid",
                "median_best",
            ]
            .map(String::from)
            .into(),
            rows,
        })
    }

    /// The race's tables: `trials` and, after repeats, `repeats`.
    pub fn tables(&self, zoomed: Option<&Race>) -> Vec<Table> {
        std::iter::once(self.trials_table(zoomed))
            .chain(self.repeats_table())
            .collect()
    }
}

impl Study {
    /// `study_trials`: trial (1-based), its optimizer, the nine hyperparameters, score and
    /// status; and, once ranked, `study_shares`: rank, hyperparameter, share of variance, noise
    /// level, course tier and measured tier.
    pub fn tables(&self) -> Vec<Table> {
        let axes = self.space().axes();
        let mut columns: Vec<String> = ["trial", "optimizer"].map(String::from).into();
        columns.extend(axes.iter().map(|a| a.param().key().to_string()));
        columns.extend(["score", "status"].map(String::from));
        let rows = self
            .points()
            .iter()
            .enumerate()
            .map(|(t, point)| {
                let mut row = vec![
                    Cell::Num((t + 1) as f64),
                    text(super::study::optimizer_of(t).name()),
                ];
                row.extend(axes.iter().zip(point).map(|(a, &v)| value(a, v)));
                row.extend(outcome_cells(self.outcome(t).as_ref()));
                row
            })
            .collect();
        let mut tables = vec![Table {
            name: "study_trials",
            columns,
            rows,
        }];
        if let Some(ranking) = self.summary().ranking {
            debug_assert_eq!(ranking.len(), COURSE_TIERS.len());
            tables.push(Table {
                name: "study_shares",
                columns: [
                    "rank",
                    "hyperparameter",
                    "share",
                    "noise",
                    "course_tier",
                    "measured_tier",
                    "trials",
                ]
                .map(String::from)
                .into(),
                rows: ranking
                    .iter()
                    .enumerate()
                    .map(|(k, r)| {
                        vec![
                            Cell::Num((k + 1) as f64),
                            text(r.param.key()),
                            Cell::Num(r.share),
                            Cell::Num(r.noise),
                            Cell::Num(r.course_tier as f64),
                            Cell::Num(r.measured_tier as f64),
                            Cell::Num(r.trials as f64),
                        ]
                    })
                    .collect(),
            });
        }
        tables
    }
}
