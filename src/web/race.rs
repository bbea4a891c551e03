//! The search views' handles: the "Grid vs random" race ([`RaceBoard`] on the page,
//! [`RaceEvaluator`] in the Web Workers) and the "Right scale" samples ([`ScaleSamples`]).
//!
//! The split follows the rule that workers compute and the page draws: a worker builds a
//! [`RaceEvaluator`] from the race's full query and trains the landscape cells and trials it is
//! handed, returning one number per evaluation (see [`crate::views::race::encode_outcome`]:
//! a score, +∞ diverged, −∞ failed). The page's [`RaceBoard`] plans the trials, records what
//! comes back, and draws the panels (RGBA) and charts (canvas backend).
//!
//! Bad settings throw a JS `Error` whose `message` is for the learner and whose `control`
//! property names the control it belongs next to (`x`, `y`, `budget`, `objective`,
//! `importance`, `steps`, `searchSeed`, `mapSize`, `zoom` or `config`).

use super::{chart_area, draw_chart, js_error, put_rgba};
use crate::render::charts;
use crate::render::race as race_draw;
use crate::render::race::{axis_ticks, PanelLayout, PanelScene, StrategyCurve, TrialMark};
use crate::search::{
    best_so_far, box_around_best, chance_of_top_hit, distinct_values, repeated_best_so_far,
    trials_needed, Axis, BestSoFarBands, Landscape, NearestCell, Objective, Outcome, Point,
    SearchSpace, Trial,
};
use crate::views::race::{
    decode_outcome, encode_outcome, importance_text, race_importance, ObjectiveKind, RaceObjective,
    RaceSettings, IMPORTANCE_STRATEGIES, STRATEGIES,
};
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// A core error for JS, with `key` (the URL key at fault) and `control` (the race form's group
/// that shows it: `x`, `y`, a race key, or `config` for the training keys).
fn setting_error(e: crate::Error) -> JsValue {
    let control = match e.key() {
        Some(k) if k.starts_with('x') && k.len() > 1 && k[1..2].chars().all(char::is_uppercase) => {
            "x"
        }
        Some(k) if k.starts_with('y') && k.len() > 1 && k[1..2].chars().all(char::is_uppercase) => {
            "y"
        }
        Some(
            k @ ("budget" | "objective" | "importance" | "steps" | "searchSeed" | "mapSize"
            | "zoom"),
        ) => k,
        _ => "config",
    }
    .to_string();
    let err = super::config_error(e);
    let _ = js_sys::Reflect::set(&err, &"control".into(), &control.into());
    err
}

fn set(obj: &js_sys::Object, key: &str, value: impl Into<JsValue>) {
    let _ = js_sys::Reflect::set(obj, &key.into(), &value.into());
}

/// `[[unit, label], …]` for the HTML tick labels of an axis.
fn ticks_value(axis: &Axis) -> js_sys::Array {
    axis_ticks(axis, 6)
        .into_iter()
        .map(|(u, label)| {
            let pair = js_sys::Array::new();
            pair.push(&u.into());
            pair.push(&label.into());
            JsValue::from(pair)
        })
        .collect()
}

/// Points as `[x0, y0, x1, y1, …]` (values, not unit coordinates).
fn flatten(points: &[Point]) -> Vec<f64> {
    points.iter().flat_map(|p| p.iter().copied()).collect()
}

/// The race of the "Grid vs random" view, on the page: its settings, planned trials, what the
/// workers reported, and the drawing of its panels and curves.
#[wasm_bindgen]
pub struct RaceBoard {
    settings: RaceSettings,
    space: SearchSpace,
    landscape: Landscape,
    points: Vec<Vec<Point>>,
    results: Vec<Vec<Option<Outcome>>>,
    bands: Vec<Option<BestSoFarBands>>,
    repeats: usize,
}

