//! The caviar's handles: [`CaviarBoard`] on the page (plan, estimate, what the workers
//! reported, leaderboard, charts) and [`CaviarFlock`] in the Web Workers (a share of the models,
//! trained in turn). Workers compute, the page draws: a flock's report is a `Float64Array` the
//! page hands to [`CaviarBoard::record`] without reading it.

use super::js::{array, numbers, Obj};
use super::{config_error, draw_chart};
use crate::nn::NetworkSpec;
use crate::render::caviar as draw;
use crate::render::palette::Rgb;
use crate::views::caviar::board::{Board, Row, State};
use crate::views::caviar::flock::Flock;
use crate::views::caviar::{duration, CaviarSettings, Sampling, Verdict};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

fn css(c: Rgb) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

fn settings(query: &str) -> Result<CaviarSettings, JsValue> {
    CaviarSettings::from_query(query).map_err(config_error)
}

/// A caviar on the page.
#[wasm_bindgen]
pub struct CaviarBoard {
    inner: Board,
}

#[wasm_bindgen]
impl CaviarBoard {
    /// A caviar from the page's URL query; a bad setting throws an `Error` with its `key`.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<CaviarBoard, JsValue> {
        Ok(CaviarBoard {
            inner: Board::new(settings(query)?),
        })
    }

    /// Remembers `previous` (the same models on other data, finished) to compare with once
    /// this caviar has finished; false (nothing kept) while `previous` is unfinished.
    #[wasm_bindgen(js_name = compareWith)]
    pub fn compare_with(&mut self, previous: &CaviarBoard) -> bool {
        previous
            .inner
            .summary()
            .map(|s| self.inner.compare_with(s))
            .is_some()
    }

    /// The caviar keys that differ from the defaults (what the URL should hold).
    pub fn query(&self) -> String {
        self.inner.settings().to_query()
    }

    /// Every setting, for a worker's [`CaviarFlock`].
    #[wasm_bindgen(js_name = fullQuery)]
    pub fn full_query(&self) -> String {
        self.inner.settings().full_query()
    }

    /// Facts for the page: `{ models, steps, budget, seeds (bool), dataset, changedData,
    /// hidden: [units…], outputs, batch, optimizer, lr, batchNorm, note? }`.
    pub fn info(&self) -> JsValue {
        let s = self.inner.settings();
        let o = Obj::new()
            .num("models", s.models as f64)
            .num("steps", s.steps as f64)
            .num("budget", s.budget() as f64)
            .bool("seeds", s.sampling == Sampling::Seeds)
            .str("dataset", s.base.dataset.name())
            .str("changedData", s.changed_data.name())
            .val(
                "hidden",
                numbers(s.base.hidden.iter().map(|&u| u as f64)).into(),
            )
            .num(
                "outputs",
                NetworkSpec::from_config(&s.base).outputs() as f64,
            )
            .num("batch", s.base.batch_size as f64)
            .str("optimizer", s.base.optimizer.name())
            .num("lr", s.base.learning_rate)
            .bool("batchNorm", s.base.batch_norm);
        match &s.note {
            Some(n) => o.str("note", &n.render()),
            None => o,
        }
        .into()
    }

    /// The models to hand to each of `workers` workers: an array of `Uint32Array`s.
    pub fn groups(&self, workers: u32) -> js_sys::Array {
        array(self.inner.groups(workers as usize).into_iter().map(|g| {
            let ids: Vec<u32> = g.into_iter().map(|i| i as u32).collect();
            js_sys::Uint32Array::from(&ids[..]).into()
        }))
    }

    /// Trains the base model `steps` more updates (time it) and returns the multiply-adds done
    /// (0 once it has diverged; the first call builds it, so time the later ones).
    pub fn calibrate(&mut self, steps: u32) -> f64 {
        self.inner.calibrate(steps as u64)
    }

    /// The estimate at `rate` multiply-adds per second per worker on `workers` workers:
    /// `{ seconds, time (words), verdict: 'go'|'ask'|'refuse', message?, key? }`.
    pub fn estimate(&self, rate: f64, workers: u32) -> JsValue {
        let e = self.inner.settings().estimate(rate, workers as usize);
        let o = Obj::new()
            .num("seconds", e.seconds)
            .str("time", &duration(e.seconds).render());
        match e.verdict {
            Verdict::Go => o.str("verdict", "go"),
            Verdict::Ask => o.str("verdict", "ask"),
            Verdict::Refuse(err) => o
                .str("verdict", "refuse")
                .str("message", &err.to_string())
                .str("key", err.key().unwrap_or("")),
        }
        .into()
    }

    /// Stores a worker's report.
    pub fn record(&mut self, report: &[f64]) {
        self.inner.record(report);
    }

    /// `{ modelsDone, models, stepsDone, stepsTotal, pandaSteps, finished }`.
    pub fn progress(&self) -> JsValue {
        let (done, total) = self.inner.steps_done();
        Obj::new()
            .num("modelsDone", self.inner.models_done() as f64)
            .num("models", self.inner.plan().len() as f64)
            .num("stepsDone", done as f64)
            .num("stepsTotal", total as f64)
            .num("pandaSteps", self.inner.panda().steps as f64)
            .bool("modelsFinished", self.inner.models_finished())
            .bool("finished", self.inner.finished())
            .into()
    }

    /// The leaderboard, best first: `[{ index, rank, values, steps, validLoss, validAccuracy
    /// (null before it has trained), state, divergedAt?, message?, colour, query }]`.
    pub fn leaderboard(&self) -> js_sys::Array {
        array(self.inner.rows().iter().map(|r| self.row(r).into()))
    }

    fn row(&self, r: &Row) -> Obj {
        let o = Obj::new()
            .num("index", r.index as f64)
            .num("rank", r.rank as f64)
            .str("values", &r.values)
            .num("steps", r.steps as f64)
            .opt_num("validLoss", r.score.map(|s| s.0))
            .opt_num("validAccuracy", r.score.map(|s| s.1))
            .str("state", r.state.name())
            .str("colour", &css(r.colour))
            .str(
                "query",
                &self.inner.babysit_query(r.index).unwrap_or_default(),
            );
        match &r.state {
            State::Diverged { step } => o.num("divergedAt", *step as f64),
            State::Failed(why) => o.str("message", why),
            _ => o,
        }
    }

    /// The colour scale: `{ title, stops: ['#rrggbb', …], ticks: [{ at (0–1), label }] }`.
    #[wasm_bindgen(js_name = colourBar)]
    pub fn colour_bar(&self) -> JsValue {
        let bar = self.inner.colour_bar();
        Obj::new()
            .str("title", &bar.title)
            .val(
                "stops",
                array(bar.stops.iter().map(|&c| css(c).into())).into(),
            )
            .val(
                "ticks",
                array(
                    bar.ticks
                        .iter()
                        .map(|(at, label)| Obj::new().num("at", *at).str("label", label).into()),
                )
                .into(),
            )
            .into()
    }

    /// Every model in plan order, for the data export: `[{ index, rank, values (words),
    /// lr, momentum, batch, hidden: [units…], initScale, batchNorm, optimizer, initSeed,
    /// batchSeed, steps, trainLoss, validLoss, validAccuracy (null before it has trained),
    /// state, divergedAt? }]`.
    pub fn runs(&self) -> js_sys::Array {
        let b = &self.inner;
        let ranks = b.ranking();
        array(b.plan().iter().map(|m| {
            let c = &m.config;
            let t = &b.tracks()[m.index];
            let rank = ranks.iter().position(|&i| i == m.index).unwrap_or(0) + 1;
            let o = Obj::new()
                .num("index", m.index as f64)
                .num("rank", rank as f64)
                .str("values", &b.values_text(m.index))
                .num("lr", c.learning_rate)
                .num("momentum", c.momentum)
                .num("batch", c.batch_size as f64)
                .val("hidden", numbers(c.hidden.iter().map(|&u| u as f64)).into())
                .num("initScale", c.init_scale)
                .bool("batchNorm", c.batch_norm)
                .str("optimizer", c.optimizer.name())
                .num("initSeed", c.init_seed as f64)
                .num("batchSeed", c.batch_seed as f64)
                .num("steps", t.steps as f64)
                .opt_num(
                    "trainLoss",
                    t.score().and(t.points.last().map(|p| p.train_loss)),
                )
                .opt_num("validLoss", t.score().map(|s| s.0))
                .opt_num("validAccuracy", t.score().map(|s| s.1))
                .str("state", t.state.name());
            match t.state {
                State::Diverged { step } => o.num("divergedAt", step as f64),
                _ => o,
            }
            .into()
        }))
    }

    /// Draws every model's curve, model `selected` (1-based; 0: none) on top with its own
    /// legend entry; returns how many curves it drew.
    #[wasm_bindgen(js_name = renderCurves)]
    pub fn render_curves(&self, canvas: &HtmlCanvasElement, selected: u32) -> Result<u32, JsError> {
        let pick = (selected as usize)
            .checked_sub(1)
            .filter(|&k| k < self.inner.plan().len());
        let chart = draw::curves_chart(&self.inner, pick);
        draw_chart(canvas, &chart)?;
        Ok(chart.series.len() as u32)
    }

    /// Panda vs caviar on the same compute: `{ budget, pandaSteps, pandaLoss, pandaAccuracy,
    /// pandaDiverged, pandaNudges, caviarSteps, best, bestLoss, bestAccuracy }` (null where
    /// there is nothing yet).
    pub fn comparison(&self) -> JsValue {
        let c = self.inner.comparison();
        Obj::new()
            .num("budget", c.budget as f64)
            .num("pandaSteps", c.panda_steps as f64)
            .opt_num("pandaLoss", c.panda.map(|p| p.0))
            .opt_num("pandaAccuracy", c.panda.map(|p| p.1))
            .bool("pandaDiverged", c.panda_diverged)
            .num("pandaNudges", c.panda_nudges as f64)
            .num("caviarSteps", c.caviar_steps as f64)
            .opt_num("best", c.best.map(|b| b.0 as f64))
            .opt_num("bestLoss", c.best.map(|b| b.1))
            .opt_num("bestAccuracy", c.best.map(|b| b.2))
            .into()
    }

    /// Draws the same-compute chart.
    #[wasm_bindgen(js_name = renderComparison)]
    pub fn render_comparison(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        draw_chart(canvas, &draw::compute_chart(&self.inner))
    }

    /// Before and after the data changed (`null` until this re-run has finished): `{ before,
    /// after (dataset names), beforeWinner, beforeValues, beforeLoss, afterWinner, afterValues,
    /// afterLoss, oldWinnerRank, oldWinnerLoss (null: diverged), models }`.
    pub fn stale(&self) -> JsValue {
        let Some(s) = self.inner.stale() else {
            return JsValue::NULL;
        };
        let b = &self.inner;
        Obj::new()
            .str("before", s.before.name())
            .str("after", s.after.name())
            .num("beforeWinner", s.before_winner.0 as f64)
            .str("beforeValues", &b.values_text(s.before_winner.0))
            .num("beforeLoss", s.before_winner.1)
            .num("afterWinner", s.after_winner.0 as f64)
            .str("afterValues", &b.values_text(s.after_winner.0))
            .num("afterLoss", s.after_winner.1)
            .num("oldWinnerRank", s.old_winner_now.0 as f64)
            .opt_num("oldWinnerLoss", s.old_winner_now.1)
            .num("models", b.plan().len() as f64)
            .into()
    }

    /// Draws each model's final loss before and after the data changed.
    #[wasm_bindgen(js_name = renderStale)]
    pub fn render_stale(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        draw_chart(canvas, &draw::stale_chart(&self.inner))
    }
}

/// A share of a caviar's models (or its panda comparison), trained in a Web Worker.
#[wasm_bindgen]
pub struct CaviarFlock {
    inner: Flock,
}

#[wasm_bindgen]
impl CaviarFlock {
    /// The models at `models` (their places in the plan) of the caviar `query` (a board's
    /// [`CaviarBoard::full_query`]).
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str, models: &[u32]) -> Result<CaviarFlock, JsValue> {
        let ids: Vec<usize> = models.iter().map(|&i| i as usize).collect();
        Ok(CaviarFlock {
            inner: Flock::models(&settings(query)?, &ids),
        })
    }

    /// The panda comparison of the caviar `query`: its one model for the whole budget.
    pub fn panda(query: &str) -> Result<CaviarFlock, JsValue> {
        Ok(CaviarFlock {
            inner: Flock::panda(&settings(query)?),
        })
    }

    /// Advances the next model by up to `steps` updates; returns its report entry.
    pub fn advance(&mut self, steps: u32) -> Vec<f64> {
        self.inner.advance(steps as u64)
    }

    /// True once every model is done and reported.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> bool {
        self.inner.is_done()
    }
}
