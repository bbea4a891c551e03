//! Axis ranges, tick positions and number formatting for the charts: plain functions, no
//! drawing.
//!
//! Every number src/render writes goes through one of two formatters: [`format_value`] for a
//! value in a label or caption ("0.03", "−0.19", "1e-4"), [`format_tick`] for a tick label,
//! in the [`TickStyle`] the chart's caller chose for that axis.

/// A "nice" step for about `raw` units between ticks: 1, 2, 2.5 or 5 times a power of ten,
/// the smallest such number ≥ `raw` (1 for non-positive or non-finite `raw`).
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let p = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= raw * (1.0 - 1e-9) {
            return m * p;
        }
    }
    10.0 * p
}

/// Ticks at multiples of a [`nice_step`] inside [lo, hi], at most about `max` of them
/// (at least 2 when the range is non-degenerate). Empty for a non-finite or empty range.
pub fn linear_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return Vec::new();
    }
    let max = max.max(2);
    let mut step = nice_step((hi - lo) / (max - 1) as f64);
    loop {
        let ticks = ticks_with_step(lo, hi, step);
        if ticks.len() <= max || step <= 0.0 {
            return ticks;
        }
        step = nice_step(step * 1.01);
    }
}

/// Every multiple of `step` inside [lo, hi] (with a little tolerance), snapped to the step.
fn ticks_with_step(lo: f64, hi: f64, step: f64) -> Vec<f64> {
    let eps = step * 1e-9;
    let first = ((lo - eps) / step).ceil() as i64;
    let last = ((hi + eps) / step).floor() as i64;
    if last < first || last - first > 10_000 {
        return Vec::new();
    }
    (first..=last)
        .map(|k| {
            let v = k as f64 * step;
            if v.abs() < eps {
                0.0
            } else {
                v
            }
        })
        .collect()
}

/// The step between consecutive ticks (1 for fewer than two ticks).
pub fn tick_step(ticks: &[f64]) -> f64 {
    match ticks {
        [a, b, ..] => b - a,
        _ => 1.0,
    }
}

/// Ticks for a log axis, as base-10 exponents inside [lo, hi] (exponents too): whole decades
/// (thinned to every k-th when there are more than `max`) if that gives at least 3, else
/// 1-2-5 per decade, else 1…9 per decade, else linear ticks of the values. Empty for a
/// non-finite or empty range.
pub fn log_ticks(lo: f64, hi: f64, max: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return Vec::new();
    }
    let max = max.max(2);
    let eps = 1e-9;
    let within = |mults: &[f64]| -> Vec<f64> {
        let mut out = Vec::new();
        let (k0, k1) = (lo.floor() as i64, hi.ceil() as i64);
        if k1 - k0 > 400 {
            return out;
        }
        for k in k0..=k1 {
            for &m in mults {
                let e = k as f64 + f64::log10(m);
                if e >= lo - eps && e <= hi + eps {
                    out.push(e);
                }
            }
        }
        out
    };
    let decades = within(&[1.0]);
    if decades.len() >= 3 {
        let every = decades.len().div_ceil(max);
        return decades.into_iter().step_by(every.max(1)).collect();
    }
    for mults in [
        &[1.0, 2.0, 5.0][..],
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0][..],
    ] {
        let t = within(mults);
        if t.len() >= 3 && t.len() <= max {
            return t;
        }
    }
    let (a, b) = (10f64.powf(lo), 10f64.powf(hi));
    linear_ticks(a, b, max)
        .into_iter()
        .filter(|v| *v > 0.0)
        .map(f64::log10)
        .collect()
}

