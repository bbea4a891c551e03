//! The one URL codec: a query is parsed once, each key is read through the settings table
//! ([`crate::settings`]), and settings are written back listing only what differs from the
//! view's defaults.
//!
//! - [`Query::parse`] decodes `a=1&b=x%2Cy` as the URL standard does (`+` is a space) and
//!   refuses a key given twice, so the page and the core can never read different copies.
//! - [`Reader`] reads one view's settings: the URL's value, else the view's default, checked
//!   against the key's [`Domain`]. Every refusal is an [`Error`] carrying the key, worded for
//!   the learner ("learning rate α (lr) must be a number above 0, at most 100; got -1") and
//!   repeating at most 40 characters of what was typed.
//! - [`Writer`] writes settings back (the shortest text that reads back as the same value).

use crate::error::{Error, Result};
use crate::i18n::Msg;
use crate::settings::{self, Domain, Setting, MAX_SEED};
use crate::views::View;
use std::fmt::Write as _;

/// A decoded URL query: each key at most once.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Decodes a query (with or without its `?`). A key given twice is refused, naming it.
    pub fn parse(query: &str) -> Result<Query> {
        let mut pairs: Vec<(String, String)> = Vec::new();
        for (k, v) in decode_pairs(query) {
            if let Some((_, first)) = pairs.iter().find(|(key, _)| *key == k) {
                let label = settings::find(&k).map_or_else(
                    || Msg::new("setting.unknown-key.label"),
                    |s| Msg::label(s.key),
                );
                return Err(Error::new(
                    Msg::new("error.duplicate-key")
                        .msg("label", label)
                        .text("key", crate::i18n::echo(&k))
                        .echo("first", first)
                        .echo("second", &v),
                )
                .for_key(&k));
            }
            pairs.push((k, v));
        }
        Ok(Query { pairs })
    }

    /// The query with `key` set to `value` (replacing any value it had).
    pub fn with(mut self, key: &str, value: &str) -> Query {
        self.pairs.retain(|(k, _)| k != key);
        self.pairs.push((key.to_string(), value.to_string()));
        self
    }

    /// The value given for `key`, as typed.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// True when the URL gives `key`.
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Every key given, in URL order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.pairs.iter().map(|(k, _)| k.as_str())
    }

    /// Keys the settings table does not know, each with the known key it most likely
    /// misspells ("lrr" → "lr"), for a notice on the page.
    pub fn unknown_keys(&self) -> Vec<(String, Option<&'static str>)> {
        self.keys()
            .filter(|k| settings::find(k).is_none())
            .map(|k| (k.to_string(), settings::nearest_key(k)))
            .collect()
    }

    /// A reader of `view`'s settings in this query.
    pub fn reader(&self, view: View) -> Reader<'_> {
        Reader {
            query: self,
            view: Some(view),
        }
    }

    /// A reader with the settings table's own defaults, whatever view (a view may start some
    /// keys elsewhere: [`View::defaults`]): what a bare [`crate::Config`] means.
    pub fn table_reader(&self) -> Reader<'_> {
        Reader {
            query: self,
            view: None,
        }
    }
}

/// Reads one view's settings from a [`Query`], with the view's defaults for what the URL
/// leaves out, each checked against its [`Domain`].
#[derive(Clone, Copy, Debug)]
pub struct Reader<'q> {
    query: &'q Query,
    view: Option<View>,
}

/// The default of `key` for `view`, or the table's own without a view.
fn default_of(view: Option<View>, key: &str) -> &'static str {
    view.map_or_else(
        || settings::get(key).default,
        |v| settings::default_in(v, key),
    )
}

impl<'q> Reader<'q> {
    /// The view read for (`None`: the table's own defaults).
    pub fn view(&self) -> Option<View> {
        self.view
    }

    /// The query read from.
    pub fn query(&self) -> &'q Query {
        self.query
    }

    /// True when the URL gives `key` (not only its default).
    pub fn given(&self, key: &str) -> bool {
        self.query.has(key)
    }

    /// The URL's text for `key`, else the view's default (trimmed).
    pub fn text(&self, key: &str) -> &'q str {
        self.query
            .get(key)
            .unwrap_or_else(|| default_of(self.view, key))
            .trim()
    }

    /// A [`Domain::Real`] setting.
    pub fn real(&self, key: &str) -> Result<f64> {
        let s = settings::get(key);
        parse_real(s, self.text(key))
    }

    /// A [`Domain::Whole`] setting.
    pub fn whole(&self, key: &str) -> Result<u64> {
        let s = settings::get(key);
        parse_whole(s, self.text(key))
    }

    /// A [`Domain::Whole`] setting as a `usize`.
    pub fn count(&self, key: &str) -> Result<usize> {
        self.whole(key).map(|v| v as usize)
    }

    /// A [`Domain::Seed`] setting.
    pub fn seed(&self, key: &str) -> Result<u64> {
        let s = settings::get(key);
        parse_seed(s, self.text(key))
    }

    /// A [`Domain::Choice`] setting: the chosen name.
    pub fn choice(&self, key: &str) -> Result<&'static str> {
        let s = settings::get(key);
        parse_choice(s, self.text(key))
    }

    /// A [`Domain::Flag`] setting.
    pub fn flag(&self, key: &str) -> Result<bool> {
        let s = settings::get(key);
        parse_flag(s, self.text(key))
    }
}

