//! The "Softmax" view's handle: a three-class network with a chosen point, and the C = 2
//! comparison, trained in lockstep.

use super::js::{array, Obj};
use super::{config_error, draw_chart, js_error, put_rgba};
use crate::nn::Mode;
use crate::render::{heatmap, softmax as pictures};
use crate::train::Metrics;
use crate::views::softmax::{
    Gaps, PointReading, Softmax as Core, Twin, GAP_GRID, MAX_STEPS, TARGET_STEPS,
};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// The softmax view: see [`crate::views::softmax`].
#[wasm_bindgen]
pub struct Softmax {
    inner: Core,
}

fn metrics(m: Metrics) -> JsValue {
    Obj::new()
        .num("loss", m.loss)
        .num("accuracy", m.accuracy)
        .into()
}

fn point_object(r: &PointReading) -> JsValue {
    let classes = (0..r.z.len()).map(|k| {
        Obj::new()
            .num("z", r.z[k])
            .num("t", r.t[k])
            .num("a", r.a[k])
            .num("network", r.network[k])
            .num("y", r.y[k])
            .num("dz", r.dz[k])
            .num("dzNumeric", r.dz_numeric[k])
            .into()
    });
    Obj::new()
        .num("index", (r.index + 1) as f64)
        .num("x0", r.position[0] as f64)
        .num("x1", r.position[1] as f64)
        .num("label", r.label as f64)
        .bool("training", r.training)
        .val("classes", array(classes).into())
        .num("sumT", r.t.iter().sum())
        .num("sumA", r.a.iter().sum())
        .num("loss", r.loss)
        .num("dzCheck", r.dz_check())
        .into()
}

fn gaps_object(g: &Gaps) -> JsValue {
    Obj::new()
        .num("step", g.step as f64)
        .num("sigmoid", g.sigmoid)
        .num("fastLast", g.fast_last)
        .num("identity", g.identity)
        .into()
}

fn twin(name: &str) -> Result<Twin, JsError> {
    Twin::ALL
        .into_iter()
        .find(|t| t.name() == name)
        .ok_or_else(|| js_error(format!("no network '{name}'")))
}

#[wasm_bindgen]
impl Softmax {
    /// The view a URL query describes; a bad setting throws an Error whose `key` names it.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<Softmax, JsValue> {
        let inner = Core::from_query(query).map_err(config_error)?;
        Ok(Softmax { inner })
    }

    /// The updates the view trains for before it pauses.
    #[wasm_bindgen(getter)]
    pub fn target(&self) -> f64 {
        TARGET_STEPS as f64
    }

    /// The most updates the view trains (past the target, or replayed from a link).
    #[wasm_bindgen(getter)]
    pub fn max(&self) -> f64 {
        MAX_STEPS as f64
    }

    /// The update the link asked for (`at`; 0: none, train live to the target).
    #[wasm_bindgen(getter)]
    pub fn at(&self) -> f64 {
        self.inner.at() as f64
    }

    /// Up to `n` more updates of every network (stopping at the target unless `past_target`);
    /// returns how many were done.
    pub fn step(&mut self, n: u32, past_target: bool) -> u32 {
        self.inner.step(n as usize, past_target) as u32
    }

    /// Up to `n` more updates toward the link's `at`; returns how many were done (0: reached).
    pub fn replay(&mut self, n: u32) -> u32 {
        self.inner.replay(n as usize) as u32
    }

    /// Keeps the update reached as the link's `at` (none at the target); returns it.
    #[wasm_bindgen(js_name = keepStep)]
    pub fn keep_step(&mut self) -> f64 {
        self.inner.keep_step() as f64
    }

    /// The C = 2 gaps measured so far (every 20 updates and at the start): `[{ step, sigmoid,
    /// fastLast, identity }]`.
    #[wasm_bindgen(js_name = gapHistory)]
    pub fn gap_history(&self) -> js_sys::Array {
        array(self.inner.pair().gaps().iter().map(gaps_object))
    }

    /// Chooses data point `index` (1-based, training points first); returns the one chosen.
    pub fn select(&mut self, index: u32) -> u32 {
        self.inner.select(index.saturating_sub(1) as usize) as u32 + 1
    }

    /// Chooses the data point nearest the position at fractions (`u`, `v`) of the field's
    /// picture (u from the left, v from the top); returns its index (1-based).
    #[wasm_bindgen(js_name = selectAt)]
    pub fn select_at(&mut self, u: f64, v: f64) -> u32 {
        self.inner.select_at(u, v) as u32 + 1
    }

    /// Data points (training and validation).
    #[wasm_bindgen(getter)]
    pub fn points(&self) -> u32 {
        self.inner.points() as u32
    }

    /// Everything the page shows now, in one call: `{ steps, train: { loss, accuracy }, valid,
    /// point: { index, x0, x1, label, training, classes: [{ z, t, a, network, y, dz, dzNumeric
    /// }], sumT, sumA, loss, dzCheck }, gaps: { step, sigmoid, fastLast, identity }, grid (the
    /// cells per side of the grid the gaps are measured on), accuracy: { sigmoid, softmax,
    /// sigmoidFastLast } }`.
    pub fn snapshot(&mut self) -> JsValue {
        let s = self.inner.snapshot();
        let mut accuracy = Obj::new();
        for (t, a) in Twin::ALL.into_iter().zip(s.accuracy) {
            accuracy = accuracy.num(t.name(), a);
        }
        Obj::new()
            .num("steps", s.steps as f64)
            .val("train", metrics(s.train))
            .val("valid", metrics(s.valid))
            .val("point", point_object(&s.point))
            .val("gaps", gaps_object(&s.gaps))
            .num("grid", GAP_GRID as f64)
            .val("accuracy", accuracy.into())
            .into()
    }

    /// The view's settings as a URL query (the chosen point included once one is picked).
    pub fn query(&self) -> String {
        self.inner.to_query()
    }

    /// Draws the three-class field, coloured by the class probabilities, with the data and the
    /// chosen point circled, at the canvas's pixel size.
    #[wasm_bindgen(js_name = renderField)]
    pub fn render_field(
        &mut self,
        canvas: &HtmlCanvasElement,
        resolution: u32,
    ) -> Result<(), JsError> {
        let (w, h) = (canvas.width() as usize, canvas.height() as usize);
        let (at, _, _) = self.inner.point(self.inner.selected());
        let field = self
            .inner
            .trainer_mut()
            .decision_field(resolution as usize, Mode::Inference);
        let data = self.inner.trainer().dataset();
        put_rgba(canvas, &pictures::field_with_choice(&field, data, at, w, h))
    }

    /// Draws P(class 1) of one C = 2 network ("sigmoid", "softmax", "sigmoidFastLast") over
    /// the plane, with the two-class data.
    #[wasm_bindgen(js_name = renderPairField)]
    pub fn render_pair_field(
        &mut self,
        canvas: &HtmlCanvasElement,
        network: &str,
        resolution: u32,
    ) -> Result<(), JsError> {
        let (w, h) = (canvas.width() as usize, canvas.height() as usize);
        let pair = self.inner.pair_mut();
        let field = pair.field(twin(network)?, resolution as usize);
        put_rgba(
            canvas,
            &heatmap::field_with_points(&field, pair.data(), w, h),
        )
    }

    /// Draws the C = 2 gaps against the update (log axis).
    #[wasm_bindgen(js_name = renderGaps)]
    pub fn render_gaps(&self, canvas: &HtmlCanvasElement) -> Result<(), JsError> {
        draw_chart(canvas, &pictures::gap_chart(self.inner.pair().gaps()))
    }
}