impl RaceBoard {
    fn from_settings(settings: RaceSettings) -> RaceBoard {
        let points: Vec<Vec<Point>> = (0..STRATEGIES).map(|i| settings.points(i)).collect();
        RaceBoard {
            space: settings.space(),
            landscape: settings.landscape(),
            results: points.iter().map(|p| vec![None; p.len()]).collect(),
            bands: vec![None; STRATEGIES],
            repeats: 0,
            points,
            settings,
        }
    }

    fn strategy(&self, i: usize) -> Result<usize, JsError> {
        if i < STRATEGIES {
            Ok(i)
        } else {
            Err(JsError::new(&format!("there is no strategy {i}")))
        }
    }

    /// The finished trials of strategy `i`, in trial order up to the first unfinished one.
    fn trials(&self, i: usize) -> Vec<Trial> {
        self.points[i]
            .iter()
            .zip(&self.results[i])
            .map_while(|(p, r)| {
                r.as_ref().map(|o| Trial {
                    point: p.clone(),
                    outcome: o.clone(),
                })
            })
            .collect()
    }

    /// Every finished trial of strategy `i`, in any order (workers may finish out of order).
    fn finished(&self, i: usize) -> Vec<Trial> {
        self.points[i]
            .iter()
            .zip(&self.results[i])
            .filter_map(|(p, r)| {
                r.as_ref().map(|o| Trial {
                    point: p.clone(),
                    outcome: o.clone(),
                })
            })
            .collect()
    }

    fn best_trial(&self, i: usize) -> Option<(Trial, f64)> {
        self.finished(i)
            .into_iter()
            .filter_map(|t| t.outcome.score().map(|s| (t, s)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
    }

    fn names(&self) -> [String; STRATEGIES] {
        let k = self.settings.grid_values_per_axis();
        [
            format!("grid {k} × {k}"),
            "random, uniform in value".into(),
            "random on the axes' scales".into(),
        ]
    }

    fn y_label(&self) -> &'static str {
        match self.settings.objective {
            ObjectiveKind::Real => "best validation loss so far",
            ObjectiveKind::Synthetic => "best f(x, y) so far",
        }
    }
}

#[wasm_bindgen]
impl RaceBoard {
    /// A race from the page's URL query; a bad setting throws an `Error` with `control`.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<RaceBoard, JsValue> {
        RaceSettings::from_query(query)
            .map(RaceBoard::from_settings)
            .map_err(setting_error)
    }

    /// The second, finer pass over the zoom box (`undefined` without one): the same race over
    /// the box's ranges with the next seed. Throws if the box is too small.
    pub fn zoomed(&self) -> Result<Option<RaceBoard>, JsValue> {
        match self.settings.zoomed() {
            None => Ok(None),
            Some(r) => r
                .map(|s| Some(RaceBoard::from_settings(s)))
                .map_err(setting_error),
        }
    }

    /// The race keys that differ from the defaults (what the URL should hold).
    pub fn query(&self) -> String {
        self.settings.to_query()
    }

    /// Every setting, for a worker's [`RaceEvaluator::from_query`].
    #[wasm_bindgen(js_name = fullQuery)]
    pub fn full_query(&self) -> String {
        self.settings.full_query()
    }

    /// Equal for races with equal landscapes: the page's cache key.
    #[wasm_bindgen(js_name = landscapeKey)]
    pub fn landscape_key(&self) -> String {
        self.settings.landscape_key()
    }

    /// Trials per strategy.
    #[wasm_bindgen(getter)]
    pub fn budget(&self) -> u32 {
        self.settings.budget as u32
    }

    /// True for the real objective (training), false for the synthetic formula.
    #[wasm_bindgen(getter, js_name = isReal)]
    pub fn is_real(&self) -> bool {
        self.settings.objective == ObjectiveKind::Real
    }

