//! Finite-difference gradient checks: every layer's backward pass, batch norm in both modes, and
//! the whole network, against central differences of the loss.

#![cfg(not(target_arch = "wasm32"))]

use rand::Rng;
use tunelab::config::{Activation, BnPlace, Config, DatasetKind, InitScheme};
use tunelab::data::Dataset;
use tunelab::nn::batch_norm::{BatchNorm1d, BatchNormConfig};
use tunelab::nn::{dense, Mode, Network, NetworkSpec, Output, Workspace};
use tunelab::rng::{self, BoxMuller, PortableRng};

fn random_vec(rng: &mut PortableRng, n: usize, scale: f64) -> Vec<f32> {
    (0..n)
        .map(|_| (rng.sample(BoxMuller) * scale) as f32)
        .collect()
}

/// Central difference of `f` with respect to `x[i]`, in f64 around the f32 value.
fn numeric<F: FnMut(&[f32]) -> f64>(x: &[f32], i: usize, h: f32, mut f: F) -> f64 {
    let mut xp = x.to_vec();
    xp[i] = x[i] + h;
    let fp = f(&xp);
    xp[i] = x[i] - h;
    let fm = f(&xp);
    let actual_2h = ((x[i] + h) as f64) - ((x[i] - h) as f64);
    (fp - fm) / actual_2h
}

#[track_caller]
fn assert_close(what: &str, numeric: f64, analytic: f64, tol: f64) {
    let err = (numeric - analytic).abs();
    assert!(
        err <= tol * (1.0 + numeric.abs().max(analytic.abs())),
        "{what}: numeric {numeric:.6e} vs analytic {analytic:.6e} (err {err:.2e})"
    );
}

fn weighted_sum(v: &[f32], r: &[f32]) -> f64 {
    v.iter().zip(r).map(|(&a, &b)| a as f64 * b as f64).sum()
}

#[test]
fn dense_layer_gradients_match_finite_differences() {
    let mut rng = rng::from_seed(11);
    let (m, fan_in, units) = (5, 4, 3);
    let a = random_vec(&mut rng, m * fan_in, 1.0);
    let w = random_vec(&mut rng, fan_in * units, 0.5);
    let b = random_vec(&mut rng, units, 0.5);
    let r = random_vec(&mut rng, m * units, 1.0); // L = Σ r ⊙ z, so dL/dz = r
    let loss = |a: &[f32], w: &[f32], b: &[f32]| {
        let mut z = vec![0.0; m * units];
        dense::forward(a, m, fan_in, units, w, Some(b), &mut z);
        weighted_sum(&z, &r)
    };
    let mut dw = vec![0.0; fan_in * units];
    let mut db = vec![0.0; units];
    dense::backward_params(&a, &r, m, fan_in, units, &mut dw, Some(&mut db));
    let mut da = vec![0.0; m * fan_in];
    let mut w_t = vec![0.0; w.len()];
    dense::transpose(&w, fan_in, units, &mut w_t);
    dense::backward_input(&r, &w_t, m, fan_in, units, &mut da);
    for (i, &g) in dw.iter().enumerate() {
        let n = numeric(&w, i, 1e-2, |w| loss(&a, w, &b));
        assert_close("dW", n, g as f64, 1e-4);
    }
    for (i, &g) in db.iter().enumerate() {
        let n = numeric(&b, i, 1e-2, |b| loss(&a, &w, b));
        assert_close("db", n, g as f64, 1e-4);
    }
    for (i, &g) in da.iter().enumerate() {
        let n = numeric(&a, i, 1e-2, |a| loss(a, &w, &b));
        assert_close("da", n, g as f64, 1e-4);
    }
}

fn bn_layer(rng: &mut PortableRng, units: usize) -> BatchNorm1d {
    let mut bn = BatchNorm1d::new(units, BatchNormConfig::default());
    bn.gamma = (0..units)
        .map(|_| (1.0 + 0.5 * rng.sample(BoxMuller)) as f32)
        .collect();
    bn.beta = random_vec(rng, units, 0.5);
    bn.running_mean = random_vec(rng, units, 0.5);
    bn.running_var = (0..units)
        .map(|_| (0.5 + rng.random::<f64>()) as f32)
        .collect();
    bn
}

