//! Helpers shared by the browser tests (`#[wasm_bindgen_test]`): reading the named fields of a
//! plain JS object a handle returns, and real canvases to draw on and read back.
//! Each test crate that says `mod support;` compiles its own copy, and uses a part of it.

#![cfg(target_arch = "wasm32")]
#![allow(dead_code)]

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// Field `key` of a JS object.
pub fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

/// Number field `key` of a JS object (panics, naming it, if it is not a number).
pub fn num(v: &JsValue, key: &str) -> f64 {
    get(v, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"))
}

/// Array field `key` of a JS object, as a Vec.
pub fn items(v: &JsValue, key: &str) -> Vec<JsValue> {
    js_sys::Array::from(&get(v, key)).to_vec()
}

/// A `w × h` canvas added to the page.
pub fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let c: HtmlCanvasElement = document.create_element("canvas").unwrap().unchecked_into();
    c.set_width(w);
    c.set_height(h);
    document.body().unwrap().append_child(&c).unwrap();
    c
}

/// The RGBA pixels of a canvas.
pub fn pixels(c: &HtmlCanvasElement) -> Vec<u8> {
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().unchecked_into();
    ctx.get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
        .unwrap()
        .data()
        .to_vec()
}

/// Pixels of a canvas that are not transparent.
pub fn inked(c: &HtmlCanvasElement) -> usize {
    pixels(c).chunks(4).filter(|p| p[3] > 0).count()
}
