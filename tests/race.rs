//! The "Grid vs random" race natively: its URL settings (defaults, round trips, every bad
//! setting refused at its key), the fair repeats (fresh grid origins, shared training seeds,
//! fresh synthetic optima), the core `Race` the page forwards to (planning, recording,
//! summaries, wins), the workers' `Runner`, the cost estimate, the study, the right-scale
//! samples, and the pictures (panel RGBA with a rug per axis, best-so-far chart).
//!
//! Natively: `tests/race/native.rs`. In the browser (`wasm-pack test --headless --chrome`):
//! `tests/race/browser.rs`, every handle the page and the workers use, driven and its typed
//! result checked.

#[cfg(target_arch = "wasm32")]
#[path = "race/browser.rs"]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
#[path = "race/classroom.rs"]
mod classroom;
#[cfg(not(target_arch = "wasm32"))]
#[path = "race/native.rs"]
mod native;
