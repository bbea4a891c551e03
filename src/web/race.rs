//! The "Grid vs random" handles: [`RaceBoard`] on the page (a [`Race`]: plan, record, one
//! summary per frame, drawing), [`RaceStudy`] for "Which hyperparameters matter?", and
//! [`RaceEvaluator`] in the Web Workers (a [`Runner`] over the race's or the study's tasks; also
//! the batch-norm lab's sensitivity maps through `evaluateCells`).
//!
//! Every method forwards to the core and converts: results are plain objects with named
//! fields. Bad settings throw a JS `Error` whose `key` names the URL key at fault.

use super::js::{numbers, Obj};
use super::{chart_area, config_error, draw_chart, js_error, put_rgba};
use crate::render::charts;
use crate::render::race::{self as race_draw, axis_ticks, PanelLayout, PanelScene, TrialMark};
use crate::search::{chance_of_top_hit, trials_needed, Axis, Objective};
use crate::views::race::board::{RepeatSummary, StrategySummary};
use crate::views::race::cost::{self, Estimate};
use crate::views::race::export::{Cell, Table};
use crate::views::race::study::Study;
use crate::views::race::work::{Plan, Runner, Slice};
use crate::views::race::{
    encode_outcome, importance_text, snippet, ObjectiveKind, Race, RacePlan, RaceSettings, SLOTS,
};
use plotters::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

fn opt(v: Option<f64>) -> JsValue {
    v.map_or(JsValue::NULL, JsValue::from_f64)
}

fn axis_value(slot: &str, axis: &Axis) -> JsValue {
    let ticks = axis_ticks(axis, 6)
        .into_iter()
        .map(|(u, label)| Obj::new().num("u", u).str("label", &label).into());
    Obj::new()
        .str("slot", slot)
        .str("key", axis.param().key())
        .str("name", &axis.param().name())
        .str("scale", axis.scale().key())
        .str("scaleName", &axis.scale().name())
        .num("lo", axis.lo())
        .num("hi", axis.hi())
        .str("loText", &axis.format_value(axis.lo()))
        .str("hiText", &axis.format_value(axis.hi()))
        .val("ticks", super::js::array(ticks).into())
        .into()
}

fn estimate_value(e: Estimate, workers: u32, knob: &str) -> JsValue {
    Obj::new()
        .str("knob", knob)
        .num("trainings", e.trainings as f64)
        .num("steps", e.steps as f64)
        .num("seconds", e.seconds(workers as usize))
        .num("askAbove", cost::ASK_ABOVE_SECONDS)
        .num("refuseAbove", cost::REFUSE_ABOVE_SECONDS)
        .into()
}

fn strategy_value(race: &Race, s: &StrategySummary) -> JsValue {
    let best = s.best.as_ref().map_or(JsValue::NULL, |(score, p)| {
        Obj::new()
            .num("score", *score)
            .str("where", &race.point_text(p))
            .into()
    });
    Obj::new()
        .num("done", s.done as f64)
        .num("total", s.total as f64)
        .val(
            "distinct",
            numbers(s.distinct.iter().map(|&d| d as f64)).into(),
        )
        .val("best", best)
        .val("regret", opt(s.regret))
        .num("diverged", s.diverged as f64)
        .num("impossible", s.impossible as f64)
        .into()
}

fn repeats_value(r: &RepeatSummary) -> JsValue {
    Obj::new()
        .num("done", r.done as f64)
        .num("total", r.total as f64)
        .val("wins", numbers(r.wins.iter().map(|&w| w as f64)).into())
        .val("ties", numbers(r.ties.iter().map(|&w| w as f64)).into())
        .val("medianBest", numbers(r.median_best.iter().copied()).into())
        .into()
}

