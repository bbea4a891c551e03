//! What each view of the page computes and shows, independent of the browser: one module per
//! view, named as the view is everywhere (URL `view=`, `src/web/`, `src/render/`, `www/js/views/`,
//! `www/css/`, `tests/`).
//!
//! - [`panda`] — "Panda": one model babysat live (course notes §3), a [`crate::train::Trainer`]
//!   with a short guide of one-click scenarios;
//! - [`caviar`] — "Caviar": many models trained at once, their curves overlaid (§3);
//! - [`race`] — "Grid vs random": three searches race on one landscape (course notes §1);
//! - [`scale`] — "Right scale": α = 10^r and β = 1 − 10^r against uniform sampling (§2);
//! - [`bnlab`] — "Batch-norm lab": one BN layer up close, and what BN does to training (§4);
//! - [`softmax`] — "Softmax": class probabilities of a 3-class network, and C = 2 as logistic
//!   regression (§5).
//!
//! - [`panda`] — "Panda": one model babysat live, its start and guided scenarios (§3), run by a
//!   [`crate::train::Trainer`];
//! - [`caviar`] — "Caviar": many models trained at once, ranked (§3).

pub mod bnlab;
pub mod caviar;
pub mod panda;
pub mod race;
pub mod scale;
pub mod softmax;

/// The views of the page, in tab order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum View {
    /// Train one model and babysit it.
    Panda,
    /// Train many models at once and keep the best.
    Caviar,
    /// Grid vs random search.
    Race,
    /// Sampling on the right scale.
    Scale,
    /// The batch-norm lab.
    Bnlab,
    /// Softmax regression.
    Softmax,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 6] = [
        View::Panda,
        View::Caviar,
        View::Race,
        View::Scale,
        View::Bnlab,
        View::Softmax,
    ];

    /// The views' names, in tab order (the URL's `view=` values).
    pub const NAMES: &'static [&'static str] =
        &["panda", "caviar", "race", "scale", "bnlab", "softmax"];

    /// The view's one name: URL `view=`, module and file names.
    pub fn name(self) -> &'static str {
        match self {
            View::Panda => "panda",
            View::Caviar => "caviar",
            View::Race => "race",
            View::Scale => "scale",
            View::Bnlab => "bnlab",
            View::Softmax => "softmax",
        }
    }

    /// The view named `name` (older names of views are accepted: `grid` is the race).
    pub fn parse(name: &str) -> Option<View> {
        match name {
            "grid" => Some(View::Race),
            _ => View::ALL.into_iter().find(|v| v.name() == name),
        }
    }

    /// True for the views that read the training settings (the softmax view trains networks of
    /// its own, from its own keys).
    pub fn trains(self) -> bool {
        !matches!(self, View::Scale | View::Softmax)
    }

    /// Where this view starts settings that differ from the table's defaults, as (key, URL
    /// value) pairs. The batch-norm lab starts at α = 3 on a 2 → 16 → 16 → 1 network with
    /// mini-batches of 16: there a network without BN diverges while the BN one learns
    /// (see [`bnlab::LAB_DEFAULTS`]). The panda and the caviar start on the spiral
    /// ([`panda::START`]), where babysitting matters; they share it so that "babysit this one"
    /// opens a caviar's model in the panda view with the same settings.
    pub fn defaults(self) -> &'static [(&'static str, &'static str)] {
        match self {
            View::Panda | View::Caviar => panda::START,
            View::Bnlab => &[("hidden", "16,16"), ("batch", "16"), ("lr", "3")],
            _ => &[],
        }
    }
}

