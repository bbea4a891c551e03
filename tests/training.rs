//! The training loop: every dataset is learnable, divergence is caught, runs are reproducible,
//! babysitting changes are logged, decision fields have the right shape.

#![cfg(not(target_arch = "wasm32"))]

use tunelab::config::{Activation, Config, DatasetKind, OptimizerKind};
use tunelab::nn::Mode;
use tunelab::train::{Knob, Split, Status, Trainer};

fn train(config: &Config, steps: usize) -> Trainer {
    let mut t = Trainer::new(config).unwrap();
    t.set_record_every(0);
    t.step(steps);
    t
}

#[test]
fn the_easy_datasets_are_learned_with_the_default_settings() {
    // Default: 2-8-8-out, tanh, BN, SGD α = 0.03, batch 10; 3,000 steps (60 epochs of 250 points).
    for dataset in [
        DatasetKind::Circle,
        DatasetKind::Xor,
        DatasetKind::Gaussians,
        DatasetKind::Moons,
        DatasetKind::Blobs3,
    ] {
        let mut t = train(
            &Config {
                dataset,
                ..Config::default()
            },
            3000,
        );
        let acc = t.evaluate(Split::Train, Mode::Inference).accuracy;
        let val = t.evaluate(Split::Valid, Mode::Inference).accuracy;
        assert!(
            acc >= 0.95 && val >= 0.9,
            "{dataset:?}: train {acc}, valid {val}"
        );
    }
}

#[test]
fn spirals_are_learned_by_a_2_16_16_bn_tanh_network() {
    // Budget: 2,000 Adam steps (α = 0.03, batch 32) for two arms to reach 95%; 8,000 for three arms to reach 90%.
    for (dataset, steps, target) in [
        (DatasetKind::Spiral, 2000, 0.95),
        (DatasetKind::Spiral3, 8000, 0.9),
    ] {
        let config = Config {
            dataset,
            hidden: vec![16, 16],
            activation: Activation::Tanh,
            batch_norm: true,
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.03,
            batch_size: 32,
            ..Config::default()
        };
        let mut t = train(&config, steps);
        let acc = t.evaluate(Split::Train, Mode::Inference).accuracy;
        assert!(
            acc >= target,
            "{dataset:?}: training accuracy {acc} after {steps} steps"
        );
        // And an untrained network is at chance, so the test measures learning.
        let mut fresh = Trainer::new(&config).unwrap();
        assert!(fresh.evaluate(Split::Train, Mode::Inference).accuracy < 0.75);
    }
}

#[test]
fn a_huge_learning_rate_diverges_and_stops_cleanly() {
    // tanh without BN at α = 10 on the circle: the loss climbs far above where it started.
    let config = Config {
        batch_norm: false,
        learning_rate: 10.0,
        ..Config::default()
    };
    let mut t = Trainer::new(&config).unwrap();
    let done = t.step(5000);
    let Status::Diverged { step } = t.status() else {
        panic!("expected divergence, got {:?}", t.status());
    };
    assert_eq!(done as u64, step);
    assert!(t.network().is_finite(), "parameters stay finite");
    assert!(step < 2000, "caught early, at step {step}");
    assert_eq!(t.step(10), 0, "no step after divergence");
    let msg = t.status().message(t.config());
    assert!(
        msg.contains(&format!("diverged at step {step}")) && msg.contains("batch norm"),
        "{msg}"
    );
    let last = t.history().last().unwrap();
    assert!(
        last.train.loss.is_finite() && last.train.loss > 3.0 * 0.69,
        "{last:?}"
    );
    // The same network at a sane learning rate does not trip the watch.
    let mut ok = Trainer::new(&Config {
        learning_rate: 1.0,
        ..config
    })
    .unwrap();
    ok.step(5000);
    assert_eq!(ok.status(), Status::Running);
}

