//! Words, in the learner's language: one message catalogue per language, looked up by id.
//!
//! Every string a learner sees — labels, help, chart titles and axes, messages and errors — has
//! an id (`setting.lr`, `error.range`, …) and lives in `www/i18n/<lang>.json`, a flat JSON
//! object of id → text. Texts may hold `{name}` placeholders, filled from a [`Msg`]'s
//! arguments. The same files serve the page (its JavaScript reads them) and the Rust core
//! (errors and chart text are formatted here), so each word is written once per language.
//!
//! English is compiled in and is the fallback for any id another catalogue lacks; the page
//! switches the core to another language with [`set_catalogue`] (the JSON text of its file).
//! The current catalogue is per thread (the page and each Web Worker have their own).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

/// The English catalogue, compiled in: the fallback for every id.
pub const ENGLISH_JSON: &str = include_str!("../www/i18n/en.json");

/// A flat id → text catalogue.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Catalogue {
    lang: String,
    texts: HashMap<String, String>,
}

impl Catalogue {
    /// Parses a catalogue file: a JSON object whose values are strings (nested objects are
    /// flattened with dots: `{"setting": {"lr": "…"}}` is `setting.lr`). The `"lang"` entry
    /// names its language.
    pub fn from_json(json: &str) -> Result<Catalogue, String> {
        let mut texts = HashMap::new();
        let mut p = JsonReader {
            s: json.as_bytes(),
            i: 0,
        };
        p.ws();
        p.object("", &mut texts)?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!(
                "unexpected text after the catalogue at byte {}",
                p.i
            ));
        }
        let lang = texts.get("lang").cloned().unwrap_or_default();
        Ok(Catalogue { lang, texts })
    }

    /// The language tag of the catalogue (`en`, `zh`), from its `"lang"` entry.
    pub fn lang(&self) -> &str {
        &self.lang
    }

    /// The text of `id`, if this catalogue has it.
    pub fn get(&self, id: &str) -> Option<&str> {
        self.texts.get(id).map(String::as_str)
    }

    /// Every id, sorted (for tests that compare catalogues).
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self.texts.keys().map(String::as_str).collect();
        ids.sort_unstable();
        ids
    }
}

thread_local! {
    static ENGLISH: Catalogue =
        Catalogue::from_json(ENGLISH_JSON).expect("www/i18n/en.json is a valid catalogue");
    static CURRENT: RefCell<Option<Catalogue>> = const { RefCell::new(None) };
}

/// Makes `json` (a catalogue file's text) the current language of this thread; ids it lacks
/// fall back to English. Returns the catalogue's language tag.
pub fn set_catalogue(json: &str) -> Result<String, String> {
    let c = Catalogue::from_json(json)?;
    let lang = c.lang.clone();
    CURRENT.with(|cur| *cur.borrow_mut() = if lang == "en" { None } else { Some(c) });
    Ok(lang)
}

/// Back to English.
pub fn reset_to_english() {
    CURRENT.with(|cur| *cur.borrow_mut() = None);
}

/// The language tag in use on this thread.
pub fn current_lang() -> String {
    CURRENT.with(|cur| {
        cur.borrow()
            .as_ref()
            .map_or_else(|| "en".to_string(), |c| c.lang.clone())
    })
}

/// The text of `id` in the current language (English when missing there; the id itself when
/// no catalogue has it, so a missing text shows up instead of vanishing).
pub fn text(id: &str) -> String {
    let found = CURRENT.with(|cur| {
        cur.borrow()
            .as_ref()
            .and_then(|c| c.get(id).map(str::to_owned))
    });
    found
        .or_else(|| ENGLISH.with(|en| en.get(id).map(str::to_owned)))
        .unwrap_or_else(|| id.to_string())
}

/// True when the English catalogue has `id`.
pub fn has(id: &str) -> bool {
    ENGLISH.with(|en| en.get(id).is_some())
}