#[test]
fn batch_norm_training_mode_gradients_match_finite_differences() {
    let mut rng = rng::from_seed(12);
    let (m, units) = (6, 3);
    let bn = bn_layer(&mut rng, units);
    let z = random_vec(&mut rng, m * units, 2.0);
    let r = random_vec(&mut rng, m * units, 1.0);
    // A non-linear loss too, so Σ dz̃ and Σ dz̃·z_norm are not trivially zero.
    let loss = |bn: &BatchNorm1d, z: &[f32]| {
        let mut bn = bn.clone();
        let f = bn.forward_train(z).unwrap();
        weighted_sum(&f.out, &r) + f.out.iter().map(|&v| (v as f64).powi(3)).sum::<f64>() * 0.1
    };
    let mut bn_fwd = bn.clone();
    let f = bn_fwd.forward_train(&z).unwrap();
    let d_out: Vec<f32> = f
        .out
        .iter()
        .zip(&r)
        .map(|(&v, &ri)| ri + 0.3 * v * v)
        .collect();
    let g = bn.backward_train(&f, &d_out);
    for i in 0..z.len() {
        let n = numeric(&z, i, 1e-2, |z| loss(&bn, z));
        assert_close("BN train dz", n, g.d_z[i] as f64, 2e-3);
    }
    for j in 0..units {
        let n = numeric(&bn.gamma, j, 1e-2, |gm| {
            let mut b = bn.clone();
            b.gamma = gm.to_vec();
            loss(&b, &z)
        });
        assert_close("BN train dγ", n, g.d_gamma[j] as f64, 2e-3);
        let n = numeric(&bn.beta, j, 1e-2, |bt| {
            let mut b = bn.clone();
            b.beta = bt.to_vec();
            loss(&b, &z)
        });
        assert_close("BN train dβ", n, g.d_beta[j] as f64, 2e-3);
    }
    // The batch-statistics coupling is real: dz differs from the inference-mode (affine) one.
    let affine = bn.backward_inference(&bn.forward_inference(&z), &d_out);
    assert!(g
        .d_z
        .iter()
        .zip(&affine.d_z)
        .any(|(a, b)| (a - b).abs() > 1e-3));
}

#[test]
fn batch_norm_inference_mode_gradients_match_finite_differences() {
    let mut rng = rng::from_seed(13);
    let (m, units) = (4, 3);
    let bn = bn_layer(&mut rng, units);
    let z = random_vec(&mut rng, m * units, 2.0);
    let r = random_vec(&mut rng, m * units, 1.0);
    let loss = |bn: &BatchNorm1d, z: &[f32]| weighted_sum(&bn.forward_inference(z).out, &r);
    let f = bn.forward_inference(&z);
    let g = bn.backward_inference(&f, &r);
    for i in 0..z.len() {
        let n = numeric(&z, i, 1e-2, |z| loss(&bn, z));
        assert_close("BN inference dz", n, g.d_z[i] as f64, 1e-3);
    }
    for j in 0..units {
        let n = numeric(&bn.gamma, j, 1e-2, |gm| {
            let mut b = bn.clone();
            b.gamma = gm.to_vec();
            loss(&b, &z)
        });
        assert_close("BN inference dγ", n, g.d_gamma[j] as f64, 1e-3);
    }
}

/// Checks every parameter of a whole network, for one architecture, in one BN mode.
fn check_network(activation: Activation, batch_norm: bool, dataset: DatasetKind, mode: Mode) {
    check_network_full(activation, batch_norm, BnPlace::Z, dataset, mode, None);
}

/// As [`check_network`], with the output layer `output` instead of the dataset's own.
fn check_network_with(
    activation: Activation,
    batch_norm: bool,
    dataset: DatasetKind,
    mode: Mode,
    output: Option<Output>,
) {
    check_network_full(activation, batch_norm, BnPlace::Z, dataset, mode, output);
}

/// [`check_network`] with BN at `place`: on z before the activation, or on a after it.
fn check_network_at(
    activation: Activation,
    batch_norm: bool,
    place: BnPlace,
    dataset: DatasetKind,
    mode: Mode,
) {
    check_network_full(activation, batch_norm, place, dataset, mode, None);
}

