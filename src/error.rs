//! The one error type of the core. Every message is written for the learner: it says what is
//! wrong and what to do, and the web edge shows it on the page as it is.

use std::fmt;

/// Everything the core can refuse or report.
#[derive(Clone, Debug, PartialEq)]
pub enum Error {
    /// A setting is out of its allowed range or malformed (`what` names the setting; `key`,
    /// when known, is its URL key, so a page can point at the control).
    InvalidSetting {
        what: String,
        message: String,
        key: Option<String>,
    },
    /// Batch normalization over a mini-batch of one example: σ² = 0, nothing to normalize.
    BatchNormNeedsBatch,
    /// A search or view asked for something inconsistent (e.g. an axis used twice).
    InvalidSearch(String),
    /// The system gave no randomness for a fresh seed (the text is `getrandom`'s reason).
    NoRandomness(String),
}

impl Error {
    /// Shorthand for [`Error::InvalidSetting`].
    pub fn setting(what: impl Into<String>, message: impl Into<String>) -> Self {
        Error::InvalidSetting {
            what: what.into(),
            message: message.into(),
            key: None,
        }
    }

    /// The same error, tied to the URL key of the setting it is about.
    pub fn for_key(self, url_key: &str) -> Self {
        match self {
            Error::InvalidSetting { what, message, .. } => Error::InvalidSetting {
                what,
                message,
                key: Some(url_key.to_string()),
            },
            other => other,
        }
    }

    /// The URL key of the setting this error is about, when known.
    pub fn key(&self) -> Option<&str> {
        match self {
            Error::InvalidSetting { key, .. } => key.as_deref(),
            Error::BatchNormNeedsBatch => Some("batch"),
            Error::InvalidSearch(_) | Error::NoRandomness(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidSetting { what, message, .. } => write!(f, "{what}: {message}"),
            Error::BatchNormNeedsBatch => write!(
                f,
                "batch size 1 with batch norm is meaningless: the batch variance σ² is 0, so \
                 every normalized value is 0. Use a batch size of at least 2 (without batch \
                 norm, a batch of one is fine)."
            ),
            Error::InvalidSearch(message) => write!(f, "{message}"),
            Error::NoRandomness(reason) => write!(
                f,
                "could not draw a fresh random seed ({reason}); type any whole number as the \
                 seed instead"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// Result with the core's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