/// One argument of a [`Msg`].
#[derive(Clone, Debug, PartialEq)]
pub enum Arg {
    /// Shown as it is (already formatted, or a value the learner typed).
    Text(String),
    /// A number, formatted with [`format_number`].
    Number(f64),
    /// Another message, formatted in the same language (e.g. a setting's label).
    Msg(Msg),
}

/// A message to show: an id in the catalogues and its named arguments.
#[derive(Clone, Debug, PartialEq)]
pub struct Msg {
    /// The id in the catalogues.
    pub id: Cow<'static, str>,
    /// The values of its `{placeholders}`.
    pub args: Vec<(&'static str, Arg)>,
}

impl Msg {
    /// A message without arguments.
    pub fn new(id: impl Into<Cow<'static, str>>) -> Msg {
        Msg {
            id: id.into(),
            args: Vec::new(),
        }
    }

    /// The label of the setting with URL key `key` (`setting.<key>.label`).
    pub fn label(key: &str) -> Msg {
        Msg::new(format!("setting.{key}.label"))
    }

    /// Adds a text argument.
    pub fn text(mut self, name: &'static str, value: impl Into<String>) -> Msg {
        self.args.push((name, Arg::Text(value.into())));
        self
    }

    /// Adds a number argument.
    pub fn num(mut self, name: &'static str, value: f64) -> Msg {
        self.args.push((name, Arg::Number(value)));
        self
    }

    /// Adds a message argument (formatted in the same language).
    pub fn msg(mut self, name: &'static str, value: Msg) -> Msg {
        self.args.push((name, Arg::Msg(value)));
        self
    }

    /// Adds a value the learner typed, cut to at most [`ECHO_CHARS`] characters.
    pub fn echo(self, name: &'static str, value: &str) -> Msg {
        self.text(name, echo(value))
    }

    /// The message in the current language.
    pub fn render(&self) -> String {
        fill(&text(&self.id), &self.args)
    }
}

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render())
    }
}

/// The most characters of a typed value a message repeats.
pub const ECHO_CHARS: usize = 40;

