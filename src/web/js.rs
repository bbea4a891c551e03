//! Small builders for the plain JavaScript objects the edge hands to the page: named fields,
//! never positional arrays read by index.

use wasm_bindgen::JsValue;

/// A plain JS object built field by field: `Obj::new().num("loss", 0.3).str("name", "grid")`.
pub struct Obj(js_sys::Object);

impl Obj {
    /// An empty object.
    pub fn new() -> Obj {
        Obj(js_sys::Object::new())
    }

    /// Sets field `key` to any JS value.
    pub fn val(self, key: &str, value: JsValue) -> Obj {
        let _ = js_sys::Reflect::set(&self.0, &JsValue::from_str(key), &value);
        self
    }

    /// Sets a number field.
    pub fn num(self, key: &str, value: f64) -> Obj {
        self.val(key, JsValue::from_f64(value))
    }

    /// Sets a number field, or `null` when there is none.
    pub fn opt_num(self, key: &str, value: Option<f64>) -> Obj {
        self.val(key, value.map_or(JsValue::NULL, JsValue::from_f64))
    }

    /// Sets a string field.
    pub fn str(self, key: &str, value: &str) -> Obj {
        self.val(key, JsValue::from_str(value))
    }

    /// Sets a boolean field.
    pub fn bool(self, key: &str, value: bool) -> Obj {
        self.val(key, JsValue::from_bool(value))
    }
}

impl Default for Obj {
    fn default() -> Self {
        Obj::new()
    }
}

impl From<Obj> for JsValue {
    fn from(o: Obj) -> JsValue {
        o.0.into()
    }
}

/// A JS array of the given values.
pub fn array(items: impl Iterator<Item = JsValue>) -> js_sys::Array {
    items.collect()
}

/// A JS array of numbers.
#[cfg_attr(not(feature = "all-views"), allow(dead_code))]
pub fn numbers(items: impl Iterator<Item = f64>) -> js_sys::Array {
    items.map(JsValue::from_f64).collect()
}
