//! Batch normalization against PyTorch `BatchNorm1d` semantics (eps 1e-5, momentum 0.1, biased
//! variance to normalize, unbiased variance into the running average, running mean 0 and
//! variance 1 at start, training vs eval mode), with reference numbers worked out by hand from
//! those rules and an independent f64 implementation.

#![cfg(not(target_arch = "wasm32"))]

use tunelab::nn::batch_norm::{BatchNorm1d, BatchNormConfig};
use tunelab::Error;

#[test]
fn defaults_are_pytorchs() {
    let bn = BatchNorm1d::new(3, BatchNormConfig::default());
    assert_eq!(bn.config.eps, 1e-5);
    assert_eq!(bn.config.momentum, 0.1);
    assert_eq!(bn.gamma, vec![1.0; 3]);
    assert_eq!(bn.beta, vec![0.0; 3]);
    assert_eq!(bn.running_mean, vec![0.0; 3]);
    assert_eq!(bn.running_var, vec![1.0; 3]);
}

#[test]
fn one_training_step_matches_hand_computed_reference() {
    // One unit, batch z = [1, 2, 3, 4]: μ = 2.5, biased σ² = 1.25, unbiased 5/3.
    // torch.nn.BatchNorm1d(1).train()(tensor([[1.],[2.],[3.],[4.]])) gives
    // (z − 2.5)/√(1.25 + 1e-5) = [−1.3416354, −0.4472118, 0.4472118, 1.3416354],
    // running_mean = 0.9·0 + 0.1·2.5 = 0.25, running_var = 0.9·1 + 0.1·5/3 = 1.0666667.
    let mut bn = BatchNorm1d::new(1, BatchNormConfig::default());
    let f = bn.forward_train(&[1.0, 2.0, 3.0, 4.0]).unwrap();
    let expected = [-1.341_635_4f32, -0.447_211_8, 0.447_211_8, 1.341_635_4];
    for (o, e) in f.out.iter().zip(expected) {
        assert!((o - e).abs() < 2e-6, "{:?}", f.out);
    }
    assert_eq!(f.stats.mean[0], 2.5);
    assert_eq!(f.stats.var[0], 1.25);
    assert!((bn.running_mean[0] - 0.25).abs() < 1e-7);
    assert!((bn.running_var[0] - 1.066_666_7).abs() < 1e-6);
    // eval mode then normalizes with the running statistics: (3 − 0.25)/√(1.0666667 + 1e-5).
    let e = bn.forward_inference(&[3.0]);
    assert!((e.out[0] - 2.662_665).abs() < 2e-5, "{}", e.out[0]);
}

/// Independent f64 reference of one BatchNorm1d training step: (out, running_mean, running_var).
fn reference(
    z: &[f64],
    units: usize,
    gamma: &[f64],
    beta: &[f64],
    rm: &[f64],
    rv: &[f64],
) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let m = z.len() / units;
    let mut out = vec![0.0; z.len()];
    let (mut nrm, mut nrv) = (rm.to_vec(), rv.to_vec());
    for j in 0..units {
        let col: Vec<f64> = (0..m).map(|i| z[i * units + j]).collect();
        let mu = col.iter().sum::<f64>() / m as f64;
        let var = col.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / m as f64;
        for i in 0..m {
            out[i * units + j] = gamma[j] * (col[i] - mu) / (var + 1e-5).sqrt() + beta[j];
        }
        nrm[j] = 0.9 * rm[j] + 0.1 * mu;
        nrv[j] = 0.9 * rv[j] + 0.1 * var * m as f64 / (m as f64 - 1.0);
    }
    (out, nrm, nrv)
}

#[test]
fn many_steps_track_an_independent_reference() {
    let units = 3;
    let mut bn = BatchNorm1d::new(units, BatchNormConfig::default());
    bn.gamma = vec![0.5, 1.0, 2.0];
    bn.beta = vec![-1.0, 0.0, 0.25];
    let (g, b): (Vec<f64>, Vec<f64>) = (
        bn.gamma.iter().map(|&v| v as f64).collect(),
        bn.beta.iter().map(|&v| v as f64).collect(),
    );
    let (mut rm, mut rv) = (vec![0.0; units], vec![1.0; units]);
    let mut state = 1u32;
    for step in 0..50 {
        let z: Vec<f32> = (0..8 * units)
            .map(|k| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 8) as f32 / (1u32 << 24) as f32 * 4.0 - 2.0 + (k % units) as f32 * 3.0
            })
            .collect();
        let z64: Vec<f64> = z.iter().map(|&v| v as f64).collect();
        let (out, nrm, nrv) = reference(&z64, units, &g, &b, &rm, &rv);
        let f = bn.forward_train(&z).unwrap();
        for (a, e) in f.out.iter().zip(&out) {
            assert!((*a as f64 - e).abs() < 1e-5, "step {step}: {a} vs {e}");
        }
        rm = nrm;
        rv = nrv;
        for j in 0..units {
            assert!((bn.running_mean[j] as f64 - rm[j]).abs() < 1e-5);
            assert!((bn.running_var[j] as f64 - rv[j]).abs() < 1e-5);
        }
    }
    // After 50 steps the running mean has converged towards the units' offsets 0, 3, 6.
    for (j, target) in [0.0, 3.0, 6.0].iter().enumerate() {
        assert!(
            (bn.running_mean[j] - target).abs() < 0.3,
            "{:?}",
            bn.running_mean
        );
    }
}