    /// Labels and facts for the page: `{ strategies: [name…], x: {name, key, scale, scaleName,
    /// min, max (formatted), minValue, maxValue (numbers), ticks: [[u, label]…]}, y: {…},
    /// gridK, budget, note, objective, importance, steps, mapSize, zoom? }`.
    pub fn info(&self) -> JsValue {
        let o = js_sys::Object::new();
        let names: js_sys::Array = self.names().iter().map(JsValue::from).collect();
        set(&o, "strategies", names);
        for (key, axis) in [("x", &self.settings.x), ("y", &self.settings.y)] {
            let a = js_sys::Object::new();
            set(&a, "name", axis.param().name());
            set(&a, "key", axis.param().key());
            set(&a, "scale", axis.scale().key());
            set(&a, "scaleName", axis.scale().name());
            set(&a, "min", axis.format_value(axis.lo()));
            set(&a, "max", axis.format_value(axis.hi()));
            set(&a, "minValue", axis.lo());
            set(&a, "maxValue", axis.hi());
            set(&a, "ticks", ticks_value(axis));
            set(&o, key, a);
        }
        set(&o, "gridK", self.settings.grid_values_per_axis() as u32);
        set(&o, "budget", self.settings.budget as u32);
        set(&o, "objective", self.settings.objective.key());
        set(&o, "importance", self.settings.importance);
        set(&o, "steps", self.settings.steps as u32);
        set(&o, "mapSize", self.settings.map_size as u32);
        if let Some(note) = &self.settings.note {
            set(&o, "note", note.render());
        }
        if let Some(z) = &self.settings.zoom {
            let b: js_sys::Array = [z.lo()[0], z.hi()[0], z.lo()[1], z.hi()[1]]
                .iter()
                .map(|&v| JsValue::from(v))
                .collect();
            set(&o, "zoom", b);
        }
        o.into()
    }

    // ----- the landscape -----

    /// Landscape cells per side.
    #[wasm_bindgen(getter, js_name = mapSize)]
    pub fn map_size(&self) -> u32 {
        self.settings.map_size as u32
    }

    /// Every cell index in coarse-to-fine order (deal it out to the workers).
    #[wasm_bindgen(js_name = landscapeOrder)]
    pub fn landscape_order(&self) -> Vec<u32> {
        self.landscape.order().iter().map(|&c| c as u32).collect()
    }

    /// Stores evaluated cells: `results[k]` (encoded) for cell `cells[k]`; NaN entries are
    /// skipped (pending).
    #[wasm_bindgen(js_name = recordCells)]
    pub fn record_cells(&mut self, cells: &[u32], results: &[f64]) {
        for (&cell, &v) in cells.iter().zip(results) {
            if let Some(outcome) = decode_outcome(v) {
                self.landscape.record(cell as usize, &outcome);
            }
        }
    }

    /// Every cell's encoded result (NaN where pending), to cache and restore with
    /// [`RaceBoard::restore_landscape`].
    #[wasm_bindgen(js_name = landscapeResults)]
    pub fn landscape_results(&self) -> Vec<f64> {
        let (values, status) = (self.landscape.values(), self.landscape.status());
        values
            .iter()
            .zip(status)
            .map(|(&v, s)| match s {
                crate::search::CellStatus::Pending => f64::NAN,
                crate::search::CellStatus::Scored => v,
                crate::search::CellStatus::Diverged => f64::INFINITY,
                crate::search::CellStatus::Failed => f64::NEG_INFINITY,
            })
            .collect()
    }

    /// Restores [`RaceBoard::landscape_results`] (cell by cell, NaN = pending).
    #[wasm_bindgen(js_name = restoreLandscape)]
    pub fn restore_landscape(&mut self, results: &[f64]) {
        for (cell, &v) in results.iter().enumerate() {
            if let Some(outcome) = decode_outcome(v) {
                self.landscape.record(cell, &outcome);
            }
        }
    }

    /// Cells evaluated so far.
    #[wasm_bindgen(getter, js_name = landscapeFilled)]
    pub fn landscape_filled(&self) -> u32 {
        self.landscape.progress().filled as u32
    }

    /// Cells in all.
    #[wasm_bindgen(getter, js_name = landscapeTotal)]
    pub fn landscape_total(&self) -> u32 {
        self.landscape.progress().total as u32
    }

