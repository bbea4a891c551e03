//! The wasm-bindgen edge (written next).