#[test]
fn training_and_inference_outputs_differ_exactly_as_the_statistics_do() {
    let mut bn = BatchNorm1d::new(2, BatchNormConfig::default());
    let z = [0.0, 10.0, 2.0, 14.0, 4.0, 18.0];
    let train = bn.forward_train(&z).unwrap();
    let infer = bn.forward_inference(&z);
    // Training mode: zero mean, unit (biased) variance per unit.
    for j in 0..2 {
        let col: Vec<f32> = (0..3).map(|i| train.out[i * 2 + j]).collect();
        let mean: f32 = col.iter().sum::<f32>() / 3.0;
        let var: f32 = col.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / 3.0;
        assert!(
            mean.abs() < 1e-6 && (var - 1.0).abs() < 1e-4,
            "{mean} {var}"
        );
    }
    // Inference mode after one step: running mean 0.1·μ, running var 0.9 + 0.1·s² (unbiased).
    let (mu, s2) = ([2.0f32, 14.0], [4.0f32, 16.0]);
    for i in 0..3 {
        for j in 0..2 {
            let rm = 0.1 * mu[j];
            let rv = 0.9 + 0.1 * s2[j];
            let expected = (z[i * 2 + j] - rm) / (rv + 1e-5).sqrt();
            assert!((infer.out[i * 2 + j] - expected).abs() < 1e-5);
        }
    }
    // Inference does not move the running averages.
    let before = (bn.running_mean.clone(), bn.running_var.clone());
    bn.forward_inference(&z);
    assert_eq!(before, (bn.running_mean.clone(), bn.running_var.clone()));
}

#[test]
fn identity_case_gamma_sqrt_var_beta_mean_gives_back_z() {
    let mut bn = BatchNorm1d::new(1, BatchNormConfig::default());
    let z = [1.0f32, 3.0, 4.0, 8.0];
    let mu = 4.0f32;
    let var = (9.0 + 1.0 + 0.0 + 16.0) / 4.0;
    bn.gamma = vec![(var + 1e-5f32).sqrt()];
    bn.beta = vec![mu];
    let f = bn.forward_train(&z).unwrap();
    for (o, zi) in f.out.iter().zip(z) {
        assert!((o - zi).abs() < 1e-5, "{o} vs {zi}");
    }
}

#[test]
fn a_batch_of_one_is_refused() {
    let mut bn = BatchNorm1d::new(2, BatchNormConfig::default());
    assert_eq!(
        bn.forward_train(&[1.0, 2.0]).unwrap_err(),
        Error::batch_norm_needs_batch()
    );
    assert!(Error::batch_norm_needs_batch()
        .to_string()
        .contains("batch size"));
}

/// Independent f64 reference of a training-mode forward and backward pass over one batch:
/// (z̃, dL/dγ, dL/dβ, dL/dz) for upstream gradient `d_out`.
#[allow(clippy::type_complexity)]
fn reference_step(
    z: &[f64],
    units: usize,
    gamma: &[f64],
    beta: &[f64],
    d_out: &[f64],
) -> (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
    let m = z.len() / units;
    let (mut out, mut dz) = (vec![0.0; z.len()], vec![0.0; z.len()]);
    let (mut dg, mut db) = (vec![0.0; units], vec![0.0; units]);
    for j in 0..units {
        let col: Vec<f64> = (0..m).map(|i| z[i * units + j]).collect();
        let mu = col.iter().sum::<f64>() / m as f64;
        let var = col.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / m as f64;
        let inv = 1.0 / (var + 1e-5f32 as f64).sqrt();
        let norm: Vec<f64> = col.iter().map(|v| (v - mu) * inv).collect();
        let d: Vec<f64> = (0..m).map(|i| d_out[i * units + j]).collect();
        dg[j] = d.iter().zip(&norm).map(|(a, b)| a * b).sum();
        db[j] = d.iter().sum();
        let (mean_d, mean_dn) = (db[j] / m as f64, dg[j] / m as f64);
        for i in 0..m {
            out[i * units + j] = gamma[j] * norm[i] + beta[j];
            dz[i * units + j] = gamma[j] * inv * (d[i] - mean_d - norm[i] * mean_dn);
        }
    }
    (out, dg, db, dz)
}