/// What a view's form shows for a URL: every setting's text, every refusal (each tied to its
/// key), and the keys no view knows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reading {
    /// Each setting of the view with the text the form shows: the URL's value as typed
    /// (even a refused one, so the learner sees and fixes it), else the view's default.
    pub values: Vec<(&'static str, String)>,
    /// Every refusal found, at most one per key: first each value against its own range, then
    /// (when those are all fine) the checks that involve several settings.
    pub errors: Vec<crate::Error>,
    /// URL keys no view knows, each with the known key it most likely misspells.
    pub unknown: Vec<(String, Option<&'static str>)>,
}

impl Reading {
    /// True when nothing was refused.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The refusal tied to `key`, if any.
    pub fn error_for(&self, key: &str) -> Option<&crate::Error> {
        self.errors.iter().find(|e| e.key() == Some(key))
    }
}

/// Reads `view`'s settings from a URL query for its form: values, refusals, unknown keys.
pub fn read(view: View, query: &str) -> Reading {
    use crate::query::{check_value, decode_pairs, Query};
    use crate::settings::{self, Domain};
    let pairs = decode_pairs(query);
    let first = |key: &str| pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let mut reading = Reading::default();
    let parsed = Query::parse(query);
    if let Err(e) = &parsed {
        reading.errors.push(e.clone());
    }
    for s in settings::keys_of(view) {
        let text = first(s.key).unwrap_or_else(|| settings::default_in(view, s.key).to_string());
        // An empty value where the default is empty means "computed by the owner".
        let computed = text.trim().is_empty() && s.default.is_empty();
        if s.domain != Domain::Format && !computed && reading.error_for(s.key).is_none() {
            if let Err(e) = check_value(s, &text) {
                reading.errors.push(e);
            }
        }
        reading.values.push((s.key, text));
    }
    let mut seen: Vec<&str> = Vec::new();
    for (k, _) in &pairs {
        if settings::find(k).is_none() && !seen.contains(&k.as_str()) {
            seen.push(k);
            reading.unknown.push((k.clone(), settings::nearest_key(k)));
        }
    }
    if let (Ok(q), true) = (&parsed, reading.errors.is_empty()) {
        if let Err(e) = check_whole_view(view, q) {
            reading.errors.push(e);
        }
    }
    reading
}

/// The checks of a view's settings taken together (e.g. a batch no larger than the data, an
/// axis range on the right scale, a layer that exists), as the view's constructor runs them.
fn check_whole_view(view: View, q: &crate::query::Query) -> crate::Result<()> {
    match view {
        View::Panda => crate::config::Config::read(&q.reader(view)).map(drop),
        View::Caviar => caviar::CaviarSettings::read(&q.reader(view)).map(drop),
        View::Race => race::RaceSettings::read(&q.reader(view)).map(drop),
        View::Scale => scale::ScaleSettings::read(&q.reader(view)).map(drop),
        View::Softmax => softmax::SoftmaxSettings::read(&q.reader(view)).map(drop),
        View::Bnlab => {
            let q = q.clone().with("bn", "1");
            let r = q.reader(view);
            let config = crate::config::Config::read(&r)?;
            bnlab::LabSettings::read(&r)?.check(&config)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reading_shows_typed_values_marks_each_bad_key_and_names_unknown_ones() {
        let r = read(View::Panda, "lr=abc&points=5&lrr=1&batch=8");
        let value = |k: &str| {
            r.values
                .iter()
                .find(|(key, _)| *key == k)
                .unwrap()
                .1
                .clone()
        };
        assert_eq!(value("lr"), "abc");
        assert_eq!(value("points"), "5");
        assert_eq!(value("batch"), "8");
        assert_eq!(value("noise"), "0.1");
        assert!(r.error_for("lr").is_some());
        assert!(r.error_for("points").is_some());
        assert!(r.error_for("batch").is_none());
        assert_eq!(r.unknown, vec![("lrr".to_string(), Some("lr"))]);
    }

    #[test]
    fn cross_setting_checks_run_once_each_value_is_fine() {
        let r = read(View::Bnlab, "points=20");
        assert_eq!(r.errors.len(), 1);
        assert_eq!(r.errors[0].key(), Some("points"));
        let r = read(View::Race, "xMin=1&xMax=0.1");
        assert_eq!(r.errors[0].key(), Some("xMin"));
        let r = read(View::Panda, "batch=5&batch=0");
        assert_eq!(r.errors[0].key(), Some("batch"));
        assert_eq!(r.errors.len(), 1, "{:?}", r.errors);
        assert!(read(View::Scale, "").is_valid());
    }

    #[test]
    fn view_names_round_trip_and_old_names_still_open() {
        for v in View::ALL {
            assert_eq!(View::parse(v.name()), Some(v));
            assert_eq!(View::NAMES[v as usize], v.name());
        }
        assert_eq!(View::parse("grid"), Some(View::Race));
        assert_eq!(View::parse("GRID"), None);
        assert_eq!(View::parse(""), None);
    }
}
