//! Toy two-dimensional datasets, seeded and deterministic.
//!
//! Points lie roughly in [-1, 1]²; `noise` (0..=1) sets each dataset's spread. The generator
//! draws every point, shuffles them, and splits them into training and validation sets.

use crate::config::{Config, DatasetKind};
use crate::rng::{self, BoxMuller, PortableRng};
use core::f64::consts::PI;
use rand::seq::SliceRandom;
use rand::Rng;

/// A set of labelled points: `x` holds (x₀, x₁) pairs row by row, `y` the class of each point.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Points {
    /// Inputs, `len() == 2 * n`, point i at `x[2i], x[2i + 1]`.
    pub x: Vec<f32>,
    /// Class labels in `0..classes`.
    pub y: Vec<u8>,
}

impl Points {
    /// Number of points.
    pub fn len(&self) -> usize {
        self.y.len()
    }
    /// True when there are no points.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }
    /// The i-th point's coordinates.
    pub fn point(&self, i: usize) -> [f32; 2] {
        [self.x[2 * i], self.x[2 * i + 1]]
    }
    fn push(&mut self, p: [f64; 2], class: u8) {
        self.x.push(p[0] as f32);
        self.x.push(p[1] as f32);
        self.y.push(class);
    }
}

/// A dataset split into training and validation points.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// Which generator made it.
    pub kind: DatasetKind,
    /// Number of classes.
    pub classes: usize,
    /// Points the network trains on.
    pub train: Points,
    /// Held-out points for validation loss and accuracy.
    pub valid: Points,
}

impl Dataset {
    /// Generates the dataset a config describes (uses `dataset`, `points`, `noise`,
    /// `train_fraction`, `data_seed`).
    pub fn from_config(c: &Config) -> Dataset {
        Dataset::generate(c.dataset, c.points, c.noise, c.train_points(), c.data_seed)
    }

    /// Generates `n` points of `kind`, the first `n_train` (after shuffling) for training.
    pub fn generate(kind: DatasetKind, n: usize, noise: f64, n_train: usize, seed: u64) -> Dataset {
        let mut rng = rng::from_seed(seed);
        let classes = kind.classes();
        let mut all: Vec<([f64; 2], u8)> = (0..n)
            .map(|i| {
                // Balanced classes: point i belongs to class i mod classes.
                let class = (i % classes) as u8;
                (sample(kind, class, noise, &mut rng), class)
            })
            .collect();
        all.shuffle(&mut rng);
        let mut train = Points::default();
        let mut valid = Points::default();
        for (i, (p, c)) in all.into_iter().enumerate() {
            if i < n_train {
                train.push(p, c);
            } else {
                valid.push(p, c);
            }
        }
        Dataset {
            kind,
            classes,
            train,
            valid,
        }
    }
}

fn sample(kind: DatasetKind, class: u8, noise: f64, rng: &mut PortableRng) -> [f64; 2] {
    let c = class as f64;
    match kind {
        DatasetKind::Circle => {
            // Class 0: a disc of radius 0.5; class 1: a ring between 0.7 and 1.
            let r = if class == 0 {
                rng.random_range(0.0..0.45)
            } else {
                rng.random_range(0.65..0.95)
            };
            let t = rng.random_range(0.0..2.0 * PI);
            jitter([r * libm::cos(t), r * libm::sin(t)], 0.3 * noise, rng)
        }
        DatasetKind::Xor => {
            // Class = whether x and y share a sign; points keep a margin off the axes.
            let mut a = rng.random_range(0.05..1.0);
            let mut b = rng.random_range(0.05..1.0);
            if rng.random_bool(0.5) {
                a = -a;
                b = -b;
            }
            if class == 1 {
                b = -b;
            }
            jitter([a, b], 0.3 * noise, rng)
        }
        DatasetKind::Gaussians => {
            let centre = if class == 0 { [-0.4, -0.4] } else { [0.4, 0.4] };
            let spread = 0.12 + 0.4 * noise;
            [
                centre[0] + spread * rng.sample(BoxMuller),
                centre[1] + spread * rng.sample(BoxMuller),
            ]
        }
        DatasetKind::Spiral | DatasetKind::Spiral3 => {
            let arms = kind.classes() as f64;
            let r = rng.random_range(0.05..1.0);
            let t = 1.75 * r * 2.0 * PI + c * 2.0 * PI / arms;
            jitter([r * libm::sin(t), r * libm::cos(t)], 0.15 * noise, rng)
        }
        DatasetKind::Moons => {
            let t = rng.random_range(0.0..PI);
            let p = if class == 0 {
                [libm::cos(t) - 0.5, libm::sin(t) - 0.25]
            } else {
                [0.5 - libm::cos(t), 0.25 - libm::sin(t)]
            };
            jitter([p[0] * 0.66, p[1] * 0.66], 0.3 * noise, rng)
        }
        DatasetKind::Blobs3 => {
            let angle = c * 2.0 * PI / 3.0 + PI / 2.0;
            let centre = [0.5 * libm::cos(angle), 0.5 * libm::sin(angle)];
            let spread = 0.1 + 0.35 * noise;
            [
                centre[0] + spread * rng.sample(BoxMuller),
                centre[1] + spread * rng.sample(BoxMuller),
            ]
        }
    }
}

fn jitter(p: [f64; 2], sd: f64, rng: &mut PortableRng) -> [f64; 2] {
    [
        p[0] + sd * rng.sample(BoxMuller),
        p[1] + sd * rng.sample(BoxMuller),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_sizes_balance_and_determinism() {
        for kind in DatasetKind::ALL {
            let d = Dataset::generate(kind, 501, 0.1, 250, 5);
            assert_eq!(d.train.len(), 250);
            assert_eq!(d.valid.len(), 251);
            assert_eq!(d.train.x.len(), 500);
            let mut counts = vec![0usize; d.classes];
            for &c in d.train.y.iter().chain(&d.valid.y) {
                counts[c as usize] += 1;
            }
            let (lo, hi) = (counts.iter().min().unwrap(), counts.iter().max().unwrap());
            assert!(hi - lo <= 1, "{kind:?} unbalanced {counts:?}");
            assert!(d.train.x.iter().all(|v| v.is_finite() && v.abs() < 3.0));
            assert_eq!(d, Dataset::generate(kind, 501, 0.1, 250, 5));
            assert_ne!(d, Dataset::generate(kind, 501, 0.1, 250, 6));
        }
    }

    #[test]
    fn circle_classes_separate_by_radius_without_noise() {
        let d = Dataset::generate(DatasetKind::Circle, 200, 0.0, 200, 1);
        for i in 0..d.train.len() {
            let [a, b] = d.train.point(i);
            let r = (a * a + b * b).sqrt();
            assert_eq!(d.train.y[i] == 1, r > 0.55, "r = {r}");
        }
    }

    #[test]
    fn xor_labels_follow_the_sign_of_the_product_without_noise() {
        let d = Dataset::generate(DatasetKind::Xor, 200, 0.0, 200, 1);
        for i in 0..d.train.len() {
            let [a, b] = d.train.point(i);
            assert_eq!(d.train.y[i] == 1, a * b < 0.0);
        }
    }
}