/// A table for the classroom's export: `{ name, columns: [..], rows: [[number | string |
/// null, ..]] }` (one CSV file; rows are positional by nature, one cell per column).
fn table_value(t: &Table) -> JsValue {
    let cell = |c: &Cell| match c {
        Cell::Num(v) => JsValue::from_f64(*v),
        Cell::Text(s) => JsValue::from_str(s),
        Cell::Empty => JsValue::NULL,
    };
    let rows = t
        .rows
        .iter()
        .map(|r| super::js::array(r.iter().map(cell)).into());
    Obj::new()
        .str("name", t.name)
        .val(
            "columns",
            super::js::array(t.columns.iter().map(|c| JsValue::from_str(c))).into(),
        )
        .val("rows", super::js::array(rows).into())
        .into()
}

fn tables_value(tables: &[Table]) -> js_sys::Array {
    super::js::array(tables.iter().map(table_value))
}

fn slice_value(slice: Slice, problem: Option<&str>) -> JsValue {
    Obj::new()
        .val("tasks", js_sys::Uint32Array::from(&slice.tasks[..]).into())
        .val(
            "results",
            js_sys::Float64Array::from(&slice.results[..]).into(),
        )
        .num("steps", slice.steps as f64)
        .bool("done", slice.done)
        .val("problem", problem.map_or(JsValue::NULL, JsValue::from_str))
        .into()
}

/// The race of the "Grid vs random" view, on the page.
#[wasm_bindgen]
pub struct RaceBoard {
    inner: Race,
}