/// How an axis places and labels its ticks: part of every chart model, chosen by the caller.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TickStyle {
    /// A linear axis labelled with just enough decimals for the step: "0.25", "0.5", "3",
    /// thousands as "2k", tiny values as "1e-4".
    #[default]
    Plain,
    /// A log axis: values are drawn at log₁₀ v (v > 0) and ticks are labelled with the values,
    /// as [`format_value`] writes them: "0.001", "0.01", "1", "1e-4".
    Log,
    /// A log axis of 1 − β for β just below 1: values are drawn at −log₁₀(1 − β) (β < 1) and
    /// ticks are labelled β: "0.9", "0.99", "0.999".
    OneMinusLog,
}

impl TickStyle {
    /// Where value `v` sits on an axis of this style, or `None` where it cannot be drawn
    /// (non-finite, or outside a log axis's domain).
    pub fn position(self, v: f64) -> Option<f64> {
        let p = match self {
            TickStyle::Plain => v,
            TickStyle::Log if v > 0.0 => v.log10(),
            TickStyle::OneMinusLog if v < 1.0 => -(1.0 - v).log10(),
            _ => return None,
        };
        p.is_finite().then_some(p)
    }

    /// The value at position `p` (the inverse of [`TickStyle::position`]).
    pub fn value(self, p: f64) -> f64 {
        match self {
            TickStyle::Plain => p,
            TickStyle::Log => 10f64.powf(p),
            TickStyle::OneMinusLog => 1.0 - 10f64.powf(-p),
        }
    }

    /// Whether the axis is a log axis (positions are exponents).
    pub fn is_log(self) -> bool {
        self != TickStyle::Plain
    }

    /// Tick positions inside the positions [lo, hi], at most about `max` of them:
    /// [`linear_ticks`] on a plain axis, [`log_ticks`] on the others.
    pub fn ticks(self, lo: f64, hi: f64, max: usize) -> Vec<f64> {
        match self {
            TickStyle::Plain => linear_ticks(lo, hi, max),
            TickStyle::Log => log_ticks(lo, hi, max),
            TickStyle::OneMinusLog => {
                let mut t: Vec<f64> = log_ticks(-hi, -lo, max).into_iter().map(|e| -e).collect();
                t.reverse();
                t
            }
        }
    }
}

/// The label of the tick at position `p` on an axis of `style` whose ticks are `step` apart
/// (in positions): see [`TickStyle`] for how each style reads.
pub fn format_tick(p: f64, step: f64, style: TickStyle) -> String {
    if !p.is_finite() {
        return String::new();
    }
    match style {
        TickStyle::Plain => plain_tick(p, step),
        TickStyle::Log => format_value(10f64.powf(p)),
        TickStyle::OneMinusLog => one_minus_tick(-p),
    }
}

/// A plain tick label for `v` on an axis whose ticks are `step` apart: just enough decimals for
/// the step ("0.25", "0.5", "3"), thousands as "k" ("2k", "2.5k", "10k") when the step is a
/// multiple of 100, and e-notation ("1e-4", "2.5e-5") when |v| and the step are below 0.001.
fn plain_tick(v: f64, step: f64) -> String {
    let step = if step.is_finite() && step > 0.0 {
        step
    } else {
        1.0
    };
    let v = (v / step).round() * step;
    if v == 0.0 {
        return "0".into();
    }
    if step < 1e-3 && v.abs() < 1e-3 {
        return format_e(v, 2);
    }
    if v.abs() >= 1000.0 && (step / 100.0).fract() == 0.0 {
        return format!("{}k", trim(&format!("{:.1}", v / 1000.0)));
    }
    let decimals = decimals_for(step);
    trim(&format!("{v:.decimals$}"))
}