    /// `[lo, hi]` of the landscape's scores (empty before any): the colour legend's ends.
    #[wasm_bindgen(js_name = scoreRange)]
    pub fn score_range(&self) -> Vec<f64> {
        race_draw::landscape_range(&self.landscape)
            .map(|(a, b)| vec![a, b])
            .unwrap_or_default()
    }

    // ----- the trials -----

    /// The trials strategy `i` plans, as `[x0, y0, x1, y1, …]` values in trial order (a grid
    /// may have fewer than the budget on a discrete axis).
    #[wasm_bindgen(js_name = trialPoints)]
    pub fn trial_points(&self, i: u32) -> Result<Vec<f64>, JsError> {
        let i = self.strategy(i as usize)?;
        Ok(flatten(&self.points[i]))
    }

    /// Number of trials strategy `i` plans.
    #[wasm_bindgen(js_name = trialCount)]
    pub fn trial_count(&self, i: u32) -> Result<u32, JsError> {
        let i = self.strategy(i as usize)?;
        Ok(self.points[i].len() as u32)
    }

    /// Stores results (encoded) of strategy `i`'s trials `from`, `from + 1`, …
    #[wasm_bindgen(js_name = recordTrials)]
    pub fn record_trials(&mut self, i: u32, from: u32, results: &[f64]) -> Result<(), JsError> {
        let i = self.strategy(i as usize)?;
        let slots = self.results[i].iter_mut().skip(from as usize);
        for (slot, &v) in slots.zip(results) {
            if let Some(outcome) = decode_outcome(v) {
                *slot = Some(outcome);
            }
        }
        Ok(())
    }

    /// Trials of strategy `i` finished so far.
    #[wasm_bindgen(js_name = trialsDone)]
    pub fn trials_done(&self, i: u32) -> Result<u32, JsError> {
        let i = self.strategy(i as usize)?;
        Ok(self.results[i].iter().filter(|r| r.is_some()).count() as u32)
    }

    /// `[distinct x values, distinct y values]` among strategy `i`'s finished trials.
    #[wasm_bindgen(js_name = distinctValues)]
    pub fn distinct_values(&self, i: u32) -> Result<Vec<u32>, JsError> {
        let i = self.strategy(i as usize)?;
        let finished = self.finished(i);
        Ok(distinct_values(&self.space, &finished)
            .into_iter()
            .map(|d| d as u32)
            .collect())
    }

    /// The best finished trial of strategy `i`: `[score, x, y]`, or empty.
    pub fn best(&self, i: u32) -> Result<Vec<f64>, JsError> {
        let i = self.strategy(i as usize)?;
        Ok(self
            .best_trial(i)
            .map(|(t, s)| vec![s, t.point[0], t.point[1]])
            .unwrap_or_default())
    }

    /// The best trial of strategy `i` in words ("α = 0.0316, Adam β2 = 0.999"), or "".
    #[wasm_bindgen(js_name = bestText)]
    pub fn best_text(&self, i: u32) -> Result<String, JsError> {
        let i = self.strategy(i as usize)?;
        Ok(self
            .best_trial(i)
            .map(|(t, _)| {
                let s = &self.settings;
                format!(
                    "{} = {}, {} = {}",
                    s.x.param().name(),
                    s.x.format_value(t.point[0]),
                    s.y.param().name(),
                    s.y.format_value(t.point[1])
                )
            })
            .unwrap_or_default())
    }

    /// How many of strategy `i`'s finished trials diverged or failed.
    #[wasm_bindgen(js_name = failedCount)]
    pub fn failed_count(&self, i: u32) -> Result<u32, JsError> {
        let i = self.strategy(i as usize)?;
        Ok(self.results[i]
            .iter()
            .filter(|r| matches!(r, Some(o) if o.score().is_none()))
            .count() as u32)
    }

    // ----- repeats -----