#[wasm_bindgen]
impl RaceBoard {
    /// A race from the page's URL query; a bad setting throws an `Error` with `key`.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<RaceBoard, JsValue> {
        let settings = RaceSettings::from_query(query).map_err(config_error)?;
        Ok(RaceBoard {
            inner: Race::new(settings),
        })
    }

    /// The second, finer pass over the zoom box (`undefined` without one): random on scale
    /// only; throws (key `zoom`) if the box is too small.
    pub fn zoomed(&self) -> Result<Option<RaceBoard>, JsValue> {
        match self.inner.settings().zoomed() {
            None => Ok(None),
            Some(r) => r
                .map(|s| {
                    Some(RaceBoard {
                        inner: Race::finer(s),
                    })
                })
                .map_err(config_error),
        }
    }

    /// The race keys that differ from the defaults (what the URL should hold).
    pub fn query(&self) -> String {
        self.inner.settings().to_query()
    }

    /// Every setting, for a worker's [`RaceEvaluator::for_race`].
    #[wasm_bindgen(js_name = fullQuery)]
    pub fn full_query(&self) -> String {
        self.inner.settings().full_query()
    }

    /// Equal for races with equal landscapes: the page's cache key.
    #[wasm_bindgen(js_name = landscapeKey)]
    pub fn landscape_key(&self) -> String {
        self.inner.settings().landscape_key()
    }

    /// What does not change while the race runs: `{ axes: [{slot, key, name, scale,
    /// scaleName, lo, hi, loText, hiText, ticks: [{u, label}]}], plot: [i, j], budget, gridK,
    /// names: [3], real, dark, repeats, studyTrials, note, zoom: {x0, x1, y0, y1} | null,
    /// repeated, study, landscape, studyKey }` (the last four: the picture a link shows).
    pub fn info(&self) -> JsValue {
        let s = self.inner.settings();
        let axes = SLOTS
            .iter()
            .zip(&s.axes)
            .map(|(slot, a)| axis_value(slot, a));
        let zoom = s.zoom.as_ref().map_or(JsValue::NULL, |z| {
            Obj::new()
                .num("x0", z.lo()[0])
                .num("x1", z.hi()[0])
                .num("y0", z.lo()[1])
                .num("y1", z.hi()[1])
                .into()
        });
        let names = self.inner.names();
        Obj::new()
            .val("axes", super::js::array(axes).into())
            .val("plot", numbers(s.plot.iter().map(|&p| p as f64)).into())
            .num("budget", s.budget as f64)
            .num("gridK", s.grid_values_per_axis() as f64)
            .val(
                "names",
                super::js::array(names.iter().map(|n| JsValue::from_str(n))).into(),
            )
            .bool("real", s.objective == ObjectiveKind::Real)
            .bool("dark", s.dark)
            .num("repeats", s.repeats as f64)
            .num("studyTrials", s.study_trials as f64)
            .val(
                "note",
                s.note
                    .as_ref()
                    .map_or(JsValue::NULL, |m| JsValue::from_str(&m.render())),
            )
            .val("zoom", zoom)
            .bool("repeated", s.picture.repeated)
            .bool("study", s.picture.study)
            .bool("landscape", s.picture.landscape)
            .str("studyKey", &s.study_key())
            .into()
    }

    /// "The same search in your tools": `{ optuna, rayTune }`, the race's random search on the
    /// right scale as Python for each library.
    pub fn snippets(&self) -> JsValue {
        let s = self.inner.settings();
        Obj::new()
            .str("optuna", &snippet::optuna(s))
            .str("rayTune", &snippet::ray_tune(s))
            .into()
    }

    /// The numbers behind the race for the export: `[{ name, columns, rows }]` — `trials`
    /// and, after repeats, `repeats`.
    pub fn tables(&self) -> js_sys::Array {
        tables_value(&self.inner.tables(None))
    }

    /// The same, with the finer pass `zoomed`'s trials after the race's (pass 2).
    #[wasm_bindgen(js_name = tablesWith)]
    pub fn tables_with(&self, zoomed: &RaceBoard) -> js_sys::Array {
        tables_value(&self.inner.tables(Some(&zoomed.inner)))
    }

    /// What the race (its pending landscape cells and trials) and its repeats will cost on
    /// `workers` workers: `{ race: {knob, trainings, steps, seconds, askAbove, refuseAbove},
    /// repeats: {…} }` (`knob`: the setting to lower first).
    pub fn estimate(&self, workers: u32) -> JsValue {
        Obj::new()
            .val(
                "race",
                estimate_value(
                    self.inner.estimate(),
                    workers,
                    cost::costliest_knob(self.inner.settings(), None),
                ),
            )
            .val(
                "repeats",
                estimate_value(
                    self.inner.repeat_estimate(),
                    workers,
                    cost::costliest_knob(self.inner.settings(), Some("repeats")),
                ),
            )
            .into()
    }

    /// The landscape cells as tasks, coarse to fine.
    #[wasm_bindgen(js_name = cellTasks)]
    pub fn cell_tasks(&self) -> Vec<u32> {
        self.inner.cell_tasks()
    }

    /// The race's trials as tasks.
    #[wasm_bindgen(js_name = trialTasks)]
    pub fn trial_tasks(&self) -> Vec<u32> {
        self.inner.trial_tasks(0)
    }

    /// Every fair repeat's trials as tasks, repeat by repeat.
    #[wasm_bindgen(js_name = repeatTasks)]
    pub fn repeat_tasks(&self) -> Vec<u32> {
        self.inner.repeat_tasks()
    }

    /// Stores a worker's results: `results[k]` (encoded) for `tasks[k]`, and `steps` done.
    pub fn record(&mut self, tasks: &[u32], results: &[f64], steps: f64) {
        self.inner.record(tasks, results, steps.max(0.0) as u64);
    }

    /// Every cell's encoded result (NaN where pending), to cache.
    #[wasm_bindgen(js_name = landscapeResults)]
    pub fn landscape_results(&self) -> Vec<f64> {
        self.inner.landscape_results()
    }

    /// Restores [`RaceBoard::landscape_results`].
    #[wasm_bindgen(js_name = restoreLandscape)]
    pub fn restore_landscape(&mut self, results: &[f64]) {
        self.inner.restore_landscape(results);
    }

    /// Everything a frame shows, in one call: `{ stepsDone, landscape: {filled, total, lo,
    /// hi}, reference, searchesDone, strategies: [{done, total, distinct: [per axis], best:
    /// {score, where} | null, regret, diverged, impossible}], importance: {text, trials,
    /// shares} | null, repeats: {done, total, wins, ties, medianBest} | null }`.
    pub fn summary(&self) -> JsValue {
        let s = self.inner.summary();
        let range = s.score_range;
        let landscape = Obj::new()
            .num("filled", s.landscape_filled as f64)
            .num("total", s.landscape_total as f64)
            .val("lo", opt(range.map(|r| r.0)))
            .val("hi", opt(range.map(|r| r.1)));
        let strategies = s
            .strategies
            .iter()
            .map(|st| strategy_value(&self.inner, st));
        let importance = s.importance.as_ref().map_or(JsValue::NULL, |(shares, n)| {
            Obj::new()
                .str(
                    "text",
                    &importance_text(&self.inner.settings().space(), shares),
                )
                .num("trials", *n as f64)
                .val("shares", numbers(shares.iter().copied()).into())
                .into()
        });
        Obj::new()
            .num("stepsDone", s.steps_done as f64)
            .val("landscape", landscape.into())
            .val("reference", opt(s.reference))
            .bool("searchesDone", s.searches_done)
            .val("strategies", super::js::array(strategies).into())
            .val("importance", importance)
            .val(
                "repeats",
                s.repeats.as_ref().map_or(JsValue::NULL, repeats_value),
            )
            .into()
    }

    /// A zoom box `"x0,x1,y0,y1"` around the best of the random-on-scale search, for the
    /// `zoom` key; throws (key `zoom`) when no trial has a score yet.
    #[wasm_bindgen(js_name = zoomAroundBest)]
    pub fn zoom_around_best(&self) -> Result<String, JsValue> {
        self.inner
            .zoom_around_best()
            .map(|b| crate::views::race::zoom_text(&b))
            .map_err(config_error)
    }

    /// Draws strategy `i`'s panel onto `canvas` at its pixel size: the landscape (unless
    /// `hide_landscape`), the finished trials, the best starred, a rug per axis, and — when
    /// `show_zoom` — the coarse-to-fine box.
    #[wasm_bindgen(js_name = renderPanel)]
    pub fn render_panel(
        &self,
        i: u32,
        canvas: &HtmlCanvasElement,
        show_zoom: bool,
        hide_landscape: bool,
    ) -> Result<(), JsError> {
        let i = (i as usize).min(2);
        let s = self.inner.settings();
        let finished = self.inner.finished(i);
        let trials = finished
            .iter()
            .map(|t| {
                let mark = if t.outcome.score().is_some() {
                    TrialMark::Scored
                } else {
                    TrialMark::Failed
                };
                (s.map_unit(&t.point), mark)
            })
            .collect();
        let extra_rugs = (0..s.axes.len())
            .filter(|a| !s.plot.contains(a))
            .map(|a| {
                let axis = &s.axes[a];
                finished.iter().map(|t| axis.to_unit(t.point[a])).collect()
            })
            .collect();
        let boxes = match (&s.zoom, show_zoom) {
            (Some(z), true) => vec![(z.lo()[0], z.hi()[0], z.lo()[1], z.hi()[1])],
            _ => Vec::new(),
        };
        let scene = PanelScene {
            landscape: (!hide_landscape).then(|| self.inner.landscape()),
            range: None,
            trials,
            best: self.inner.best(i).map(|(_, p)| s.map_unit(&p)),
            boxes,
            extra_rugs,
        };
        let (w, h) = (canvas.width() as usize, canvas.height() as usize);
        put_rgba(canvas, &race_draw::panel_rgba(&scene, w, h))
    }

    /// Draws the best-so-far curves (with the repeats' bands once there are some).
    #[wasm_bindgen(js_name = renderCurves)]
    pub fn render_curves(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        draw_chart(canvas, &self.inner.curves_chart(None))
    }

    /// The same, with the finer pass `zoomed` continuing the random-on-scale curve.
    #[wasm_bindgen(js_name = renderCurvesWith)]
    pub fn render_curves_with(
        &self,
        canvas: &HtmlCanvasElement,
        zoomed: &RaceBoard,
    ) -> Result<(), JsError> {
        draw_chart(canvas, &self.inner.curves_chart(Some(&zoomed.inner)))
    }

    /// Draws which hyperparameter mattered (one bar per axis), or clears the canvas.
    #[wasm_bindgen(js_name = renderImportance)]
    pub fn render_importance(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        let area = chart_area(canvas)?;
        match self.inner.summary().importance {
            None => area
                .fill(&WHITE)
                .and_then(|_| area.present())
                .map_err(|e| js_error(format!("chart: {e:?}"))),
            Some((shares, _)) => {
                let chart = race_draw::importance_chart(&self.inner.settings().space(), &shares);
                charts::draw_bar_chart(area, &chart).map_err(|e| js_error(format!("chart: {e:?}")))
            }
        }
    }
}

