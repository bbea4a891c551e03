//! The network: dense layers, batch normalization, activations and losses.
//!
//! A [`Network`] holds every learned parameter in one flat buffer (W, b, γ, β layer by layer),
//! so an optimizer is a single loop over it; a [`Workspace`] holds the activations of one forward
//! pass and the scratch of its backward pass, allocated once and reused every step.

pub mod batch_norm;
pub mod dense;
mod network;

pub use batch_norm::{BatchNorm1d, BatchNormConfig, BatchStats};
pub use network::{LayerInfo, Network, NetworkSpec, Output, Workspace};

/// Which statistics batch normalization uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Statistics of the current batch (what training sees).
    Train,
    /// The running averages kept during training (what a deployed model uses).
    Inference,
}