    /// Repeats every strategy `repeats` times (seeds after this run's) and keeps the quartiles
    /// of best-so-far for the chart. Scores come from the synthetic formula, or — for the real
    /// objective — from the landscape's nearest cell (no new training: an approximation to
    /// 1/mapSize of each axis). Throws if the real landscape is not complete yet.
    pub fn repeat(&mut self, repeats: u32) -> Result<(), JsError> {
        let objective = self.settings.objective();
        let lookup: Box<dyn Objective + '_> = match objective {
            RaceObjective::Synthetic(o) => Box::new(o),
            RaceObjective::Real(_) => {
                if !self.landscape.progress().is_done() {
                    return Err(JsError::new(
                        "the landscape is still being computed; repeat once it is complete",
                    ));
                }
                Box::new(NearestCell(&self.landscape))
            }
        };
        let mut bands = Vec::with_capacity(STRATEGIES);
        for i in 0..STRATEGIES {
            let first_seed = self.settings.strategy_seed(i).wrapping_add(1_000_000);
            bands.push(Some(
                repeated_best_so_far(
                    &self.space,
                    &self.settings.strategy(i),
                    lookup.as_ref(),
                    self.settings.budget,
                    repeats as usize,
                    first_seed,
                )
                .map_err(js_error)?,
            ));
        }
        drop(lookup);
        self.bands = bands;
        self.repeats = repeats as usize;
        Ok(())
    }

    /// Repeats run so far (0 before [`RaceBoard::repeat`]).
    #[wasm_bindgen(getter)]
    pub fn repeats(&self) -> u32 {
        self.repeats as u32
    }

    /// The median over the repeats of strategy `i`'s best score after the last trial (NaN
    /// before repeats).
    #[wasm_bindgen(js_name = repeatMedian)]
    pub fn repeat_median(&self, i: u32) -> Result<f64, JsError> {
        let i = self.strategy(i as usize)?;
        Ok(self.bands[i]
            .as_ref()
            .and_then(|b| b.median.last().copied())
            .unwrap_or(f64::NAN))
    }

    // ----- coarse to fine -----

    /// A zoom box `"x0,x1,y0,y1"` around the best quarter of strategy `i`'s finished trials
    /// (with a margin), for the `zoom` URL key. Throws when no trial has a score yet.
    #[wasm_bindgen(js_name = zoomAroundBest)]
    pub fn zoom_around_best(&self, i: u32) -> Result<String, JsError> {
        let i = self.strategy(i as usize)?;
        let region =
            box_around_best(&self.space, &self.finished(i), 0.25, 0.05).map_err(js_error)?;
        Ok(crate::views::race::zoom_text(&region))
    }

    // ----- which hyperparameter mattered -----

    /// The finished trials of the random searches, which the importance estimate pools.
    fn importance_trials(&self) -> Vec<Trial> {
        IMPORTANCE_STRATEGIES
            .iter()
            .flat_map(|&i| self.finished(i))
            .collect()
    }

    /// The share of the score's variance each axis explains on its own, `[x, y]` (summing to
    /// 1), from every finished trial of the two random searches; empty with too few scored
    /// trials (see [`race_importance`]).
    pub fn importance(&self) -> Vec<f64> {
        race_importance(&self.space, &self.importance_trials()).unwrap_or_default()
    }

    /// How many scored trials [`RaceBoard::importance`] is computed from.
    #[wasm_bindgen(js_name = importanceTrials)]
    pub fn importance_trial_count(&self) -> u32 {
        self.importance_trials()
            .iter()
            .filter(|t| t.outcome.score().is_some())
            .count() as u32
    }

    /// [`RaceBoard::importance`] in words, largest first ("learning rate α 93% · Adam β2 7%"),
    /// or "".
    #[wasm_bindgen(js_name = importanceText)]
    pub fn importance_text(&self) -> String {
        race_importance(&self.space, &self.importance_trials())
            .map(|shares| importance_text(&self.space, &shares))
            .unwrap_or_default()
    }

    /// Draws [`RaceBoard::importance`] as a bar per axis (percent of the score's variance),
    /// or clears the canvas when there is no estimate yet.
    #[wasm_bindgen(js_name = renderImportance)]
    pub fn render_importance(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let shares = self.importance();
        let area = chart_area(canvas)?;
        if shares.is_empty() {
            return area
                .fill(&WHITE)
                .and_then(|_| area.present())
                .map_err(|e| js_error(format!("chart: {e:?}")));
        }
        let chart = race_draw::importance_chart(&self.space, &shares);
        charts::draw_bar_chart(area, &chart).map_err(|e| js_error(format!("chart: {e:?}")))
    }

    // ----- drawing -----

    /// Draws strategy `i`'s panel onto `canvas` at its pixel size: landscape (previewed while
    /// it fills), finished trials, the best one starred, the rugs of distinct values, and —
    /// when `show_zoom` — the coarse-to-fine box.
    #[wasm_bindgen(js_name = renderPanel)]
    pub fn render_panel(
        &self,
        i: u32,
        canvas: &HtmlCanvasElement,
        show_zoom: bool,
    ) -> Result<(), JsError> {
        let i = self.strategy(i as usize)?;
        let (w, h) = (canvas.width() as usize, canvas.height() as usize);
        let to_unit = |p: &Point| {
            let u = self.space.to_unit(p);
            (u[0], u[1])
        };
        let trials = self.points[i]
            .iter()
            .zip(&self.results[i])
            .filter_map(|(p, r)| {
                r.as_ref().map(|o| {
                    let mark = if o.score().is_some() {
                        TrialMark::Scored
                    } else {
                        TrialMark::Failed
                    };
                    (to_unit(p), mark)
                })
            })
            .collect();
        let mut boxes = Vec::new();
        if show_zoom {
            if let Some(z) = &self.settings.zoom {
                boxes.push((z.lo()[0], z.hi()[0], z.lo()[1], z.hi()[1]));
            }
        }
        let scene = PanelScene {
            landscape: Some(&self.landscape),
            range: None,
            trials,
            best: self.best_trial(i).map(|(t, _)| to_unit(&t.point)),
            boxes,
        };
        put_rgba(canvas, &race_draw::panel_rgba(&scene, w, h))
    }

    /// Best score after each of strategy `i`'s trials, in trial order up to the first
    /// unfinished one (+∞ before the first score): e.g. a zoomed pass's curve, to continue the
    /// first pass's with [`RaceBoard::render_curves`].
    #[wasm_bindgen(js_name = bestSoFar)]
    pub fn best_so_far(&self, i: u32) -> Result<Vec<f64>, JsError> {
        let i = self.strategy(i as usize)?;
        Ok(best_so_far(&self.trials(i)))
    }

    /// Draws the best-so-far curves of the three strategies (and, after
    /// [`RaceBoard::repeat`], their medians and quartile bands). `continued` (empty for none)
    /// is the zoomed pass's [`RaceBoard::best_so_far`]: once the random-on-scale search has
    /// finished, its curve runs on through the zoomed pass's trials, after a "zoom" marker.
    #[wasm_bindgen(js_name = renderCurves)]
    pub fn render_curves(
        &self,
        canvas: &HtmlCanvasElement,
        continued: &[f64],
    ) -> Result<(), JsError> {
        let names = self.names();
        let curves: Vec<StrategyCurve> = (0..STRATEGIES)
            .map(|i| StrategyCurve {
                name: names[i].clone(),
                best_so_far: best_so_far(&self.trials(i)),
                bands: self.bands[i].clone(),
                // The zoomed pass continues the random-on-scale search, once that has finished.
                continued: if i == 2 && self.trials(i).len() == self.points[i].len() {
                    continued.to_vec()
                } else {
                    Vec::new()
                },
            })
            .collect();
        let chart = race_draw::best_so_far_chart(&curves, self.settings.budget, self.y_label());
        draw_chart(canvas, &chart)
    }
}

