//! What each view of the page computes and shows, independent of the browser: one module per
//! view, named as the view is everywhere (URL `view=`, `src/web/`, `src/render/`, `www/js/views/`,
//! `www/css/`, `tests/`).
//!
//! - [`race`] — "Grid vs random": three searches race on one landscape (course notes §1);
//! - [`scale`] — "Right scale": α = 10^r and β = 1 − 10^r against uniform sampling (§2);
//! - [`bnlab`] — "Batch-norm lab": one BN layer up close, and what BN does to training (§4).
//!
//! The "panda" view (one model babysat live, §3) is a [`crate::train::Trainer`] as it is.

pub mod bnlab;
pub mod race;
pub mod scale;