/// A typed value as a message repeats it: at most [`ECHO_CHARS`] characters, then "…".
pub fn echo(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(ECHO_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Fills `{name}` placeholders of `template` from `args` (unknown names stay as written).
pub fn fill(template: &str, args: &[(&'static str, Arg)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, Arg::Text(s))) => out.push_str(s),
                    Some((_, Arg::Number(v))) => out.push_str(&format_number(*v)),
                    Some((_, Arg::Msg(m))) => out.push_str(&m.render()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A number as messages show it: the shortest text that reads back as the same `f64`
/// (`0.03`, `1e-8`, `5000`), at most [`ECHO_CHARS`] characters.
pub fn format_number(v: f64) -> String {
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
    let a = v.abs();
    let s = if a != 0.0 && !(1e-4..1e15).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    };
    echo(&s)
}

/// A tiny reader for catalogue files: objects of strings (nested objects flatten with dots).
struct JsonReader<'a> {
    s: &'a [u8],
    i: usize,
}

impl JsonReader<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        self.ws();
        if self.s.get(self.i) == Some(&c) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!("expected '{}' at byte {}", c as char, self.i))
        }
    }

    fn object(&mut self, prefix: &str, out: &mut HashMap<String, String>) -> Result<(), String> {
        self.expect(b'{')?;
        self.ws();
        if self.s.get(self.i) == Some(&b'}') {
            self.i += 1;
            return Ok(());
        }
        loop {
            self.ws();
            let key = self.string()?;
            let id = if prefix.is_empty() {
                key
            } else {
                format!("{prefix}.{key}")
            };
            self.expect(b':')?;
            self.ws();
            match self.s.get(self.i) {
                Some(b'"') => {
                    let v = self.string()?;
                    if out.insert(id.clone(), v).is_some() {
                        return Err(format!("'{id}' is given twice"));
                    }
                }
                Some(b'{') => self.object(&id, out)?,
                _ => return Err(format!("'{id}': expected a string or an object")),
            }
            self.ws();
            match self.s.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(());
                }
                _ => return Err(format!("expected ',' or '}}' at byte {}", self.i)),
            }
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(&c) = self.s.get(self.i) else {
                return Err("unterminated string".into());
            };
            self.i += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.s.get(self.i) else {
                        return Err("unterminated escape".into());
                    };
                    self.i += 1;
                    match e {
                        b'"' => out.push(b'"'),
                        b'\\' => out.push(b'\\'),
                        b'/' => out.push(b'/'),
                        b'n' => out.push(b'\n'),
                        b't' => out.push(b'\t'),
                        b'r' => out.push(b'\r'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xD800..0xDC00).contains(&cp) {
                                // A surrogate pair: \uD83D\uDE00.
                                if self.s.get(self.i) == Some(&b'\\')
                                    && self.s.get(self.i + 1) == Some(&b'u')
                                {
                                    self.i += 2;
                                    let lo = self.hex4()?;
                                    cp = 0x10000
                                        + ((cp - 0xD800) << 10)
                                        + (lo.wrapping_sub(0xDC00) & 0x3FF);
                                }
                            }
                            let ch = char::from_u32(cp).unwrap_or('\u{FFFD}');
                            let mut buf = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
                        }
                        _ => return Err(format!("bad escape at byte {}", self.i)),
                    }
                }
                _ => out.push(c),
            }
        }
        String::from_utf8(out).map_err(|_| "invalid UTF-8 in a string".to_string())
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let digits = self
            .s
            .get(self.i..self.i + 4)
            .ok_or_else(|| "short \\u escape".to_string())?;
        self.i += 4;
        let text = std::str::from_utf8(digits).map_err(|_| "bad \\u escape".to_string())?;
        u32::from_str_radix(text, 16).map_err(|_| "bad \\u escape".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_catalogue_parses_and_names_its_language() {
        let en = Catalogue::from_json(ENGLISH_JSON).unwrap();
        assert_eq!(en.lang(), "en");
        assert!(en.ids().len() > 10);
    }

    #[test]
    fn reader_handles_nesting_escapes_and_unicode() {
        let c = Catalogue::from_json(
            r#"{ "lang": "zh", "a": { "b": "x\"y\\z\n", "c": "\u5b66\u4e60\u7387 α" }, "e": "😀 \ud83d\ude00" }"#,
        )
        .unwrap();
        assert_eq!(c.get("a.b"), Some("x\"y\\z\n"));
        assert_eq!(c.get("a.c"), Some("学习率 α"));
        assert_eq!(c.get("e"), Some("😀 😀"));
        assert!(Catalogue::from_json(r#"{"a": "x", "a": "y"}"#).is_err());
        assert!(Catalogue::from_json(r#"{"a": 1}"#).is_err());
        assert!(Catalogue::from_json(r#"{"a": "x"} trailing"#).is_err());
    }

    #[test]
    fn placeholders_fill_from_arguments_and_nested_messages() {
        let args = vec![("v", Arg::Number(0.03)), ("w", Arg::Text("abc".into()))];
        assert_eq!(fill("{w} = {v}, {missing}", &args), "abc = 0.03, {missing}");
        assert_eq!(fill("open { brace", &[]), "open { brace");
    }

    #[test]
    fn a_language_switch_falls_back_to_english_per_id() {
        set_catalogue(r#"{"lang": "zh", "test.only-zh": "只有中文"}"#).unwrap();
        assert_eq!(current_lang(), "zh");
        assert_eq!(text("test.only-zh"), "只有中文");
        assert_eq!(text("lang"), "zh");
        assert_eq!(text("no.such.id"), "no.such.id");
        reset_to_english();
        assert_eq!(current_lang(), "en");
    }

    #[test]
    fn echoed_values_are_cut_to_forty_characters() {
        let long = "9".repeat(309);
        let e = echo(&long);
        assert_eq!(e.chars().count(), ECHO_CHARS + 1);
        assert!(e.ends_with('…'));
        assert_eq!(format_number(1e308).len(), "1e308".len());
        assert_eq!(format_number(0.03), "0.03");
        assert_eq!(format_number(1e-8), "1e-8");
        assert_eq!(format_number(5000.0), "5000");
    }
}