/// Checks a value (URL text) against a setting's domain.
pub fn check_value(s: &Setting, v: &str) -> Result<()> {
    let v = v.trim();
    match s.domain {
        Domain::Real { .. } => parse_real(s, v).map(drop),
        Domain::Whole { .. } => parse_whole(s, v).map(drop),
        Domain::Seed => parse_seed(s, v).map(drop),
        Domain::Choice(_) => parse_choice(s, v).map(drop),
        Domain::Flag => parse_flag(s, v).map(drop),
        Domain::Format => Ok(()),
    }
}

/// Checks a number against the [`Domain::Real`] of `key` (for values set in code).
pub fn check_real(key: &str, v: f64) -> Result<f64> {
    let s = settings::get(key);
    if in_real_domain(s.domain, v) {
        Ok(v)
    } else {
        Err(out_of_range(s, &crate::i18n::format_number(v)))
    }
}

/// Checks a whole number against the [`Domain::Whole`] of `key` (for values set in code).
pub fn check_whole(key: &str, v: u64) -> Result<u64> {
    let s = settings::get(key);
    match s.domain {
        Domain::Whole { min, max } if (min..=max).contains(&v) => Ok(v),
        _ => Err(out_of_range(s, &v.to_string())),
    }
}

fn in_real_domain(d: Domain, v: f64) -> bool {
    match d {
        Domain::Real {
            min,
            max,
            open_min,
            open_max,
        } => {
            v.is_finite()
                && (if open_min { v > min } else { v >= min })
                && (if open_max { v < max } else { v <= max })
        }
        _ => false,
    }
}

/// What a domain accepts, in words ("a whole number from 1 to 64").
pub fn expected(d: Domain) -> Msg {
    match d {
        Domain::Real {
            min,
            max,
            open_min,
            open_max,
        } => {
            let id = match (open_min, open_max) {
                (false, false) => "domain.real",
                (true, false) => "domain.real-open-min",
                (false, true) => "domain.real-open-max",
                (true, true) => "domain.real-open",
            };
            Msg::new(id).num("min", min).num("max", max)
        }
        Domain::Whole { min, max } => Msg::new("domain.whole")
            .text("min", min.to_string())
            .text("max", max.to_string()),
        Domain::Seed => Msg::new("domain.seed").text("max", MAX_SEED.to_string()),
        Domain::Choice(names) => Msg::new("domain.choice").text("choices", names.join(", ")),
        Domain::Flag => Msg::new("domain.flag"),
        Domain::Format => Msg::new("domain.format"),
    }
}

/// "… (key): 'v' is not a whole number from 1 to 64".
fn not_valid(s: &Setting, v: &str) -> Error {
    Error::new(
        Msg::new("error.not-valid")
            .msg("label", Msg::label(s.key))
            .text("key", s.key)
            .echo("value", v)
            .msg("expected", expected(s.domain)),
    )
    .for_key(s.key)
}

/// "… (key) must be a number from 0 to 1; got 2".
fn out_of_range(s: &Setting, v: &str) -> Error {
    Error::new(
        Msg::new("error.out-of-range")
            .msg("label", Msg::label(s.key))
            .text("key", s.key)
            .echo("value", v)
            .msg("expected", expected(s.domain)),
    )
    .for_key(s.key)
}

/// A refusal of a [`Domain::Format`] setting, in the key's own words (`setting.<key>.format`).
pub fn bad_format(key: &str, v: &str) -> Error {
    Error::new(
        Msg::new("error.not-valid")
            .msg("label", Msg::label(key))
            .text("key", key)
            .echo("value", v)
            .msg("expected", Msg::new(format!("setting.{key}.format"))),
    )
    .for_key(key)
}

/// A finite decimal number typed for the [`Domain::Format`] setting `key` (an axis end, a zoom
/// box corner); refused in the key's own words otherwise.
pub fn number(key: &str, v: &str) -> Result<f64> {
    let v = v.trim();
    if looks_decimal(v) {
        if let Ok(x) = v.parse::<f64>() {
            if x.is_finite() {
                return Ok(x);
            }
        }
    }
    Err(bad_format(key, v))
}