#[test]
fn non_finite_weights_are_caught_and_rolled_back() {
    // ReLU + momentum at α = 100: the weights overflow to infinity within a few hundred steps.
    let config = Config {
        activation: Activation::Relu,
        optimizer: OptimizerKind::Momentum,
        learning_rate: 100.0,
        ..Config::default()
    };
    let mut t = Trainer::new(&config).unwrap();
    t.step(2000);
    assert!(matches!(t.status(), Status::Diverged { .. }));
    assert!(t.network().is_finite());
    assert!(t
        .decision_field(8, Mode::Inference)
        .values
        .iter()
        .all(|v| v.is_finite()));
}

#[test]
fn same_config_same_run_bit_for_bit_and_each_seed_matters() {
    let config = Config::default();
    let a = train(&config, 500);
    let b = train(&config, 500);
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert_eq!(a.network().params(), b.network().params());
    for change in [
        Config {
            data_seed: 2,
            ..config.clone()
        },
        Config {
            init_seed: 2,
            ..config.clone()
        },
        Config {
            batch_seed: 2,
            ..config.clone()
        },
    ] {
        assert_ne!(train(&change, 500).fingerprint(), a.fingerprint());
    }
    // Stepping 500 at once or in chunks is the same run.
    let mut c = Trainer::new(&config).unwrap();
    c.set_record_every(0);
    for _ in 0..50 {
        c.step(10);
    }
    assert_eq!(c.fingerprint(), a.fingerprint());
}

#[test]
fn babysitting_changes_are_logged_and_take_effect() {
    let config = Config {
        optimizer: OptimizerKind::Momentum,
        ..Config::default()
    };
    let mut t = Trainer::new(&config).unwrap();
    t.step(100);
    t.set_learning_rate(0.3).unwrap();
    t.step(50);
    t.set_momentum(0.5).unwrap();
    assert!(t.set_learning_rate(-1.0).is_err());
    let changes = t.changes();
    assert_eq!(changes.len(), 2);
    assert_eq!(
        (
            changes[0].step,
            changes[0].knob,
            changes[0].from,
            changes[0].to
        ),
        (100, Knob::LearningRate, 0.03, 0.3)
    );
    assert_eq!((changes[1].step, changes[1].knob), (150, Knob::Momentum));
    assert_eq!(t.learning_rate(), 0.3);
    // A run with the change differs from one without.
    let mut plain = Trainer::new(&config).unwrap();
    plain.step(150);
    let mut changed = Trainer::new(&config).unwrap();
    changed.step(100);
    changed.set_learning_rate(0.3).unwrap();
    changed.step(50);
    assert_ne!(plain.fingerprint(), changed.fingerprint());
    // The run's URL replays the babysat run exactly, changes included.
    let query = changed.config().to_query();
    assert!(query.contains("nudges=100:lr:0.3"), "{query}");
    let mut replay = Trainer::new(&tunelab::Config::from_query(&query).unwrap()).unwrap();
    replay.step(150);
    assert_eq!(replay.fingerprint(), changed.fingerprint());
    assert_eq!(replay.changes(), changed.changes());
    // Taking over a replay mid-way drops its later scheduled changes.
    let mut takeover = Trainer::new(&t.config().clone()).unwrap();
    takeover.step(120);
    takeover.set_learning_rate(0.01).unwrap();
    takeover.step(100);
    let knobs: Vec<_> = takeover.changes().iter().map(|c| (c.step, c.to)).collect();
    assert_eq!(knobs, vec![(100, 0.3), (120, 0.01)]);
    assert_eq!(takeover.config().nudges.len(), 2);
    // Momentum cannot be set on an optimizer that has none.
    let mut sgd = Trainer::new(&Config::default()).unwrap();
    assert!(sgd.set_momentum(0.5).is_err());
}

#[test]
fn learning_rate_decays_per_epoch() {
    let config = Config {
        decay: 1.0,
        learning_rate: 0.2,
        ..Config::default()
    };
    let mut t = Trainer::new(&config).unwrap();
    assert_eq!(t.learning_rate(), 0.2);
    // 250 training points, batch 10: epoch 1 begins at the 26th step.
    t.step(26);
    assert_eq!(t.epoch(), 1);
    assert_eq!(t.learning_rate(), 0.1);
}