/// The largest difference between the f32 layer and the f64 reference over z̃, dL/dγ, dL/dβ and
/// dL/dz (absolute, or relative above 1), for a batch `z` (m × 2).
fn worst_error(z: &[f32]) -> f64 {
    let units = 2;
    let m = z.len() / units;
    let mut bn = BatchNorm1d::new(units, BatchNormConfig::default());
    bn.gamma = vec![1.3, 0.7];
    bn.beta = vec![0.2, -0.4];
    let d_out: Vec<f32> = (0..z.len())
        .map(|k| ((k * 37 % 11) as f32 - 5.0) / 7.0)
        .collect();
    let f = bn.forward_train(z).unwrap();
    let g = bn.backward_train(&f, &d_out);
    let to64 = |v: &[f32]| v.iter().map(|&x| x as f64).collect::<Vec<_>>();
    let (out, dg, db, dz) = reference_step(
        &to64(z),
        units,
        &to64(&bn.gamma),
        &to64(&bn.beta),
        &to64(&d_out),
    );
    assert_eq!(f.out.len(), m * units);
    // Absolute error, relative for values above 1 (dL/dz reaches γ/√ε ≈ 400 on a constant
    // column, where f32 itself carries 3e-5 of absolute rounding).
    let worst = |a: &[f32], b: &[f64]| {
        a.iter()
            .zip(b)
            .map(|(&x, &y)| (x as f64 - y).abs() / y.abs().max(1.0))
            .fold(0.0, f64::max)
    };
    [
        worst(&f.out, &out),
        worst(&g.d_gamma, &dg),
        worst(&g.d_beta, &db),
        worst(&g.d_z, &dz),
    ]
    .into_iter()
    .fold(0.0, f64::max)
}

#[test]
fn degenerate_batches_are_exact_a_constant_column_and_a_large_offset() {
    // 64 rows of 0.7 in one column: σ² = 0, so z_norm must be 0 and z̃ = β exactly
    // (PyTorch's float32 is off by 4e-4 here, a plain f32 sum by 1.4e-3 in dL/dγ).
    let constant: Vec<f32> = (0..64)
        .flat_map(|i| [0.7, (i as f32 * 0.37).sin()])
        .collect();
    let e = worst_error(&constant);
    assert!(e <= 1e-5, "constant column: {e}");
    // Inputs near 1000 with a spread of 0.05 (PyTorch float32: 1.3e-2 off; a plain sum: 1.6e-2).
    let offset: Vec<f32> = (0..64)
        .flat_map(|i| {
            let u = ((i * 29 % 64) as f32 / 63.0 - 0.5) * 0.17;
            [1000.0 + u, -1000.0 + 0.5 * u]
        })
        .collect();
    let e = worst_error(&offset);
    assert!(e <= 1e-4, "offset 1e3: {e}");
    // Ordinary inputs stay as accurate as before.
    let ordinary: Vec<f32> = (0..64)
        .flat_map(|i| [(i as f32 * 0.61).sin() * 2.0, (i as f32 * 1.7).cos() - 0.3])
        .collect();
    let e = worst_error(&ordinary);
    assert!(e <= 8e-6, "ordinary: {e}");
}

#[test]
fn the_network_refuses_one_example_in_training_mode_with_bn() {
    use tunelab::nn::{Mode, Network, Workspace};
    use tunelab::Config;
    let mut net = Network::from_config(&Config::default());
    let mut ws = Workspace::new();
    let before = net.running_stats(0).map(|(m, v)| (m.to_vec(), v.to_vec()));
    let x = [0.3f32, -0.2];
    let e = net.forward(&mut ws, &x, 1, Mode::Train).unwrap_err();
    assert_eq!(e.message_id(), "error.bn-batch-of-one");
    let mut grads = vec![0.0; net.params().len()];
    let e = net
        .train_gradients(&mut ws, &x, &[1], 1, &mut grads)
        .unwrap_err();
    assert_eq!(e.key(), Some("batch"));
    // Nothing moved: the running variance is not m/(m − 1) = NaN, the gradients untouched.
    let after = net.running_stats(0).map(|(m, v)| (m.to_vec(), v.to_vec()));
    assert_eq!(before, after);
    assert!(grads.iter().all(|&g| g == 0.0));
    assert!(net.is_finite());
    // Inference needs no batch: one example is fine, and two in training mode too.
    net.forward(&mut ws, &x, 1, Mode::Inference).unwrap();
    net.forward(&mut ws, &[0.3, -0.2, 0.1, 0.4], 2, Mode::Train)
        .unwrap();
    // Without BN a batch of one trains.
    let mut plain = Network::from_config(&Config {
        batch_norm: false,
        ..Config::default()
    });
    plain
        .train_gradients(&mut ws, &x, &[1], 1, &mut grads)
        .unwrap();
}
