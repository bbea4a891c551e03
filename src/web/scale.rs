//! The "Right scale" view's handle: the samples of every hyperparameter the view shows, drawn
//! from the URL's settings, their tables of shares and their histograms.

use super::js::{array, Obj};
use super::{chart_area, config_error, js_error};
use crate::render::charts::{self, HistogramChart};
use crate::render::scale::{histogram, series};
use crate::views::scale::{PartShares, Sampler, ScaleDemo, ScaleView};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

/// Samples of the "Right scale" view: α in [10^a, 10^b], β, hidden units and layers, each
/// drawn with the samplers the view compares.
#[wasm_bindgen]
pub struct ScaleSamples {
    view: ScaleView,
}

fn part_object(row: &PartShares) -> JsValue {
    let mut shares = Obj::new();
    for &(s, v) in &row.shares {
        shares = shares.num(s.name(), v);
    }
    let o = Obj::new()
        .num("lo", row.part.lo)
        .num("hi", row.part.hi)
        .val("shares", shares.into());
    match row.window {
        Some((lo, hi)) => o.val("window", Obj::new().num("lo", lo).num("hi", hi).into()),
        None => o,
    }
    .into()
}

fn demo_object(d: &ScaleDemo) -> JsValue {
    let (lo, hi) = d.param.range();
    let samplers = d.param.samplers().iter().map(|&s| {
        Obj::new()
            .str("name", s.name())
            .num("series", series(s) as f64)
            .into()
    });
    Obj::new()
        .str("name", d.param.name())
        .num("lo", lo)
        .num("hi", hi)
        .bool("whole", d.param.whole())
        .val("samplers", array(samplers).into())
        .val("parts", array(d.table().iter().map(part_object)).into())
        .into()
}

#[wasm_bindgen]
impl ScaleSamples {
    /// The samples a URL query describes (`samples`, `sampleSeed`, `logMin`, `logMax`); a bad
    /// setting throws an Error whose `key` names it.
    #[wasm_bindgen(js_name = fromQuery)]
    pub fn from_query(query: &str) -> Result<ScaleSamples, JsValue> {
        let view = ScaleView::from_query(query).map_err(config_error)?;
        Ok(ScaleSamples { view })
    }

    /// Everything the tables show, in one call: `{ samples, seed, a, b, params: [{ name:
    /// 'lr'|'beta'|'units'|'layers', lo, hi, whole, samplers: [{ name: 'uniform'|'scale'|
    /// 'reverseLog', series }], parts: [{ lo, hi, shares: { <sampler>: share }, window?: { lo,
    /// hi } }] }] }` (parts lowest values first; `series` is the colour index of a sampler).
    pub fn summary(&self) -> JsValue {
        let s = &self.view.settings;
        Obj::new()
            .num("samples", s.samples as f64)
            .num("seed", s.seed as f64)
            .num("a", s.a)
            .num("b", s.b)
            .val(
                "params",
                array(self.view.demos.iter().map(demo_object)).into(),
            )
            .into()
    }

    /// The histogram `renderHistogram` draws for these arguments.
    fn chart(&self, param: &str, sampler: &str, log: bool) -> Result<HistogramChart, JsError> {
        let demo = self
            .view
            .demo(param)
            .ok_or_else(|| js_error(format!("no hyperparameter '{param}'")))?;
        let sampler = Sampler::parse(sampler)
            .filter(|s| demo.param.samplers().contains(s))
            .ok_or_else(|| js_error(format!("no sampler '{sampler}' for '{param}'")))?;
        Ok(histogram(demo, sampler, log))
    }

    /// Draws the histogram of `param`'s draws with `sampler` ("uniform", "scale",
    /// "reverseLog") on a linear (`log` false) or log axis.
    #[wasm_bindgen(js_name = renderHistogram)]
    pub fn render_histogram(
        &self,
        canvas: &HtmlCanvasElement,
        param: &str,
        sampler: &str,
        log: bool,
    ) -> Result<(), JsError> {
        charts::draw_histogram_chart(chart_area(canvas)?, &self.chart(param, sampler, log)?)
            .map_err(|e| js_error(format!("chart: {e:?}")))
    }

    /// The numbers of the histogram `renderHistogram` draws for the same arguments: `{ bins:
    /// [{ from, to, count }] }`, bins in value (on a log axis too), lowest first.
    #[wasm_bindgen(js_name = histogramData)]
    pub fn histogram_data(
        &self,
        param: &str,
        sampler: &str,
        log: bool,
    ) -> Result<JsValue, JsError> {
        let h = self.chart(param, sampler, log)?;
        let bins = h.edges.windows(2).zip(&h.counts).map(|(e, &count)| {
            Obj::new()
                .num("from", e[0])
                .num("to", e[1])
                .num("count", count)
                .into()
        });
        Ok(Obj::new().val("bins", array(bins).into()).into())
    }
}
