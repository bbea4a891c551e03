//! The one error type of the core, in one shape for every view: a message for the learner (an
//! id in the catalogues with its arguments, see [`crate::i18n`]) and, when the error is about a
//! setting, that setting's URL key — so the page marks the right control, in any view, even
//! for a bad URL.

use crate::i18n::Msg;
use std::fmt;

/// A refusal or failure, with the learner-readable message and the key it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    key: Option<String>,
    msg: Msg,
}

impl Error {
    /// An error with message `msg`, not tied to a setting.
    pub fn new(msg: Msg) -> Self {
        Error { key: None, msg }
    }

    /// An error with message id `id` (no arguments).
    pub fn id(id: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        Error::new(Msg::new(id))
    }

    /// The same error, tied to the URL key of the setting it is about.
    pub fn for_key(mut self, url_key: &str) -> Self {
        self.key = Some(url_key.to_string());
        self
    }

    /// The same error tied to `url_key` unless it already names a key.
    pub fn or_key(self, url_key: &str) -> Self {
        if self.key.is_some() {
            self
        } else {
            self.for_key(url_key)
        }
    }

    /// Batch normalization over a mini-batch of one example: σ² = 0, nothing to normalize.
    pub fn batch_norm_needs_batch() -> Self {
        Error::id("error.bn-batch-of-one").for_key("batch")
    }

    /// The URL key of the setting this error is about, when known.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The message (id and arguments).
    pub fn msg(&self) -> &Msg {
        &self.msg
    }

    /// The message id (e.g. `error.range`): what kind of refusal this is.
    pub fn message_id(&self) -> &str {
        &self.msg.id
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.msg.render())
    }
}

impl std::error::Error for Error {}

impl From<Msg> for Error {
    fn from(msg: Msg) -> Self {
        Error::new(msg)
    }
}

/// Result with the core's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