/// Where the plot of a search panel of `width × height` pixels with `extra` more rugs lies:
/// `{ x, y, w, h, rug }` in pixels.
#[wasm_bindgen(js_name = panelLayout)]
pub fn panel_layout(width: u32, height: u32, extra: u32) -> JsValue {
    let l = PanelLayout::with_rugs(width as usize, height as usize, extra as usize);
    Obj::new()
        .num("x", l.plot_x as f64)
        .num("y", l.plot_y as f64)
        .num("w", l.plot_w as f64)
        .num("h", l.plot_h as f64)
        .num("rug", l.rug as f64)
        .into()
}

/// The URL names of the scales that suit hyperparameter `key` (none for `none` or an unknown
/// key): the choices an axis's scale control offers.
#[wasm_bindgen(js_name = axisScales)]
pub fn axis_scales(key: &str) -> js_sys::Array {
    let scales =
        crate::search::HyperParam::parse(key).map_or(&[][..], crate::search::Scale::suiting);
    super::js::array(scales.iter().map(|s| JsValue::from_str(s.key())))
}

/// The trials calculator: `{ chance, needed }` — the chance `1 − (1 − p)^n` that one of `n`
/// random trials lands in the best share `p`, and the trials needed for 95 %.
#[wasm_bindgen(js_name = topHitOdds)]
pub fn top_hit_odds(p: f64, n: u32) -> Result<JsValue, JsError> {
    let chance = chance_of_top_hit(p, n as usize).map_err(js_error)?;
    let needed = trials_needed(p, 0.95).map_err(js_error)?;
    Ok(Obj::new()
        .num("chance", chance)
        .num("needed", needed as f64)
        .into())
}