/// True for text that reads as a plain decimal number: optional sign, digits with at most one
/// point, optional exponent — no `inf`, `NaN`, hex or blanks inside.
fn looks_decimal(v: &str) -> bool {
    let b = v.as_bytes();
    let mut i = 0;
    if matches!(b.first(), Some(b'+' | b'-')) {
        i += 1;
    }
    let mut digits = 0;
    let mut point = false;
    while i < b.len() {
        match b[i] {
            b'0'..=b'9' => digits += 1,
            b'.' if !point => point = true,
            _ => break,
        }
        i += 1;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && matches!(b[i], b'e' | b'E') {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    i == b.len()
}

fn parse_real(s: &Setting, v: &str) -> Result<f64> {
    let x: f64 = if looks_decimal(v) {
        v.parse().map_err(|_| not_valid(s, v))?
    } else {
        return Err(not_valid(s, v));
    };
    if in_real_domain(s.domain, x) {
        Ok(x)
    } else {
        Err(out_of_range(s, v))
    }
}

fn parse_whole(s: &Setting, v: &str) -> Result<u64> {
    let Domain::Whole { min, max } = s.domain else {
        unreachable!("'{}' is not a whole-number setting", s.key)
    };
    let digits = v.strip_prefix('+').unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(not_valid(s, v));
    }
    match digits.parse::<u64>() {
        Ok(x) if (min..=max).contains(&x) => Ok(x),
        _ => Err(out_of_range(s, v)),
    }
}

fn parse_seed(s: &Setting, v: &str) -> Result<u64> {
    let digits = v.strip_prefix('+').unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return Err(not_valid(s, v));
    }
    match digits.parse::<u64>() {
        Ok(x) if x <= MAX_SEED => Ok(x),
        _ => Err(out_of_range(s, v)),
    }
}

fn parse_choice(s: &Setting, v: &str) -> Result<&'static str> {
    let Domain::Choice(names) = s.domain else {
        unreachable!("'{}' is not a choice setting", s.key)
    };
    names
        .iter()
        .copied()
        .find(|n| *n == v)
        .ok_or_else(|| not_valid(s, v))
}

fn parse_flag(s: &Setting, v: &str) -> Result<bool> {
    match v {
        "1" | "true" | "on" => Ok(true),
        "0" | "false" | "off" => Ok(false),
        _ => Err(not_valid(s, v)),
    }
}