/// The hyperparameters a race can search, in the course's order of importance:
/// `[[key, name, kind, defaultScale], …]` with kind "real", "whole" or "choice".
#[wasm_bindgen(js_name = searchParams)]
pub fn search_params() -> js_sys::Array {
    crate::search::HyperParam::ALL
        .iter()
        .map(|p| {
            let kind = match p.kind() {
                crate::search::ValueKind::Real => "real",
                crate::search::ValueKind::Whole => "whole",
                crate::search::ValueKind::Choice => "choice",
            };
            let row: js_sys::Array = [p.key(), &p.name(), kind, p.default_axis().scale().key()]
                .iter()
                .map(|s| JsValue::from(*s))
                .collect();
            JsValue::from(row)
        })
        .collect()
}

/// Where the plot of a search panel of `width × height` pixels lies:
/// `[plotX, plotY, plotW, plotH, rug]` in pixels.
#[wasm_bindgen(js_name = panelLayout)]
pub fn panel_layout(width: u32, height: u32) -> Vec<u32> {
    let l = PanelLayout::of(width as usize, height as usize);
    [l.plot_x, l.plot_y, l.plot_w, l.plot_h, l.rug]
        .iter()
        .map(|&v| v as u32)
        .collect()
}

/// The chance that at least one of `n` random trials lands in the best share `p` of the
/// space: `1 − (1 − p)^n`.
#[wasm_bindgen(js_name = chanceOfTopHit)]
pub fn chance_of_top_hit_js(p: f64, n: u32) -> Result<f64, JsError> {
    chance_of_top_hit(p, n as usize).map_err(js_error)
}

