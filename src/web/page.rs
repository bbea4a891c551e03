//! What every view asks of the engine before it builds anything: the settings table, a
//! reading of the URL for its form, the words of the page's language, and the views' names.

use super::js::{array, Obj};
use crate::i18n;
use crate::settings::{self, Control, Domain, Owner, SliderScale};
use crate::views::{self, View};
use wasm_bindgen::prelude::*;

/// The settings table (see [`crate::settings`]): one plain object per setting,
/// `{ key, kind: 'real'|'whole'|'seed'|'choice'|'flag'|'format', min?, max?, openMin?,
/// openMax?, choices?, default, control: { kind: 'select'|'radio'|'switch'|'number'|'text'|
/// 'seed'|'slider'|'none', step?, scale?: 'linear'|'log'|'oneMinusLog', lo?, hi? }, owner:
/// 'page'|'training'|<view name>|[<view names>] }`. The page builds its forms from it.
#[wasm_bindgen(js_name = settingsTable)]
pub fn settings_table() -> js_sys::Array {
    array(settings::SETTINGS.iter().map(|s| setting_object(s).into()))
}

fn setting_object(s: &settings::Setting) -> Obj {
    let mut o = Obj::new().str("key", s.key).str("default", s.default);
    o = match s.domain {
        Domain::Real {
            min,
            max,
            open_min,
            open_max,
        } => o
            .str("kind", "real")
            .num("min", min)
            .num("max", max)
            .bool("openMin", open_min)
            .bool("openMax", open_max),
        Domain::Whole { min, max } => o
            .str("kind", "whole")
            .num("min", min as f64)
            .num("max", max as f64),
        Domain::Seed => o
            .str("kind", "seed")
            .num("min", 0.0)
            .num("max", settings::MAX_SEED as f64),
        Domain::Choice(names) => o.str("kind", "choice").val(
            "choices",
            array(names.iter().map(|n| JsValue::from_str(n))).into(),
        ),
        Domain::Flag => o.str("kind", "flag"),
        Domain::Format => o.str("kind", "format"),
    };
    let control = match s.control {
        Control::Select => Obj::new().str("kind", "select"),
        Control::Radio => Obj::new().str("kind", "radio"),
        Control::Switch => Obj::new().str("kind", "switch"),
        Control::Number { step } => Obj::new().str("kind", "number").num("step", step),
        Control::Text => Obj::new().str("kind", "text"),
        Control::Seed => Obj::new().str("kind", "seed"),
        Control::Slider { scale, lo, hi } => Obj::new()
            .str("kind", "slider")
            .str(
                "scale",
                match scale {
                    SliderScale::Linear => "linear",
                    SliderScale::Log => "log",
                    SliderScale::OneMinusLog => "oneMinusLog",
                },
            )
            .num("lo", lo)
            .num("hi", hi),
        Control::None => Obj::new().str("kind", "none"),
    };
    o = o.val("control", control.into());
    match s.owner {
        Owner::Page => o.str("owner", "page"),
        Owner::Training => o.str("owner", "training"),
        Owner::View(v) => o.str("owner", v.name()),
        Owner::Views(vs) => o.val(
            "owner",
            array(vs.iter().map(|v| JsValue::from_str(v.name()))).into(),
        ),
    }
}

/// The view a URL names: `{ view, notice? }` — an unknown `view=` opens the first view and
/// says so (`notice`), an old name (`grid`) opens its view.
#[wasm_bindgen(js_name = viewOf)]
pub fn view_of(query: &str) -> JsValue {
    let given = crate::query::decode_pairs(query)
        .into_iter()
        .find(|(k, _)| k == "view")
        .map(|(_, v)| v);
    match given.as_deref().map(|v| (v, View::parse(v))) {
        None => Obj::new().str("view", View::Panda.name()).into(),
        Some((_, Some(view))) => Obj::new().str("view", view.name()).into(),
        Some((name, None)) => Obj::new()
            .str("view", View::Panda.name())
            .str(
                "notice",
                &i18n::Msg::new("notice.unknown-view")
                    .echo("view", name)
                    .text("views", View::NAMES.join(", "))
                    .render(),
            )
            .into(),
    }
}

/// The views' names, in tab order.
#[wasm_bindgen(js_name = viewNames)]
pub fn view_names() -> js_sys::Array {
    array(View::NAMES.iter().map(|n| JsValue::from_str(n)))
}

/// A reading of `view`'s settings in a URL query, for its form: `{ values: { key: text },
/// errors: [{ key, message }], unknown: [{ key, suggestion? , message }] }` — every setting's
/// text (the URL's, even a refused one, else the view's default), every refusal tied to its
/// key, and a notice for each key no view knows ("did you mean 'lr'?").
#[wasm_bindgen(js_name = readSettings)]
pub fn read_settings(view: &str, query: &str) -> Result<JsValue, JsError> {
    let view = View::parse(view).ok_or_else(|| JsError::new(&format!("no view '{view}'")))?;
    let r = views::read(view, query);
    let mut values = Obj::new();
    for (k, v) in &r.values {
        values = values.str(k, v);
    }
    let errors = array(r.errors.iter().map(|e| {
        Obj::new()
            .str("key", e.key().unwrap_or(""))
            .str("message", &e.to_string())
            .into()
    }));
    let unknown = array(r.unknown.iter().map(|(k, near)| {
        let msg = match near {
            Some(n) => i18n::Msg::new("notice.unknown-key-near")
                .echo("key", k)
                .text("near", *n),
            None => i18n::Msg::new("notice.unknown-key").echo("key", k),
        };
        let o = Obj::new().str("key", k).str("message", &msg.render());
        match near {
            Some(n) => o.str("suggestion", n),
            None => o,
        }
        .into()
    }));
    Ok(Obj::new()
        .val("values", values.into())
        .val("errors", errors.into())
        .val("unknown", unknown.into())
        .into())
}

/// Makes a catalogue (the JSON text of `www/i18n/<lang>.json`) the engine's language for
/// messages and chart text; returns its language tag.
#[wasm_bindgen(js_name = setCatalogue)]
pub fn set_catalogue(json: &str) -> Result<String, JsError> {
    i18n::set_catalogue(json).map_err(|e| JsError::new(&format!("catalogue: {e}")))
}

/// The English catalogue's JSON text (compiled in; the page needs no request for it).
#[wasm_bindgen(js_name = englishCatalogue)]
pub fn english_catalogue() -> String {
    i18n::ENGLISH_JSON.to_string()
}

/// The smallest text the charts draw, in canvas pixels (0: none): presenter mode asks for
/// 16 CSS pixels × the device pixel ratio.
#[wasm_bindgen(js_name = setChartTextFloor)]
pub fn set_chart_text_floor(px: f64) {
    crate::render::set_text_floor(px);
}

/// The colour of class `k` in every heatmap, as CSS `#rrggbb` (for legends).
#[wasm_bindgen(js_name = classColour)]
pub fn class_colour(k: u32) -> String {
    let [r, g, b] = crate::render::palette::class_colour(k as usize);
    format!("#{r:02x}{g:02x}{b:02x}")
}
