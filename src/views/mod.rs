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

/// The views of the page, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    /// Train one model and babysit it.
    Panda,
    /// Grid vs random search.
    Race,
    /// Sampling on the right scale.
    Scale,
    /// The batch-norm lab.
    Bnlab,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 4] = [View::Panda, View::Race, View::Scale, View::Bnlab];

    /// The views' names, in tab order (the URL's `view=` values).
    pub const NAMES: &'static [&'static str] = &["panda", "race", "scale", "bnlab"];

    /// The view's one name: URL `view=`, module and file names.
    pub fn name(self) -> &'static str {
        match self {
            View::Panda => "panda",
            View::Race => "race",
            View::Scale => "scale",
            View::Bnlab => "bnlab",
        }
    }

    /// The view named `name` (older names of views are accepted: `grid` is the race).
    pub fn parse(name: &str) -> Option<View> {
        match name {
            "grid" => Some(View::Race),
            _ => View::ALL.into_iter().find(|v| v.name() == name),
        }
    }

    /// True for the views that train networks (and so read the training settings).
    pub fn trains(self) -> bool {
        !matches!(self, View::Scale)
    }

    /// Where this view starts settings that differ from the table's defaults, as (key, URL
    /// value) pairs. The batch-norm lab starts at α = 3 on a 2 → 16 → 16 → 1 network with
    /// mini-batches of 16: there a network without BN diverges while the BN one learns
    /// (see [`bnlab::LAB_DEFAULTS`]).
    pub fn defaults(self) -> &'static [(&'static str, &'static str)] {
        match self {
            View::Bnlab => &[("hidden", "16,16"), ("batch", "16"), ("lr", "3")],
            _ => &[],
        }
    }
}