/// "Which hyperparameters matter?" on the page.
#[wasm_bindgen]
pub struct RaceStudy {
    inner: Study,
    knob: &'static str,
}

#[wasm_bindgen]
impl RaceStudy {
    /// The study of a race query (its training keys, steps, seed and `studyTrials`).
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<RaceStudy, JsValue> {
        let settings = RaceSettings::from_query(query).map_err(config_error)?;
        Ok(RaceStudy {
            inner: Study::new(&settings),
            knob: cost::costliest_knob(&settings, Some("studyTrials")),
        })
    }

    /// Every trial as a task.
    pub fn tasks(&self) -> Vec<u32> {
        self.inner.tasks()
    }

    /// The study's numbers for the export: `[{ name, columns, rows }]` — `study_trials` and,
    /// once ranked, `study_shares`.
    pub fn tables(&self) -> js_sys::Array {
        tables_value(&self.inner.tables())
    }

    /// What the study costs on `workers` workers: `{trainings, steps, seconds, askAbove,
    /// refuseAbove}`.
    pub fn estimate(&self, workers: u32) -> JsValue {
        estimate_value(self.inner.estimate(), workers, self.knob)
    }

    /// Stores a worker's results (see [`RaceBoard::record`]).
    pub fn record(&mut self, tasks: &[u32], results: &[f64], steps: f64) {
        self.inner.record(tasks, results, steps.max(0.0) as u64);
    }

