//! The batch-norm lab: the numbers it shows (μ, σ², z_norm, z̃, running averages) are the
//! engine's and agree with an independent f64 computation; training-mode and inference-mode
//! outputs differ exactly as PyTorch's `BatchNorm1d` says; the default settings show the plain
//! network diverging where the BN one learns; a batch of one is refused.
//!
//! In the browser (`wasm-pack test --headless --chrome`, module `browser` below): the page's
//! handles `Lab` and `SensitivityMaps`, each driven and its typed result checked.

#[cfg(not(target_arch = "wasm32"))]
mod native {

    use tunelab::config::{Activation, Config};
    use tunelab::nn::{Mode, Network, Workspace};
    use tunelab::render::axis::format_value;
    use tunelab::render::bnlab as draw;
    use tunelab::search::{CellStatus, HyperParam, Landscape, Scale};
    use tunelab::train::{Split, Status};
    use tunelab::views::bnlab::{self, Lab, LabSettings, Net};
    use tunelab::views::race::RaceSettings;

    /// An independent forward pass in f64 over `m` examples `x`: per hidden layer, (z, z_norm, z̃)
    /// as m × units buffers; BN with the batch's statistics (biased σ²) in training mode, with the
    /// running ones in inference mode. Returns those and the output probabilities.
    #[allow(clippy::type_complexity)]
    fn reference_forward(
        net: &Network,
        x: &[f32],
        m: usize,
        mode: Mode,
    ) -> (Vec<(Vec<f64>, Vec<f64>, Vec<f64>)>, Vec<f64>) {
        let p: Vec<f64> = net.params().iter().map(|&v| v as f64).collect();
        let spec = net.spec();
        let eps = spec.bn.eps as f64;
        let hidden = spec.hidden.len();
        let mut a: Vec<f64> = x[..2 * m].iter().map(|&v| v as f64).collect();
        let mut layers = Vec::new();
        for (li, l) in net.layers().iter().enumerate() {
            let (fan_in, units) = (l.fan_in, l.units);
            let w = &p[l.w.clone()];
            let mut z = vec![0.0; m * units];
            for i in 0..m {
                for j in 0..units {
                    let mut s = l.b.clone().map_or(0.0, |b| p[b][j]);
                    for k in 0..fan_in {
                        s += a[i * fan_in + k] * w[k * units + j];
                    }
                    z[i * units + j] = s;
                }
            }
            if li == hidden {
                // Sigmoid output (two classes).
                return (
                    layers,
                    z.iter().map(|&v| 1.0 / (1.0 + (-v).exp())).collect(),
                );
            }
            let (mut zn, mut zt) = (z.clone(), z.clone());
            if let Some((g, b)) = &l.bn {
                let (gamma, beta) = (&p[g.clone()], &p[b.clone()]);
                for j in 0..units {
                    let (mu, var) = match mode {
                        Mode::Train => {
                            let mu = (0..m).map(|i| z[i * units + j]).sum::<f64>() / m as f64;
                            let var = (0..m).map(|i| (z[i * units + j] - mu).powi(2)).sum::<f64>()
                                / m as f64;
                            (mu, var)
                        }
                        Mode::Inference => {
                            let (rm, rv) = net.running_stats(li).unwrap();
                            (rm[j] as f64, rv[j] as f64)
                        }
                    };
                    for i in 0..m {
                        let n = (z[i * units + j] - mu) / (var + eps).sqrt();
                        zn[i * units + j] = n;
                        zt[i * units + j] = gamma[j] * n + beta[j];
                    }
                }
            }
            a = zt
                .iter()
                .map(|&v| match spec.activation {
                    Activation::Tanh => v.tanh(),
                    Activation::Relu => v.max(0.0),
                })
                .collect();
            layers.push((z, zn, zt));
        }
        unreachable!("the output layer returns")
    }

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * (1.0 + b.abs())
    }

    #[test]
    fn the_unit_view_is_the_engines_batch_and_matches_an_independent_computation() {
        let mut lab = Lab::from_query("layer=2&unit=5").unwrap();
        lab.step(37);
        let v = lab.unit_view();
        assert_eq!((v.layer, v.unit, v.m()), (1, 4, 16));

        // μ, σ², z_norm, z̃ from the view's own z, in f64.
        let z: Vec<f64> = v.z.iter().map(|&x| x as f64).collect();
        let mu = z.iter().sum::<f64>() / 16.0;
        let var = z.iter().map(|x| (x - mu).powi(2)).sum::<f64>() / 16.0;
        assert!(close(v.mean as f64, mu, 1e-5), "{} vs {mu}", v.mean);
        assert!(close(v.var as f64, var, 1e-5), "{} vs {var}", v.var);
        assert_eq!(v.eps, 1e-5);
        for (i, &zi) in z.iter().enumerate() {
            let n = (zi - mu) / (var + 1e-5).sqrt();
            assert!(close(v.z_norm[i] as f64, n, 1e-4), "z_norm[{i}]");
            let t = v.gamma as f64 * n + v.beta as f64;
            assert!(close(v.z_tilde[i] as f64, t, 1e-4), "z̃[{i}]");
        }

        // And z itself: the last mini-batch through the network's current weights, recomputed
        // from scratch in f64.
        let t = lab.trainer(Net::Bn);
        let (x, _, _) = t.last_batch();
        let (layers, _) = reference_forward(t.network(), x, 16, Mode::Train);
        let (rz, rzn, rzt) = &layers[1];
        for i in 0..16 {
            assert!(close(v.z[i] as f64, rz[i * 16 + 4], 1e-4), "z[{i}]");
            assert!(
                close(v.z_norm[i] as f64, rzn[i * 16 + 4], 1e-3),
                "z_norm[{i}]"
            );
            assert!(close(v.z_tilde[i] as f64, rzt[i * 16 + 4], 1e-3), "z̃[{i}]");
        }
        let net = t.network();
        assert_eq!(v.gamma, net.gamma(1).unwrap()[4]);
        assert_eq!(v.beta, net.beta(1).unwrap()[4]);
        let (rm, rv) = net.running_stats(1).unwrap();
        assert_eq!((v.running_mean, v.running_var), (rm[4], rv[4]));

        // The identity case really is the identity.
        let (g, b, err) = v.identity();
        assert!(close(g as f64, (var + 1e-5).sqrt(), 1e-5) && close(b as f64, mu, 1e-5));
        assert!(err < 1e-5 * (1.0 + z.iter().fold(0.0f64, |m, x| m.max(x.abs()))) as f32);
    }

    #[test]
    fn running_averages_are_exponentially_weighted_averages_of_the_batch_statistics() {
        // β = 0.9 (PyTorch momentum 0.1), from mean 0 and variance 1, with the unbiased
        // variance σ²·m/(m − 1) going into the running variance.
        let mut lab = Lab::from_query("unit=3").unwrap();
        lab.step(120);
        let t = lab.unit_trace(Net::Bn);
        assert_eq!(t.steps, (1..=120).collect::<Vec<u64>>());
        let m = 16.0;
        let (mut rm, mut rv) = (0.0f64, 1.0f64);
        for k in 0..120 {
            rm = 0.9 * rm + 0.1 * t.batch_mean[k] as f64;
            rv = 0.9 * rv + 0.1 * t.batch_var[k] as f64 * m / (m - 1.0);
            assert!(
                close(t.running_mean[k] as f64, rm, 1e-4),
                "step {k}: {} vs {rm}",
                t.running_mean[k]
            );
            assert!(
                close(t.running_var[k] as f64, rv, 1e-4),
                "step {k}: {} vs {rv}",
                t.running_var[k]
            );
        }
        // The view's running numbers are the network's current ones, the last traced values.
        let v = lab.unit_view();
        assert_eq!(v.running_mean, *t.running_mean.last().unwrap());
        assert_eq!(v.running_var, *t.running_var.last().unwrap());
        // The trace's batch statistics are those of the engine's own forward pass at each step.
        let last = lab.trainer(Net::Bn).last_batch().2.stats(0);
        assert!(close(
            *t.batch_mean.last().unwrap() as f64,
            last.mean[2] as f64,
            1e-5
        ));
        assert!(close(
            *t.batch_var.last().unwrap() as f64,
            last.var[2] as f64,
            1e-5
        ));
    }

    #[test]
    fn training_and_inference_outputs_differ_as_pytorch_batchnorm1d_says() {
        let mut lab = Lab::from_query("").unwrap();
        lab.step(25);
        let t = lab.trainer(Net::Bn);
        let net = t.network().clone();
        let valid = t.dataset().valid.clone();
        let m = valid.len();
        let mut ws = Workspace::new();

        // Training mode: each unit normalized with the batch's own μ and biased σ².
        net.forward(&mut ws, &valid.x, m, Mode::Train).unwrap();
        let train_out: Vec<f64> = ws.outputs().iter().map(|&v| v as f64).collect();
        let (_, want) = reference_forward(&net, &valid.x, m, Mode::Train);
        for i in 0..m {
            assert!(close(train_out[i], want[i], 1e-4), "train-mode output {i}");
        }
        // Inference mode: the running mean and (unbiased) running variance instead.
        net.forward(&mut ws, &valid.x, m, Mode::Inference).unwrap();
        let infer_out: Vec<f64> = ws.outputs().iter().map(|&v| v as f64).collect();
        let (_, want) = reference_forward(&net, &valid.x, m, Mode::Inference);
        for i in 0..m {
            assert!(close(infer_out[i], want[i], 1e-4), "inference output {i}");
        }
        // After 25 steps the running averages have not caught up: the modes disagree.
        let gap = train_out
            .iter()
            .zip(&infer_out)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(gap > 1e-2, "largest difference {gap}");

        // Inference treats each example on its own: one example alone gives the same output as
        // inside the batch. Training mode does not: the batch's statistics change with the batch,
        // so the first four examples as a batch of their own get other outputs. (Compared over all
        // four: one example the network is sure of sits where the sigmoid is flat, p ≈ 0.9995, and
        // moves by less than 1e-4 there.)
        let one = &valid.x[..2];
        net.forward(&mut ws, one, 1, Mode::Inference).unwrap();
        assert!(close(ws.outputs()[0] as f64, infer_out[0], 1e-6));
        net.forward(&mut ws, &valid.x[..8], 4, Mode::Train).unwrap();
        let moved = ws.outputs()[..4]
            .iter()
            .zip(&train_out)
            .map(|(&a, b)| (a as f64 - b).abs())
            .fold(0.0, f64::max);
        assert!(moved > 1e-2, "largest change {moved}");

        // Evaluating does not move the running averages (a view must not change the model).
        let before = net.running_stats(0).unwrap().0.to_vec();
        let metrics = lab.mode_metrics();
        assert_eq!(
            lab.trainer(Net::Bn).network().running_stats(0).unwrap().0,
            &before[..]
        );
        // The lab's two validation numbers are those two modes.
        let mut t = lab.trainer(Net::Bn).clone();
        assert_eq!(metrics[0], t.evaluate(Split::Valid, Mode::Train));
        assert_eq!(metrics[1], t.evaluate(Split::Valid, Mode::Inference));
    }

    #[test]
    fn the_default_settings_show_the_plain_network_diverging_while_bn_learns() {
        // 2-16-16-1 tanh on circle, batch 16, SGD α = 3, init scale 1: over several seeds the
        // plain network blows up within a few hundred steps and the BN one, at the end of the
        // lab's run, classifies ≥ 95% of the validation set. SGD at α = 3 is noisy, so the BN
        // accuracy is read at the end of the run rather than early: over seeds 1–20, after 600
        // steps 3 (first generator) and 5 (rand's draws) were still below 95%, while after
        // 2,000 and 3,000 steps all 20 were at 96% or more with either.
        for seed in 1..=4 {
            let q = format!("dataSeed={seed}&initSeed={seed}&batchSeed={seed}");
            let mut lab = Lab::from_query(&q).unwrap();
            lab.step(300);
            assert!(
                matches!(lab.trainer(Net::Plain).status(), Status::Diverged { .. }),
                "seed {seed}: plain {:?}",
                lab.trainer(Net::Plain).status()
            );
            // The BN run on to the end of a lab run (MAX_STEPS): its trainer alone and untraced,
            // which changes nothing in its numbers and is much faster than stepping all four.
            let mut bn = lab.trainer(Net::Bn).clone();
            bn.set_trace_every(0);
            bn.step((bnlab::MAX_STEPS - bn.steps()) as usize);
            assert_eq!(
                bn.steps(),
                bnlab::MAX_STEPS,
                "seed {seed}: BN {:?}",
                bn.status()
            );
            let acc = bn.evaluate(Split::Valid, Mode::Inference).accuracy;
            assert!(acc >= 0.95, "seed {seed}: BN validation accuracy {acc}");
        }
        // At α = 1 both learn: the difference is the tolerance to a large α.
        let mut lab = Lab::from_query("lr=1").unwrap();
        lab.step(600);
        assert!(!lab.diverged(Net::Plain) && !lab.diverged(Net::Bn));
    }

    #[test]
    fn the_sensitivity_map_has_a_wider_good_region_with_bn() {
        // A coarse 6 × 6 version of the page's map (α 0.01..10 × init scale 0.1..10, log axes),
        // 400 steps per run instead of 600.
        let config = bnlab::lab_config("").unwrap();
        let mut good = [0; 2];
        let mut diverged = [0; 2];
        for (k, bn) in [false, true].into_iter().enumerate() {
            let race = bnlab::sensitivity_race(&config, bn).unwrap();
            let space = race.space();
            let objective = RaceSettings {
                steps: 400,
                ..race.clone()
            }
            .objective();
            let mut map = Landscape::new(&space, 6).unwrap();
            map.fill_next(&objective, 36);
            assert!(map.progress().is_done());
            good[k] = bnlab::good_cells(map.values(), map.status());
            diverged[k] = bnlab::diverged_cells(map.status());
            assert_eq!(
                diverged[k],
                map.status()
                    .iter()
                    .filter(|&&s| s != CellStatus::Scored)
                    .count()
            );
        }
        assert!(
            good[1] >= good[0] + 8,
            "good cells: plain {}, BN {}",
            good[0],
            good[1]
        );
        assert!(
            diverged[0] > diverged[1],
            "diverged: plain {}, BN {}",
            diverged[0],
            diverged[1]
        );
    }

    #[test]
    fn small_batches_give_noisier_batch_statistics() {
        let mut lab = Lab::from_query("smallBatch=4&largeBatch=64").unwrap();
        lab.step(300);
        let small = lab.unit_trace(Net::Small).batch_noise(200);
        let large = lab.unit_trace(Net::Large).batch_noise(200);
        assert!(small > 2.0 * large, "small {small}, large {large}");
    }

    #[test]
    fn a_batch_of_one_is_refused_with_the_batch_norm_message() {
        for (q, key) in [
            ("batch=1", "batch"),
            ("batch=1&bn=0", "batch"),
            ("smallBatch=1", "smallBatch"),
            ("largeBatch=1", "largeBatch"),
        ] {
            let e = Lab::from_query(q).unwrap_err();
            assert_eq!(e.message_id(), "error.bn-batch-of-one", "{q}");
            assert_eq!(e.key(), Some(key), "{q}");
            assert!(
                e.to_string().contains("Batch size 1 with batch norm"),
                "{e}"
            );
        }
        assert!(Lab::from_query("batch=2").is_ok());
    }

    #[test]
    fn lab_settings_come_from_the_url_and_go_back_to_it() {
        let lab = Lab::from_query("lr=0.5&layer=2&unit=7&bnMode=batch").unwrap();
        assert_eq!(lab.config().learning_rate, 0.5);
        assert_eq!(lab.config().hidden, vec![16, 16]);
        assert!(lab.config().batch_norm);
        let s = lab.settings();
        assert_eq!((s.layer, s.unit, s.running), (1, 6, false));
        let again = Lab::from_query(&lab.query()).unwrap();
        assert_eq!(again.config(), lab.config());
        assert_eq!(again.settings(), lab.settings());
        let e = Lab::from_query("unit=20").unwrap_err().to_string();
        assert!(e.contains("units 1 to 16"), "{e}");
        let e = Lab::from_query("points=20").unwrap_err();
        assert_eq!(e.key(), Some("points"), "{e}");
    }

    #[test]
    fn a_link_holds_the_labs_picture_and_replays_to_its_step() {
        let q = "layer=2&unit=3&stage=3&part=3&maps=1&bnMode=batch&at=250";
        let mut lab = Lab::from_query(q).unwrap();
        let s = lab.settings();
        assert_eq!((s.stage, s.part, s.maps, s.running), (3, 2, true, false));
        assert_eq!(lab.replay_to(), 250);
        // Replaying in the page's time slices (uneven chunks) = replaying in one go.
        let mut sliced = Lab::from_query(q).unwrap();
        lab.step(250);
        for chunk in [1, 7, 64, 100, 78] {
            sliced.step(chunk);
        }
        assert_eq!(sliced.steps(), 250);
        assert_eq!(sliced.readout(4), lab.readout(4));
        assert_eq!(sliced.tables(), lab.tables());
        // The lab's query names the step reached; opening it replays to the same picture.
        let link = lab.query();
        assert!(
            link.contains("at=250") && link.contains("stage=3"),
            "{link}"
        );
        assert!(link.contains("part=3") && link.contains("maps=1"), "{link}");
        let mut opened = Lab::from_query(&link).unwrap();
        assert_eq!(opened.settings(), lab.settings());
        opened.step(opened.replay_to() as usize);
        assert_eq!(opened.readout(4), lab.readout(4));
        // The picture keys change without a new lab; their defaults leave the URL.
        lab.set_stage(0);
        lab.set_part(0);
        lab.set_maps(false);
        let link = lab.query();
        assert!(
            !link.contains("stage=") && !link.contains("part="),
            "{link}"
        );
        assert!(!link.contains("maps="), "{link}");
        lab.set_stage(99);
        assert_eq!(lab.settings().stage, bnlab::FORMULA_STAGES.len() - 1);
        // A link past the lab's last step replays to the last step; a fresh lab has no `at`.
        let far = Lab::from_query("at=99999").unwrap();
        assert_eq!(far.replay_to(), bnlab::MAX_STEPS);
        assert!(!Lab::from_query("").unwrap().query().contains("at="));
        // Bad picture keys are refused at their key, in the table's words.
        for (q, key) in [("stage=5", "stage"), ("part=0", "part"), ("maps=2", "maps")] {
            let e = Lab::from_query(q).unwrap_err();
            assert_eq!(e.key(), Some(key), "{q}: {e}");
        }
    }

    #[test]
    fn the_tables_hold_the_numbers_behind_the_view() {
        let mut lab = Lab::from_query("").unwrap();
        lab.step(120);
        let tables = lab.tables();
        let names: Vec<&str> = tables.iter().map(|t| t.name).collect();
        assert_eq!(names, ["batch", "statistics", "curves"]);
        for t in &tables {
            assert!(
                t.rows.iter().all(|r| r.len() == t.columns.len()),
                "{}",
                t.name
            );
        }
        let num = |c: &bnlab::Cell| match c {
            bnlab::Cell::Num(v) => Some(*v),
            _ => None,
        };
        // The mini-batch: one row per example, the unit view's own numbers.
        let v = lab.unit_view();
        let batch = &tables[0];
        assert_eq!(batch.rows.len(), 16);
        for (i, row) in batch.rows.iter().enumerate() {
            assert_eq!(num(&row[0]), Some(i as f64 + 1.0));
            assert_eq!(num(&row[1]), Some(v.z[i] as f64));
            assert_eq!(num(&row[3]), Some(v.z_norm[i] as f64));
            assert_eq!(num(&row[4]), Some(v.z_tilde[i] as f64));
        }
        let mean: f64 = batch.rows.iter().filter_map(|r| num(&r[3])).sum::<f64>() / 16.0;
        assert!(mean.abs() < 1e-5, "z_norm has mean 0: {mean}");
        // The statistics: one row per traced step, the trace's values.
        let t = lab.unit_trace(Net::Bn);
        let stats = &tables[1];
        assert_eq!(stats.rows.len(), t.steps.len());
        assert_eq!(num(&stats.rows.last().unwrap()[0]), Some(120.0));
        assert_eq!(
            num(&stats.rows.last().unwrap()[3]),
            Some(*t.running_mean.last().unwrap() as f64)
        );
        // The curves: every recorded step of either run; the plain run diverged (α = 3), so its
        // cells are empty after its last record.
        let curves = &tables[2];
        let bn = lab.trainer(Net::Bn).history();
        let plain = lab.trainer(Net::Plain).history();
        assert_eq!(curves.rows.len(), bn.len().max(plain.len()));
        assert!(plain.len() < bn.len(), "the plain run stopped early");
        let last = curves.rows.last().unwrap();
        assert_eq!(num(&last[2]), Some(bn.last().unwrap().valid.loss));
        assert_eq!(last[5], bnlab::Cell::Empty);
        // The maps: 2 × 400 cells, pending until the workers record them.
        let mut maps = bnlab::Maps::from_query("").unwrap();
        let table = maps.table();
        assert_eq!(table.rows.len(), 800);
        assert!(table
            .rows
            .iter()
            .all(|r| r[4] == bnlab::Cell::Text("pending")));
        maps.record(true, &[5], &[0.07]);
        let row = &maps.table().rows[400 + 5];
        assert_eq!((num(&row[0]), num(&row[3])), (Some(1.0), Some(0.07)));
        assert_eq!(row[4], bnlab::Cell::Text("scored"));
        let p = maps.map(true).cell_point(5);
        assert_eq!((num(&row[1]), num(&row[2])), (Some(p[0]), Some(p[1])));
    }

    #[test]
    fn the_step_through_shows_the_batchs_own_numbers() {
        let mut lab = Lab::from_query("").unwrap();
        lab.step(10);
        let v = lab.unit_view();
        let ex = v.examples(4);
        assert_eq!(ex.len(), 4);
        let rows = v.rows(&ex);
        assert!(rows.windows(2).all(|r| r[0].z <= r[1].z));
        assert_eq!(rows[0].z, v.z.iter().copied().fold(f32::INFINITY, f32::min));
        for r in &rows {
            assert_eq!(r.centred, r.z - v.mean);
            assert_eq!(
                (r.z_norm, r.z_tilde),
                (v.z_norm[r.index], v.z_tilde[r.index])
            );
        }
        assert!(draw::formula(&v, 1).ends_with(&format_value(v.mean as f64)));
        assert!(draw::formula(&v, 2).ends_with(&format_value(v.var as f64)));
        assert!(draw::formula(&v, 3).contains(&format_value(v.std() as f64)));
        assert!(draw::formula(&v, 4).contains(&format_value(v.gamma as f64)));
    }

    #[test]
    fn the_lab_stops_at_its_step_limit() {
        let mut lab = Lab::new(&bnlab::lab_config("").unwrap(), LabSettings::default()).unwrap();
        assert_eq!(
            lab.step(bnlab::MAX_STEPS as usize + 50),
            bnlab::MAX_STEPS as usize
        );
        assert!(lab.finished());
        assert_eq!(lab.step(10), 0);
    }

    #[test]
    fn the_sensitivity_map_is_the_lab_config_over_log_alpha_and_log_init_scale() {
        let config = bnlab::lab_config("dataset=moons&batch=32").unwrap();
        for bn in [false, true] {
            let race = bnlab::sensitivity_race(&config, bn).unwrap();
            assert_eq!(
                race.base,
                Config {
                    batch_norm: bn,
                    ..config.clone()
                }
            );
            assert_eq!(
                (race.map_size, race.steps),
                (bnlab::SENSITIVITY_N, bnlab::SENSITIVITY_STEPS)
            );
            let space = race.space();
            let axes = space.axes();
            assert_eq!(axes[0].param(), HyperParam::LearningRate);
            assert_eq!(axes[1].param(), HyperParam::InitScale);
            for a in axes {
                assert_eq!(a.scale(), Scale::Log);
            }
            assert_eq!((axes[0].lo(), axes[0].hi()), (0.01, 10.0));
            assert_eq!((axes[1].lo(), axes[1].hi()), (0.1, 10.0));
        }
    }

    #[test]
    fn the_readout_is_the_labs_own_numbers_and_has_none_before_they_exist() {
        let mut lab = Lab::from_query("layer=2&unit=3&stage=1").unwrap();
        // Before the first step: no batch has been drawn, so there is no jitter of μ yet, and no
        // run has diverged.
        let r = lab.readout(4);
        assert_eq!((r.steps, r.layer, r.unit), (0, 1, 2));
        assert_eq!(r.small.jitter, None);
        assert_eq!(r.large.jitter, None);
        assert_eq!((r.plain.diverged_at, r.bn.diverged_at), (None, None));
        assert!(!r.formula.contains("NaN"), "{}", r.formula);
        lab.step(300);
        let r = lab.readout(4);
        let v = lab.unit_view();
        assert_eq!(r.numbers, bnlab::UnitNumbers::of(&v));
        assert_eq!(r.numbers.identity_error, v.identity().2);
        assert_eq!(r.examples, v.rows(&v.examples(4)));
        assert_eq!(r.formula, draw::formula(&v, 1));
        assert_eq!(r.stages, bnlab::FORMULA_STAGES.len());
        assert_eq!(r.layer_units, vec![16, 16]);
        // The default α makes the plain run diverge: the step is the trainer's.
        let Status::Diverged { step } = lab.trainer(Net::Plain).status() else {
            panic!("the plain run should have diverged by step 300");
        };
        assert_eq!(r.plain.diverged_at, Some(step));
        assert!(
            r.plain.status.contains(&format!("step {step}")),
            "{}",
            r.plain.status
        );
        let h = *lab.trainer(Net::Bn).history().last().unwrap();
        assert_eq!(
            (r.bn.valid, r.bn.train, r.bn.recorded_at),
            (h.valid, h.train, h.step)
        );
        let [batch, running] = lab.mode_metrics();
        assert_eq!((r.batch_mode, r.running_mode), (batch, running));
        for b in [&r.small, &r.large] {
            let j = b.jitter.expect("a jitter once steps are done");
            assert!(j.is_finite() && j > 0.0);
        }
        assert_eq!(
            r.small.jitter,
            Some(lab.unit_trace(Net::Small).batch_noise(bnlab::NOISE_WINDOW))
        );
    }

    #[test]
    fn a_small_batch_has_a_smaller_gap_between_training_and_validation_loss() {
        // The batch-size runs train on a small noisy sample (160 points, noise 0.35) where a large
        // batch overfits: its validation loss ends well above its training loss, while the noise
        // of a batch of 4 keeps the two close (the slight regularizing effect).
        for seed in 1..=3 {
            let q = format!("dataSeed={seed}&initSeed={seed}&batchSeed={seed}");
            let config = bnlab::lab_config(&q).unwrap();
            let gap = |batch| {
                let mut t =
                    tunelab::train::Trainer::new(&bnlab::noise_config(&config, batch)).unwrap();
                t.set_record_every(0);
                t.step(bnlab::MAX_STEPS as usize);
                let train = t.evaluate(Split::Train, Mode::Inference).loss;
                t.evaluate(Split::Valid, Mode::Inference).loss - train
            };
            let (small, large) = (gap(4), gap(64));
            assert!(
                small + 0.04 < large,
                "seed {seed}: gap at batch 4 {small}, at batch 64 {large}"
            );
        }
        // The large batch may not exceed the sample's 80 training points.
        let e = Lab::from_query("largeBatch=81").unwrap_err();
        assert_eq!(e.key(), Some("largeBatch"), "{e}");
        assert!(Lab::from_query("largeBatch=80").is_ok());
    }

    #[test]
    fn bn_after_the_activation_normalizes_a_and_the_lab_shows_it() {
        let mut lab = Lab::from_query("bnPlace=a&layer=2&unit=5").unwrap();
        assert_eq!(lab.config().bn_place, tunelab::config::BnPlace::A);
        lab.step(20);
        let v = lab.unit_view();
        // What BN normalized is a = g(z) of the last batch: within tanh's range, and μ, σ² are
        // its statistics.
        assert!(v.z.iter().all(|&a| (-1.0..=1.0).contains(&a)), "{:?}", v.z);
        let m = v.m() as f64;
        let mu = v.z.iter().map(|&x| x as f64).sum::<f64>() / m;
        assert!(close(v.mean as f64, mu, 1e-5));
        let t = lab.trainer(Net::Bn);
        let mut ws = Workspace::new();
        let (x, _, _) = t.last_batch();
        t.network().forward(&mut ws, x, 16, Mode::Train).unwrap();
        let a: Vec<f32> = (0..16).map(|i| ws.bn_input(1)[i * 16 + 4]).collect();
        assert_eq!(v.z, a);
        // The layer keeps its bias, and the step-through says so.
        assert!(t.network().layers()[1].b.is_some() && t.network().layers()[1].bn.is_some());
        assert!(draw::formula(&v, 0).starts_with("a(i) = g(W[2]·a[1](i) + b[2])"));
        assert!(draw::formula(&v, 1).starts_with("μ = (1/m) Σ a(i)"));
        // The lab goes on when its BN run diverges: the other runs keep training.
        let mut whole = Lab::from_query("bnPlace=a").unwrap();
        assert_eq!(whole.step(200), 200);
        assert_eq!(whole.steps(), 200);
        assert!(whole.diverged(Net::Bn) && whole.trainer(Net::Bn).steps() < 200);
        assert_eq!(whole.trainer(Net::Small).steps(), 200);
        // What changes: at the lab's α = 3 normalizing a does not save the network (it diverges
        // like the one without BN), while at α = 1 it learns the data.
        let mut bn = lab.trainer(Net::Bn).clone();
        bn.set_trace_every(0);
        bn.step(300);
        assert!(
            matches!(bn.status(), Status::Diverged { .. }),
            "{:?}",
            bn.status()
        );
        let lab = Lab::from_query("bnPlace=a&lr=1").unwrap();
        let mut bn = lab.trainer(Net::Bn).clone();
        bn.set_trace_every(0);
        bn.step(1500);
        assert_eq!(bn.status(), Status::Running);
        assert!(bn.evaluate(Split::Valid, Mode::Inference).accuracy > 0.9);
    }

    #[test]
    fn the_maps_estimate_their_cost_and_refuse_what_cannot_finish() {
        let maps = bnlab::Maps::from_query("").unwrap();
        let cost = maps.cost();
        assert_eq!(
            cost.trainings,
            2 * bnlab::SENSITIVITY_N * bnlab::SENSITIVITY_N
        );
        assert_eq!(cost.steps, bnlab::SENSITIVITY_STEPS);
        // 2-16-16-1 with BN: 2·16 + 2·16 + 16·16 + 2·16 + 16 + 1 = 369 parameters.
        assert_eq!(cost.per_step, 3.0 * 369.0 * 16.0);
        // At 1e6 multiply-adds per ms on 2 workers the default maps take a few seconds: start.
        let e = maps.estimate(1e6, 2);
        assert_eq!(e.verdict, bnlab::Verdict::Start, "{e:?}");
        assert!((e.seconds - cost.total() / 1e9 / 2.0).abs() < 1e-9);
        assert!(e.refusal.is_none() && e.chunk >= 1);
        // 100 times slower: over a minute, ask first.
        assert_eq!(maps.estimate(2e4, 2).verdict, bnlab::Verdict::Ask);
        // A wide network at a large batch: refused, naming the knob to lower.
        let big = bnlab::Maps::from_query("hidden=64,64,64,64&batch=2000&points=5000").unwrap();
        let e = big.estimate(1e6, 2);
        assert_eq!(e.verdict, bnlab::Verdict::Refuse);
        let r = e.refusal.unwrap();
        assert_eq!(r.key(), Some("batch"), "{r}");
        assert!(r.to_string().contains("Batch size"), "{r}");
        let wide = bnlab::Maps::from_query("hidden=64,64,64,64").unwrap();
        let e = wide.estimate(1e4, 1);
        assert_eq!(
            e.refusal.map(|r| r.key().map(str::to_owned)),
            Some(Some("hidden".into()))
        );
        // A calibration run trains the real network and reports its work.
        let steps = maps.calibration_steps(cost.per_step * 10.0);
        assert_eq!(steps, 10);
        assert_eq!(maps.calibrate(steps), 10.0 * cost.per_step);
    }

    #[test]
    fn the_maps_count_what_the_workers_recorded() {
        let mut maps = bnlab::Maps::from_query("").unwrap();
        assert_eq!(maps.counts(false), bnlab::MapCounts::default());
        assert!(
            maps.titles()[0].contains("0 of 400 runs done"),
            "{:?}",
            maps.titles()
        );
        // A learned cell, a poor one, a diverged one (the raceCells encoding), and a result for a
        // cell that does not exist (ignored).
        maps.record(false, &[0, 1, 2, 9999], &[0.05, 0.6, f64::INFINITY, 0.01]);
        maps.record(true, &[0], &[0.1]);
        let c = maps.counts(false);
        assert_eq!((c.filled, c.learned, c.diverged), (3, 1, 1));
        assert_eq!(maps.counts(true).learned, 1);
        assert!(!maps.done());
        let (values, status) = maps.preview(false);
        assert_eq!((values[0], status[0]), (0.05, CellStatus::Scored));
        let all: Vec<u32> = (0..400).collect();
        maps.record(false, &all, &vec![0.1; 400]);
        maps.record(true, &all, &vec![0.3; 400]);
        assert!(maps.done());
        let t = maps.titles();
        assert_eq!(t[0], "without BN: 400 of 400 runs learned");
        assert_eq!(t[1], "with BN: 0 of 400 runs learned");
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::Reflect;
    use tunelab::web::{Lab, SensitivityMaps};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::*;
    use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

    wasm_bindgen_test_configure!(run_in_browser);

    /// Field `path` ("a.b.c") of a plain object.
    fn get(v: &JsValue, path: &str) -> JsValue {
        path.split('.').fold(v.clone(), |o, k| {
            Reflect::get(&o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
        })
    }

    fn num(v: &JsValue, path: &str) -> f64 {
        get(v, path)
            .as_f64()
            .unwrap_or_else(|| panic!("{path} is not a number: {:?}", get(v, path)))
    }

    fn canvas(w: u32, h: u32) -> HtmlCanvasElement {
        let doc = web_sys::window().unwrap().document().unwrap();
        let c: HtmlCanvasElement = doc.create_element("canvas").unwrap().dyn_into().unwrap();
        c.set_width(w);
        c.set_height(h);
        doc.body().unwrap().append_child(&c).unwrap();
        c
    }

    /// Distinct colours among the canvas's pixels (a blank canvas has 1).
    fn colours(c: &HtmlCanvasElement) -> usize {
        let ctx: CanvasRenderingContext2d =
            c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
        let data = ctx
            .get_image_data(0.0, 0.0, c.width() as f64, c.height() as f64)
            .unwrap()
            .data();
        let mut seen = std::collections::HashSet::new();
        for px in data.chunks_exact(4).step_by(7) {
            seen.insert([px[0], px[1], px[2]]);
        }
        seen.len()
    }

    #[wasm_bindgen_test]
    fn the_lab_gives_a_frames_numbers_by_name() {
        let mut lab = Lab::from_query("layer=2&unit=3&stage=1").unwrap();
        let r = lab.readout(4);
        assert_eq!(num(&r, "steps"), 0.0);
        assert_eq!((num(&r, "layer"), num(&r, "unit")), (2.0, 3.0));
        assert_eq!(get(&r, "place").as_string().as_deref(), Some("z"));
        // Before the first step there is no jitter and no divergence: null, not NaN.
        assert!(get(&r, "small.jitter").is_null() && get(&r, "plain.divergedAt").is_null());
        assert_eq!(num(&r, "numbers.m"), 16.0);
        assert_eq!(num(&r, "stages"), 5.0);
        let units: js_sys::Array = get(&r, "layerUnits").dyn_into().unwrap();
        assert_eq!(units.length(), 2);
        assert_eq!(lab.step(300), 300);
        let r = lab.readout(4);
        assert_eq!(num(&r, "steps"), 300.0);
        // The default α: the plain run diverged, the BN one did not.
        assert_eq!(get(&r, "plain.diverged").as_bool(), Some(true));
        assert!(num(&r, "plain.divergedAt") > 0.0);
        assert_eq!(get(&r, "bn.diverged").as_bool(), Some(false));
        assert!(num(&r, "bn.valid.accuracy") > 0.5);
        assert!(num(&r, "small.jitter") > num(&r, "large.jitter"));
        let (v, t) = (num(&r, "small.valid.loss"), num(&r, "small.train.loss"));
        assert!((num(&r, "small.lossGap") - (v - t)).abs() < 1e-12);
        // The formula ends with the batch mean it shows.
        let formula = get(&r, "formula").as_string().unwrap();
        assert!(formula.starts_with("μ = (1/m) Σ z(i)"), "{formula}");
        let examples: js_sys::Array = get(&r, "examples").dyn_into().unwrap();
        assert_eq!(examples.length(), 4);
        let first = examples.get(0);
        assert!(num(&first, "z") <= num(&examples.get(3), "z"));
        assert!(get(&first, "colour").as_string().unwrap().starts_with('#'));
        // Selecting and the mode switch.
        lab.select(1, 16).unwrap();
        assert!(lab.select(3, 1).is_err());
        lab.set_running(false);
        lab.set_stage(0);
        let r = lab.readout(2);
        assert_eq!((num(&r, "layer"), num(&r, "unit")), (1.0, 16.0));
        assert_eq!(get(&r, "running").as_bool(), Some(false));
        assert!(lab.query().contains("bnMode=batch"), "{}", lab.query());
    }

    #[wasm_bindgen_test]
    fn a_refused_lab_setting_carries_its_key() {
        for (q, key) in [
            ("points=20", "points"),
            ("batch=1", "batch"),
            ("unit=40", "unit"),
        ] {
            let err = Lab::from_query(q).err().expect("refused");
            assert_eq!(get(&err, "key").as_string().as_deref(), Some(key), "{q}");
        }
    }

    #[wasm_bindgen_test]
    fn the_lab_draws_every_panel() {
        let mut lab = Lab::from_query("bnPlace=a&lr=1").unwrap();
        lab.step(40);
        let c = canvas(480, 300);
        lab.render_histograms(&c).unwrap();
        assert!(colours(&c) > 3);
        lab.set_stage(4);
        lab.render_walkthrough(&c, 4).unwrap();
        lab.render_running(&c).unwrap();
        lab.render_gamma_beta(&c).unwrap();
        lab.render_compare_loss(&c).unwrap();
        lab.render_activations(&c).unwrap();
        lab.render_noise(&c).unwrap();
        assert!(colours(&c) > 3);
        let f = canvas(96, 96);
        lab.render_mode_field(&f, 24).unwrap();
        lab.render_compare_field(&f, false, 24).unwrap();
        assert!(colours(&f) > 3);
        assert_eq!(
            get(&lab.readout(4), "place").as_string().as_deref(),
            Some("a")
        );
    }

    #[wasm_bindgen_test]
    fn the_lab_keeps_its_picture_and_exports_its_numbers() {
        let mut lab = Lab::from_query("stage=2&part=3&maps=1&at=40").unwrap();
        let r = lab.readout(4);
        assert_eq!((num(&r, "stage"), num(&r, "part")), (2.0, 3.0));
        assert_eq!(get(&r, "maps").as_bool(), Some(true));
        assert_eq!(num(&r, "replayTo"), 40.0);
        assert_eq!(lab.step(40), 40);
        lab.set_stage(4);
        lab.set_part(0);
        lab.set_maps(false);
        let r = lab.readout(4);
        assert_eq!((num(&r, "stage"), num(&r, "part")), (4.0, 1.0));
        assert_eq!(get(&r, "maps").as_bool(), Some(false));
        let q = lab.query();
        assert!(q.contains("stage=4") && q.contains("at=40"), "{q}");
        assert!(!q.contains("part=") && !q.contains("maps="), "{q}");
        // The tables: names, one cell per column, the mini-batch's 16 examples.
        let tables = lab.tables();
        let names: Vec<String> = tables
            .iter()
            .map(|t| get(&t, "name").as_string().unwrap())
            .collect();
        assert_eq!(names, ["batch", "statistics", "curves"]);
        for t in tables.iter() {
            let columns: js_sys::Array = get(&t, "columns").dyn_into().unwrap();
            let rows: js_sys::Array = get(&t, "rows").dyn_into().unwrap();
            assert!(rows.length() > 0);
            for row in rows.iter() {
                let row: js_sys::Array = row.dyn_into().unwrap();
                assert_eq!(row.length(), columns.length());
            }
        }
        let batch: js_sys::Array = get(&tables.get(0), "rows").dyn_into().unwrap();
        assert_eq!(batch.length(), 16);
        let maps = SensitivityMaps::from_query("").unwrap();
        let t = maps.table();
        assert_eq!(get(&t, "name").as_string().as_deref(), Some("maps"));
        let rows: js_sys::Array = get(&t, "rows").dyn_into().unwrap();
        assert_eq!(rows.length(), 800);
        let first: js_sys::Array = rows.get(0).dyn_into().unwrap();
        assert!(first.get(3).is_null(), "a pending cell has no loss");
        assert_eq!(first.get(4).as_string().as_deref(), Some("pending"));
    }

    #[wasm_bindgen_test]
    fn the_sensitivity_maps_estimate_record_and_summarize() {
        let mut maps = SensitivityMaps::from_query("").unwrap();
        assert!(maps.query(true).contains("objective=real"));
        assert_eq!(maps.order().len(), 400);
        let steps = maps.calibration_steps(1e6);
        assert!(steps >= 1);
        assert!(maps.calibrate(steps) > 0.0);
        let e = maps.estimate(1e6, 2);
        assert_eq!(get(&e, "verdict").as_string().as_deref(), Some("start"));
        assert!(get(&e, "refusal").is_null());
        assert_eq!((num(&e, "trainings"), num(&e, "steps")), (800.0, 600.0));
        let slow = maps.estimate(10.0, 2);
        assert_eq!(get(&slow, "verdict").as_string().as_deref(), Some("refuse"));
        assert_eq!(
            get(&slow, "refusal.key").as_string().as_deref(),
            Some("batch")
        );
        maps.record(false, &[0, 1], &[0.05, f64::INFINITY]);
        maps.record(true, &[0], &[0.1]);
        let s = maps.summary();
        assert_eq!((num(&s, "filled"), num(&s, "total")), (3.0, 800.0));
        assert_eq!(num(&s, "plain.learned"), 1.0);
        assert_eq!(num(&s, "plain.diverged"), 1.0);
        assert_eq!(num(&s, "bn.learned"), 1.0);
        assert_eq!(get(&s, "done").as_bool(), Some(false));
        let c = canvas(720, 380);
        maps.render(&c, 3.0, 1.0).unwrap();
        assert!(colours(&c) > 3);
        let err = SensitivityMaps::from_query("hidden=0")
            .err()
            .expect("refused");
        assert_eq!(get(&err, "key").as_string().as_deref(), Some("hidden"));
    }
}