/// Splits `a=1&b=x%2Cy` into decoded pairs (percent-decoding, and `+` as a space, as the URL
/// standard's form encoding does).
pub fn decode_pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |c: u8| (c as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a value for a URL, leaving commas and colons readable (`hidden=8,8`).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b':' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

/// The shortest text that reads back as the same `f64` (`0.03`, `1e-8`, `0.00001`).
pub fn format_real(v: f64) -> String {
    let plain = v.to_string();
    let sci = format!("{v:e}");
    if sci.len() < plain.len() {
        sci
    } else {
        plain
    }
}

/// Writes settings back into a URL query: only those that differ from the view's defaults
/// (or every one, for a form's full state).
#[derive(Clone, Debug)]
pub struct Writer {
    view: Option<View>,
    every: bool,
    out: String,
}

impl Writer {
    /// A writer for `view`; with `every`, defaults are written too.
    pub fn new(view: View, every: bool) -> Writer {
        Writer {
            view: Some(view),
            every,
            out: String::new(),
        }
    }

    /// A writer against the settings table's own defaults (see [`Query::table_reader`]).
    pub fn table(every: bool) -> Writer {
        Writer {
            view: None,
            every,
            out: String::new(),
        }
    }

    /// Writes `key=value` unless `value` is the view's default for `key` (compared as text,
    /// or as numbers for numeric settings, so `0.00001` equals a default of `1e-5`).
    pub fn put(&mut self, key: &str, value: &str) {
        if !self.every && self.is_default(key, value) {
            return;
        }
        if !self.out.is_empty() {
            self.out.push('&');
        }
        let _ = write!(self.out, "{key}={}", encode(value));
    }

    /// Writes a real number.
    pub fn real(&mut self, key: &str, v: f64) {
        self.put(key, &format_real(v));
    }

    /// Writes a whole number or seed.
    pub fn whole(&mut self, key: &str, v: u64) {
        self.put(key, &v.to_string());
    }

    /// Writes a flag as `1` or `0`.
    pub fn flag(&mut self, key: &str, on: bool) {
        self.put(key, if on { "1" } else { "0" });
    }

    /// Appends an already-written query (e.g. another part's settings).
    pub fn append(&mut self, query: &str) {
        if query.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            self.out.push('&');
        }
        self.out.push_str(query);
    }

    fn is_default(&self, key: &str, value: &str) -> bool {
        let d = match settings::find(key) {
            Some(_) => default_of(self.view, key),
            None => return false,
        };
        if d == value {
            return true;
        }
        match (d.parse::<f64>(), value.parse::<f64>()) {
            (Ok(a), Ok(b)) => looks_decimal(d) && looks_decimal(value) && a == b,
            _ => false,
        }
    }

    /// The query (without `?`).
    pub fn finish(self) -> String {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_err(q: &str, view: View, key: &str) -> Error {
        let q = Query::parse(q).unwrap();
        let r = q.reader(view);
        let s = settings::get(key);
        let res = match s.domain {
            Domain::Real { .. } => r.real(key).map(drop),
            Domain::Whole { .. } => r.whole(key).map(drop),
            Domain::Seed => r.seed(key).map(drop),
            Domain::Choice(_) => r.choice(key).map(drop),
            Domain::Flag => r.flag(key).map(drop),
            Domain::Format => Ok(()),
        };
        res.unwrap_err()
    }

    #[test]
    fn duplicate_keys_are_refused_naming_both_values() {
        let e = Query::parse("batch=5&batch=0").unwrap_err();
        assert_eq!(e.key(), Some("batch"));
        let text = e.to_string();
        assert!(text.contains('5') && text.contains('0'), "{text}");
    }

    #[test]
    fn numbers_are_read_strictly_and_refusals_say_what_is_expected() {
        let e = read_err("hidden=1&points=1e9", View::Panda, "points").to_string();
        assert!(e.contains("whole number from 20 to 5000"), "{e}");
        let e = read_err("budget=2.5", View::Race, "budget").to_string();
        assert!(e.contains("whole number from 1 to 400"), "{e}");
        let e = read_err("samples=0x10", View::Scale, "samples").to_string();
        assert!(e.contains("0x10"), "{e}");
        for bad in ["inf", "NaN", "infinity", "1e", "", "0x1", "1,5", "- 1"] {
            let e = read_err(&format!("lr={bad}"), View::Panda, "lr");
            assert_eq!(e.key(), Some("lr"), "{bad}");
        }
        let e = read_err("sampleSeed=-3", View::Scale, "sampleSeed").to_string();
        assert!(e.contains("-3"), "{e}");
    }

    #[test]
    fn a_plus_sign_decodes_as_a_space_and_is_accepted_around_a_number() {
        let q = Query::parse("lr=+0.1").unwrap();
        assert_eq!(q.reader(View::Panda).real("lr").unwrap(), 0.1);
        let q = Query::parse("lr=%2B0.1").unwrap();
        assert_eq!(q.reader(View::Panda).real("lr").unwrap(), 0.1);
    }

    #[test]
    fn long_bad_values_are_echoed_in_at_most_forty_characters() {
        let e = read_err(&format!("lr=1e{}", "9".repeat(300)), View::Panda, "lr").to_string();
        assert!(e.len() < 250, "{} characters: {e}", e.len());
        let e = read_err(
            &format!("budget={}", "7".repeat(100_000)),
            View::Race,
            "budget",
        )
        .to_string();
        assert!(e.len() < 250, "{} characters", e.len());
    }

    #[test]
    fn defaults_depend_on_the_view() {
        let q = Query::parse("").unwrap();
        assert_eq!(q.reader(View::Panda).real("lr").unwrap(), 0.03);
        assert_eq!(q.reader(View::Bnlab).real("lr").unwrap(), 3.0);
    }

    #[test]
    fn writer_lists_only_what_differs_from_the_view_defaults() {
        let mut w = Writer::new(View::Bnlab, false);
        w.real("lr", 3.0);
        w.real("bnEps", 0.00001);
        w.whole("batch", 32);
        w.put("hidden", "8,8");
        assert_eq!(w.finish(), "batch=32&hidden=8,8");
    }

    #[test]
    fn unknown_keys_come_with_their_nearest_known_key() {
        let q = Query::parse("lrr=0.5&budgte=9&view=race&zzzzzzz=1").unwrap();
        assert_eq!(
            q.unknown_keys(),
            vec![
                ("lrr".to_string(), Some("lr")),
                ("budgte".to_string(), Some("budget")),
                ("zzzzzzz".to_string(), None),
            ]
        );
    }

    #[test]
    fn reals_format_to_their_shortest_round_trip_text() {
        for v in [0.03, 1e-8, 0.00001, 3.0, 1234.5, 1e-12] {
            let s = format_real(v);
            assert_eq!(s.parse::<f64>().unwrap(), v, "{s}");
        }
        assert_eq!(format_real(1e-8), "1e-8");
        assert_eq!(format_real(0.03), "0.03");
    }
}