/// The labels of ticks `ticks` (positions, increasing) on an axis of `style`: those of
/// [`format_tick`], with more significant digits where that is needed to tell neighbours
/// apart (a log axis over 0.6905..0.6915 reads "0.6906", "0.6908", … "0.6914", never "0.691"
/// five times), and an empty label for a tick that still repeats its neighbour's at 9 digits.
pub fn tick_labels(ticks: &[f64], style: TickStyle) -> Vec<String> {
    let step = tick_step(ticks);
    let base: Vec<String> = ticks.iter().map(|&p| format_tick(p, step, style)).collect();
    if all_distinct(&base) {
        return base;
    }
    let value = |p: f64| match style {
        TickStyle::Plain => p,
        _ => style.value(p),
    };
    for sig in 4..=9 {
        let labels: Vec<String> = ticks
            .iter()
            .map(|&p| format_significant(value(p), sig))
            .collect();
        if all_distinct(&labels) {
            return labels;
        }
    }
    let mut out = base;
    for i in 1..out.len() {
        if !out[i].is_empty() && out[..i].contains(&out[i]) {
            out[i].clear();
        }
    }
    out
}

/// True when no two non-empty labels are equal.
fn all_distinct(labels: &[String]) -> bool {
    labels
        .iter()
        .enumerate()
        .all(|(i, a)| a.is_empty() || !labels[i + 1..].contains(a))
}

/// β = 1 − 10^e as the learner reads it: "0.99" for e = −2, "0.995" for e = log₁₀ 0.005.
fn one_minus_tick(e: f64) -> String {
    let one_minus = 10f64.powf(e);
    let decimals = ((-one_minus.log10()).ceil().max(0.0) as usize + 1).min(12);
    let text = format!("{:.decimals$}", 1.0 - one_minus);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    text.to_string()
}

/// Decimals needed to print multiples of `step` exactly.
fn decimals_for(step: f64) -> usize {
    for d in 0..12 {
        let scaled = step * 10f64.powi(d as i32);
        if (scaled - scaled.round()).abs() < 1e-6 * scaled.abs().max(1.0) {
            return d;
        }
    }
    12
}

/// Drops trailing zeros after a decimal point, and the point itself if nothing follows.
fn trim(s: &str) -> String {
    if s.contains('.') && !s.contains('e') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s.to_string()
    }
}

/// `v` in e-notation with at most `digits` decimals in the mantissa, trailing zeros dropped:
/// "1e-4", "2.5e-5".
fn format_e(v: f64, digits: usize) -> String {
    let s = format!("{v:.digits$e}");
    match s.split_once('e') {
        Some((m, e)) => format!("{}e{}", trim(m), e),
        None => s,
    }
}

/// A value in a label or caption, with 3 significant digits and a true minus sign: "0.03",
/// "0.3", "0.999", "128", "−0.19", "1e-4", "2.5e+5" → "2.5e5". Plain decimals for
/// 0.001 ≤ |v| < 100 000, e-notation otherwise; "NaN", "∞", "−∞".
pub fn format_value(v: f64) -> String {
    format_significant(v, 3)
}

/// `v` with `sig` significant digits (at least 1), as [`format_value`] writes 3: plain
/// decimals for 0.001 ≤ |v| < 100 000 (the integer part is never rounded away), e-notation
/// otherwise, trailing zeros dropped, a true minus sign.
pub fn format_significant(v: f64, sig: usize) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    let sig = sig.max(1) as i32;
    let digits = if (1e-3..1e5).contains(&a) {
        let decimals = (sig - 1 - a.log10().floor() as i32).max(0) as usize;
        trim(&format!("{a:.decimals$}"))
    } else {
        format_e(a, sig as usize - 1)
    };
    if v < 0.0 {
        format!("−{digits}")
    } else {
        digits
    }
}

/// An axis range from data bounds: a degenerate range (lo = hi) is widened to
/// (v − 0.1|v|, v + 0.1|v|), or to (0, 1) at v = 0; non-finite bounds give (0, 1).
pub fn widen(lo: f64, hi: f64) -> (f64, f64) {
    if !(lo.is_finite() && hi.is_finite()) {
        return (0.0, 1.0);
    }
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    if hi - lo > 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        return (lo, hi);
    }
    if lo == 0.0 {
        (0.0, 1.0)
    } else {
        let d = 0.1 * lo.abs();
        (lo - d, hi + d)
    }
}