    /// `{ done, total, stepsDone, failed, ranking: [{key, name, share, courseTier,
    /// measuredTier, trials, noise}] | null }` (largest share first).
    pub fn summary(&self) -> JsValue {
        let s = self.inner.summary();
        let ranking = s.ranking.as_ref().map_or(JsValue::NULL, |r| {
            super::js::array(r.iter().map(|x| {
                Obj::new()
                    .str("key", x.param.key())
                    .str("name", &x.param.name())
                    .num("share", x.share)
                    .num("courseTier", x.course_tier as f64)
                    .num("measuredTier", x.measured_tier as f64)
                    .num("trials", x.trials as f64)
                    .num("noise", x.noise)
                    .into()
            }))
            .into()
        });
        Obj::new()
            .num("done", s.done as f64)
            .num("total", s.total as f64)
            .num("stepsDone", s.steps_done as f64)
            .num("failed", s.failed as f64)
            .val("ranking", ranking)
            .into()
    }
}

/// The worker side: trains (or computes) a race's or a study's tasks a slice at a time.
#[wasm_bindgen]
pub struct RaceEvaluator {
    plan: Box<dyn Plan>,
    race: Option<RaceSettings>,
    runner: Runner,
}

#[wasm_bindgen]
impl RaceEvaluator {
    /// The race of a [`RaceBoard::full_query`] (or any race query), with no tasks yet.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<RaceEvaluator, JsValue> {
        let settings = RaceSettings::from_query(query).map_err(config_error)?;
        Ok(RaceEvaluator {
            plan: Box::new(RacePlan::new(settings.clone())),
            race: Some(settings),
            runner: Runner::new(Vec::new()),
        })
    }

    /// The study of a race query.
    #[wasm_bindgen(js_name = forStudy)]
    pub fn for_study(query: &str) -> Result<RaceEvaluator, JsValue> {
        let settings = RaceSettings::from_query(query).map_err(config_error)?;
        Ok(RaceEvaluator {
            plan: Box::new(Study::new(&settings)),
            race: None,
            runner: Runner::new(Vec::new()),
        })
    }

    /// Queues `tasks` (replacing any left).
    pub fn queue(&mut self, tasks: Vec<u32>) {
        self.runner = Runner::new(tasks);
    }

    /// Works for about `ops` ops (at least one step): `{ tasks: Uint32Array, results:
    /// Float64Array (score, +∞ diverged, −∞ impossible), steps, done, problem }`.
    pub fn work(&mut self, ops: f64) -> JsValue {
        let slice = self.runner.work(self.plan.as_mut(), ops);
        slice_value(slice, self.runner.first_problem())
    }

    /// Evaluates landscape cells at once (the batch-norm lab's sensitivity maps); one encoded
    /// result per cell.
    #[wasm_bindgen(js_name = evaluateCells)]
    pub fn evaluate_cells(&mut self, cells: &[u32]) -> Result<Vec<f64>, JsError> {
        let settings = self
            .race
            .clone()
            .ok_or_else(|| JsError::new("a study has no landscape"))?;
        let plan = RacePlan::new(settings);
        let objective = plan.settings().objective();
        Ok(cells
            .iter()
            .map(|&c| encode_outcome(&objective.evaluate(&plan.cell_point(c as usize))))
            .collect())
    }

    /// The first divergence or failure met, if any.
    #[wasm_bindgen(getter, js_name = firstProblem)]
    pub fn first_problem(&self) -> Option<String> {
        self.runner.first_problem().map(str::to_string)
    }
}