/// The check itself: BN at `place`, output layer `output` (or the dataset's own).
fn check_network_full(
    activation: Activation,
    batch_norm: bool,
    place: BnPlace,
    dataset: DatasetKind,
    mode: Mode,
    output: Option<Output>,
) {
    let config = Config {
        dataset,
        hidden: vec![5, 4],
        activation,
        batch_norm,
        bn_place: place,
        init: InitScheme::Xavier,
        init_scale: 1.5,
        ..Config::default()
    };
    let spec = NetworkSpec::from_config(&config);
    let mut net = Network::new(
        NetworkSpec {
            output: output.unwrap_or(spec.output),
            ..spec
        },
        config.init,
        config.init_scale,
        &mut rng::from_seed(5),
    );
    // Give BN non-trivial γ, β and running statistics.
    let mut rng = rng::from_seed(6);
    for p in net.params_mut().iter_mut() {
        *p += (0.2 * rng.sample(BoxMuller)) as f32;
    }
    let data = Dataset::generate(dataset, 40, 0.2, 8, 3);
    let (x, y, m) = (&data.train.x, &data.train.y, data.train.len());
    let mut ws = Workspace::new();
    if batch_norm {
        // A few training-mode passes so the running averages are not the initial 0 / 1.
        let mut g = vec![0.0; net.params().len()];
        for _ in 0..3 {
            net.train_gradients(
                &mut ws,
                &data.valid.x,
                &data.valid.y,
                data.valid.len(),
                &mut g,
            )
            .unwrap();
        }
    }
    net.forward(&mut ws, x, m, mode).unwrap();
    let mut grads = vec![0.0; net.params().len()];
    net.backward(&mut ws, x, y, mode, &mut grads);
    let h = if activation == Activation::Relu {
        2e-3
    } else {
        1e-2
    };
    let params = net.params().to_vec();
    let hidden = config.hidden.len();
    // The loss at parameters p, and which hidden units are active (a > 0) for each example.
    let probe = |p: &[f32]| -> (f64, Vec<bool>) {
        let mut probe = net.clone();
        probe.params_mut().copy_from_slice(p);
        let mut ws = Workspace::new();
        let loss = probe.loss(&mut ws, x, y, m, mode).unwrap();
        let active = (0..hidden)
            .flat_map(|l| {
                // g's outputs: a, or h = g(z) when BN comes after g.
                let g_out = match place {
                    BnPlace::Z => ws.activations(l),
                    BnPlace::A => ws.bn_input(l),
                };
                g_out.iter().map(|&a| a > 0.0).collect::<Vec<_>>()
            })
            .collect();
        (loss, active)
    };
    let active_here = probe(&params).1;
    let label = format!("{activation:?} bn={batch_norm} {place:?} {dataset:?} {mode:?} {output:?}");
    for (i, &g) in grads.iter().enumerate() {
        // ReLU has a kink at 0: when a step of ±h moves some unit's input across 0, the central
        // difference straddles the kink and estimates no derivative at all. Such a step is
        // retried with h/4 (down to h/64) until every unit keeps its side; every parameter is
        // still checked, against the same tolerance. (tanh is smooth: h as it is.)
        let mut step = h;
        let n = loop {
            let mut crossed = false;
            let n = numeric(&params, i, step, |p| {
                let (loss, active) = probe(p);
                crossed |= active != active_here;
                loss
            });
            if activation != Activation::Relu || !crossed || step <= h / 64.0 {
                break n;
            }
            step /= 4.0;
        };
        assert_close(
            &format!("{label} param {i} (h {step:e})"),
            n,
            g as f64,
            5e-3,
        );
    }
}

#[test]
fn whole_network_gradients_tanh_with_and_without_bn() {
    for bn in [false, true] {
        check_network(Activation::Tanh, bn, DatasetKind::Circle, Mode::Train);
    }
    check_network(Activation::Tanh, true, DatasetKind::Circle, Mode::Inference);
}

#[test]
fn whole_network_gradients_relu_and_softmax() {
    check_network(Activation::Relu, true, DatasetKind::Xor, Mode::Train);
    check_network(Activation::Relu, false, DatasetKind::Xor, Mode::Train);
    check_network(Activation::Tanh, true, DatasetKind::Spiral3, Mode::Train);
    check_network(
        Activation::Tanh,
        false,
        DatasetKind::Blobs3,
        Mode::Inference,
    );
}

/// A 2-unit softmax on two-class data (the softmax view's C = 2 network): two logits, one-hot
/// targets, dz = ŷ − y on both units.
#[test]
fn whole_network_gradients_two_unit_softmax_on_two_classes() {
    let softmax = Some(Output::Softmax);
    check_network_with(
        Activation::Tanh,
        false,
        DatasetKind::Moons,
        Mode::Train,
        softmax,
    );
    check_network_with(
        Activation::Relu,
        true,
        DatasetKind::Circle,
        Mode::Train,
        softmax,
    );
    check_network_with(
        Activation::Tanh,
        true,
        DatasetKind::Xor,
        Mode::Inference,
        softmax,
    );
}

#[test]
fn whole_network_gradients_with_bn_after_the_activation() {
    // BN on a = g(z) instead of z: the layer keeps its bias b and adds γ, β.
    for mode in [Mode::Train, Mode::Inference] {
        check_network_at(
            Activation::Tanh,
            true,
            BnPlace::A,
            DatasetKind::Circle,
            mode,
        );
    }
    check_network_at(
        Activation::Relu,
        true,
        BnPlace::A,
        DatasetKind::Xor,
        Mode::Train,
    );
    check_network_at(
        Activation::Tanh,
        true,
        BnPlace::A,
        DatasetKind::Spiral3,
        Mode::Train,
    );
}