#[test]
fn history_records_curves_at_the_chosen_cadence() {
    let mut t = Trainer::new(&Config::default()).unwrap();
    t.step(100);
    let h = t.history();
    assert_eq!(h.len(), 11); // step 0 and every 10 steps
    assert_eq!(
        h.iter().map(|p| p.step).collect::<Vec<_>>(),
        (0..=100).step_by(10).collect::<Vec<_>>()
    );
    assert!(h.last().unwrap().train.loss < h[0].train.loss);
}

#[test]
fn decision_field_covers_the_plane_and_mode_matters_with_bn() {
    let mut t = train(&Config::default(), 2000);
    let f = t.decision_field(40, Mode::Inference);
    assert_eq!(f.values.len(), 40 * 40);
    assert!(f.values.iter().all(|p| (0.0..=1.0).contains(p)));
    // Circle: the centre is class 0, the corners of the ring class 1.
    let centre = f.values[20 * 40 + 20];
    let ring = f.values[20 * 40 + 2];
    assert!(centre < 0.2 && ring > 0.8, "centre {centre}, ring {ring}");
    let g = t.decision_field(40, Mode::Train);
    assert_ne!(
        f.values, g.values,
        "batch statistics of the grid differ from running averages"
    );
    // Three classes give three probabilities per cell, summing to 1.
    let mut t3 = train(
        &Config {
            dataset: DatasetKind::Blobs3,
            ..Config::default()
        },
        200,
    );
    let f3 = t3.decision_field(10, Mode::Inference);
    assert_eq!(f3.values.len(), 300);
    for cell in f3.values.chunks(3) {
        assert!((cell.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
}

#[test]
fn bad_configs_are_refused_with_messages() {
    for (config, needle) in [
        (
            Config {
                batch_size: 1,
                ..Config::default()
            },
            "Batch size 1 with batch norm",
        ),
        (
            Config {
                batch_size: 0,
                batch_norm: false,
                ..Config::default()
            },
            "Batch size (batch) must be a whole number from 1 to 5000",
        ),
        (
            Config {
                hidden: vec![],
                ..Config::default()
            },
            "hidden layers",
        ),
        (
            Config {
                learning_rate: f64::INFINITY,
                ..Config::default()
            },
            "Learning rate α (lr) must be a number above 0",
        ),
    ] {
        let e = Trainer::new(&config).unwrap_err().to_string();
        assert!(e.contains(needle), "{e}");
    }
}

#[test]
fn the_trace_follows_bn_statistics_step_by_step() {
    let mut t = Trainer::new(&Config {
        hidden: vec![4, 3],
        ..Config::default()
    })
    .unwrap();
    t.set_trace_every(1);
    t.step(30);
    let trace = t.trace();
    assert_eq!(trace.steps, (1..=30).collect::<Vec<_>>());
    assert_eq!(trace.layers.len(), 2);
    let l0 = &trace.layers[0];
    assert_eq!(l0.batch_mean.len(), 30 * 4);
    assert_eq!(l0.running_mean.len(), 30 * 4);
    // The running mean follows running ← 0.9·running + 0.1·μ_batch, from 0.
    let mut running = [0.0f32; 4];
    for s in 0..30 {
        for (j, r) in running.iter_mut().enumerate() {
            *r = 0.9 * *r + 0.1 * l0.batch_mean[s * 4 + j];
            assert!((*r - l0.running_mean[s * 4 + j]).abs() < 1e-5);
        }
    }
    // The last row matches the network's state and the last batch's BN statistics.
    let (rm, _) = t.network().running_stats(1).unwrap();
    assert_eq!(&trace.layers[1].running_mean[29 * 3..], rm);
    let (_, _, ws) = t.last_batch();
    for (traced, bn) in l0.batch_mean[29 * 4..].iter().zip(&ws.stats(0).mean[..4]) {
        assert!((traced - bn).abs() < 1e-6, "{traced} vs {bn}");
    }
    assert_eq!(l0.gamma.len(), 30 * 4);
    assert!(l0.activation_std.iter().all(|s| *s > 0.0));
}