/// The fewest random trials that land in the best share `p` with probability `confidence`.
#[wasm_bindgen(js_name = trialsNeeded)]
pub fn trials_needed_js(p: f64, confidence: f64) -> Result<u32, JsError> {
    trials_needed(p, confidence)
        .map(|n| n as u32)
        .map_err(js_error)
}

/// The worker side of a race: trains (or computes) landscape cells and trials.
#[wasm_bindgen]
pub struct RaceEvaluator {
    objective: RaceObjective,
    landscape: Landscape,
    first_problem: Option<String>,
}

#[wasm_bindgen]
impl RaceEvaluator {
    /// From a [`RaceBoard::full_query`] (or any race query).
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<RaceEvaluator, JsValue> {
        let settings = RaceSettings::from_query(query).map_err(setting_error)?;
        Ok(RaceEvaluator {
            objective: settings.objective(),
            landscape: settings.landscape(),
            first_problem: None,
        })
    }

    fn run(&mut self, point: &[f64]) -> f64 {
        let outcome = self.objective.evaluate(point);
        if self.first_problem.is_none() {
            if let Outcome::Diverged { message } | Outcome::Failed { message } = &outcome {
                self.first_problem = Some(message.clone());
            }
        }
        encode_outcome(&outcome)
    }

    /// Evaluates landscape cells; one encoded result per cell.
    #[wasm_bindgen(js_name = evaluateCells)]
    pub fn evaluate_cells(&mut self, cells: &[u32]) -> Vec<f64> {
        let n = self.landscape.n();
        cells
            .iter()
            .map(|&c| {
                let c = (c as usize).min(n * n - 1);
                let point = self.landscape.cell_point(c);
                self.run(&point)
            })
            .collect()
    }

    /// Evaluates points given as `[x0, y0, x1, y1, …]`; one encoded result per point.
    #[wasm_bindgen(js_name = evaluatePoints)]
    pub fn evaluate_points(&mut self, points: &[f64]) -> Vec<f64> {
        points.chunks_exact(2).map(|p| self.run(p)).collect()
    }

    /// The first divergence or failure message met, if any.
    #[wasm_bindgen(getter, js_name = firstProblem)]
    pub fn first_problem(&self) -> Option<String> {
        self.first_problem.clone()
    }
}