/// Smallest and largest of some values, skipping non-finite ones.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Bounds(pub Option<(f64, f64)>);

impl Bounds {
    /// Takes `v` into account if it is finite.
    pub fn add(&mut self, v: f64) {
        if v.is_finite() {
            self.0 = Some(match self.0 {
                None => (v, v),
                Some((lo, hi)) => (lo.min(v), hi.max(v)),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_steps() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.0), 1.0);
        assert_eq!(nice_step(1.3), 2.0);
        assert_eq!(nice_step(2.2), 2.5);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(7.0), 10.0);
        assert!((nice_step(0.013) - 0.02).abs() < 1e-12);
        assert_eq!(nice_step(f64::NAN), 1.0);
    }

    #[test]
    fn linear_ticks_cover_the_range() {
        assert_eq!(
            linear_ticks(0.0, 1.0, 6),
            vec![0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        let t = linear_ticks(0.0, 2000.0, 5);
        assert_eq!(t, vec![0.0, 500.0, 1000.0, 1500.0, 2000.0]);
        assert!(linear_ticks(1.0, 1.0, 5).is_empty());
        assert!(linear_ticks(0.0, f64::NAN, 5).is_empty());
        let t = linear_ticks(0.013, 0.69, 5);
        assert!(t.len() >= 2 && t.len() <= 5, "{t:?}");
    }

    #[test]
    fn log_ticks_choose_decades_or_125() {
        assert_eq!(log_ticks(-4.0, 0.0, 6), vec![-4.0, -3.0, -2.0, -1.0, 0.0]);
        assert_eq!(log_ticks(-8.0, 0.0, 5).len(), 5);
        let t = log_ticks(-1.5, 0.0, 6);
        let v: Vec<f64> = t
            .iter()
            .map(|e| (10f64.powf(*e) * 1000.0).round() / 1000.0)
            .collect();
        assert_eq!(v, vec![0.05, 0.1, 0.2, 0.5, 1.0]);
        let t = log_ticks(0.3f64.log10(), 0.6f64.log10(), 6);
        assert!(t.len() >= 2, "{t:?}");
    }

    #[test]
    fn tick_labels() {
        let plain = |v, step| format_tick(v, step, TickStyle::Plain);
        assert_eq!(plain(0.25, 0.25), "0.25");
        assert_eq!(plain(0.5, 0.25), "0.5");
        assert_eq!(plain(0.6000000000000001, 0.2), "0.6");
        assert_eq!(plain(2000.0, 500.0), "2k");
        assert_eq!(plain(2500.0, 500.0), "2.5k");
        assert_eq!(plain(300.0, 100.0), "300");
        assert_eq!(plain(0.0002, 0.0001), "2e-4");
        assert_eq!(plain(-1.5, 0.5), "-1.5");
        assert_eq!(plain(f64::NAN, 1.0), "");
        let log = |e| format_tick(e, 1.0, TickStyle::Log);
        assert_eq!(
            [-4.0, -3.0, -1.0, 0.0, 2.0].map(log),
            ["1e-4", "0.001", "0.1", "1", "100"]
        );
        assert_eq!(format_tick(0.2f64.log10(), 0.3, TickStyle::Log), "0.2");
        let beta = |p| format_tick(p, 1.0, TickStyle::OneMinusLog);
        assert_eq!(
            [1.0, 2.0, 3.0, 4.0].map(beta),
            ["0.9", "0.99", "0.999", "0.9999"]
        );
        assert_eq!(beta(-(0.005f64.log10())), "0.995");
    }

    #[test]
    fn tick_styles_place_values_and_ticks() {
        assert_eq!(TickStyle::Plain.position(-2.0), Some(-2.0));
        assert_eq!(TickStyle::Log.position(100.0), Some(2.0));
        assert_eq!(TickStyle::Log.position(0.0), None);
        assert_eq!(TickStyle::Plain.position(f64::NAN), None);
        let p = TickStyle::OneMinusLog.position(0.99).unwrap();
        assert!((p - 2.0).abs() < 1e-12);
        assert_eq!(TickStyle::OneMinusLog.position(1.0), None);
        assert_eq!(TickStyle::Log.ticks(-4.0, 0.0, 6), log_ticks(-4.0, 0.0, 6));
        let t = TickStyle::OneMinusLog.ticks(1.0, 3.0, 6);
        assert_eq!(t, vec![1.0, 2.0, 3.0]);
        assert!(!TickStyle::Plain.is_log() && TickStyle::OneMinusLog.is_log());
        for style in [TickStyle::Plain, TickStyle::Log, TickStyle::OneMinusLog] {
            for v in [0.001, 0.5, 0.99] {
                let back = style.value(style.position(v).unwrap());
                assert!((back - v).abs() < 1e-12, "{style:?} {v} → {back}");
            }
        }
    }

    #[test]
    fn values() {
        assert_eq!(format_value(0.03), "0.03");
        assert_eq!(format_value(0.3), "0.3");
        assert_eq!(format_value(0.999), "0.999");
        assert_eq!(format_value(1e-4), "1e-4");
        assert_eq!(format_value(128.0), "128");
        assert_eq!(format_value(0.12345), "0.123");
        assert_eq!(format_value(-0.19), "−0.19");
        assert_eq!(format_value(-1234.5), "−1234");
        assert_eq!(format_value(-1e-4), "−1e-4");
        assert_eq!(format_value(2.5e5), "2.5e5");
        assert_eq!(format_value(0.0), "0");
        assert_eq!(format_value(f64::NAN), "NaN");
        assert_eq!(format_value(f64::NEG_INFINITY), "−∞");
    }

    #[test]
    fn tick_labels_are_distinct_at_the_precision_shown() {
        // A validation loss barely moving around ln 2: the log axis falls back to linear
        // ticks 0.0005 apart, which 3 significant digits would all write "0.691".
        for style in [TickStyle::Log, TickStyle::Plain] {
            for (lo, hi) in [(0.6905, 0.6915), (1e-3, 1.2e-3), (99.95, 100.05)] {
                let (a, b) = (style.position(lo).unwrap(), style.position(hi).unwrap());
                let ticks = style.ticks(a, b, 6);
                assert!(ticks.len() >= 2, "{style:?} {lo}..{hi}: {ticks:?}");
                let labels = super::tick_labels(&ticks, style);
                assert!(all_distinct(&labels), "{style:?} {lo}..{hi}: {labels:?}");
                assert!(labels.iter().all(|l| !l.is_empty()), "{labels:?}");
            }
        }
        let log = |lo: f64, hi: f64| {
            super::tick_labels(
                &TickStyle::Log.ticks(lo.log10(), hi.log10(), 6),
                TickStyle::Log,
            )
        };
        assert_eq!(
            log(0.6905, 0.6915),
            ["0.6906", "0.6908", "0.691", "0.6912", "0.6914"]
        );
        // Labels already distinct are those of format_tick.
        assert_eq!(log(1e-4, 1.0), ["1e-4", "0.001", "0.01", "0.1", "1"]);
        assert_eq!(format_significant(0.69055, 4), "0.6905");
        assert_eq!(format_significant(-12345.0, 2), "−12345");
        assert_eq!(format_significant(2.5e-5, 4), "2.5e-5");
    }

    #[test]
    fn widening() {
        assert_eq!(widen(0.0, 0.0), (0.0, 1.0));
        assert_eq!(widen(2.0, 2.0), (1.8, 2.2));
        assert_eq!(widen(1.0, 3.0), (1.0, 3.0));
        assert_eq!(widen(f64::NAN, 3.0), (0.0, 1.0));
    }
}
