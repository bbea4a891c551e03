//! # TuneLab
//!
//! See how hyperparameter search and batch normalization work: tiny batch-normalized networks
//! trained on toy 2D data, in the browser.
//!
//! The crate reads like a table of contents. Everything but [`web`] is a pure-Rust core with no
//! browser dependency, built and tested natively:
//!
//! - [`settings`] — the one settings table: every URL key, its range, default and control;
//! - [`query`] — the one URL codec: parse once, read each key through the table, write back;
//! - [`i18n`] — words in the learner's language: one message catalogue per language;
//! - [`error`] — the one error shape: a message and the URL key it is about;
//! - [`rng`] — the seeded, portable random generator every random choice draws from;
//! - [`config`] — the one config of a training run (its keys, validation, URL form);
//! - [`data`] — toy 2D datasets (circle, XOR, Gaussians, spiral, moons, three-class sets);
//! - [`math`] — portable activation functions, identical on every target;
//! - [`nn`] — the network: dense layers, batch normalization, losses, forward and backward;
//! - [`optim`] — SGD, momentum, Adam and learning-rate decay over flat parameter buffers;
//! - [`train`] — the training loop a UI animates: steps, history, divergence, decision fields;
//! - [`search`] — hyperparameter search spaces, strategies, objectives and their analysis;
//! - [`stats`] — equal-width bins (every histogram's, and the importance estimate's) and mean ± sd;
//! - [`views`] — what each view of the page computes and shows: `panda`, `caviar`, `race`,
//!   `scale`, `bnlab`, `softmax`;
//! - [`render`] — charts (generic over plotters' `DrawingBackend`) and RGBA heatmaps;
//! - [`bench`] — the reference workload the benchmarks time;
//! - [`web`] — (wasm32 only) the thin wasm-bindgen edge: opaque handles the page drives.

pub mod bench;
pub mod config;
pub mod data;
pub mod error;
pub mod i18n;
pub mod math;
pub mod nn;
pub mod optim;
pub mod query;
pub mod render;
pub mod rng;
pub mod search;
pub mod settings;
pub mod stats;
pub mod train;
pub mod views;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use config::Config;
pub use error::{Error, Result};
