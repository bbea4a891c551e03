//! The "Softmax" view: the output layer's numbers at a point (t = e^z, a = t / Σ t, the loss,
//! dz = ŷ − y), probabilities that sum to 1 over the plane, and what "C = 2 is logistic
//! regression" means once two parameterizations are trained:
//!
//! - as functions they are the same: a 2-unit softmax's P(class 1) is σ(z₁ − z₀), and a sigmoid
//!   network with the softmax's hidden layers and output weights w₁ − w₀ predicts the same, to
//!   float precision;
//! - trained from matched starts on the same mini-batches, two free logits move w₁ − w₀ at
//!   twice the sigmoid's rate: the softmax equals the sigmoid whose last layer learns at 2α (to
//!   float precision, at every step, for SGD, momentum and Adam), and *not* the sigmoid at α.
//!
//! The browser half (the `Softmax` handle) is at the end.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use tunelab::config::{DatasetKind, OptimizerKind};
    use tunelab::nn::{Mode, Output, Workspace};
    use tunelab::views::softmax::*;
    use tunelab::views::{read, View};

    fn trained(query: &str, steps: usize) -> Softmax {
        let mut v = Softmax::from_query(query).unwrap();
        assert_eq!(v.step(steps, false), steps);
        v
    }

    /// A grid over the plane, (x₀, x₁) per point.
    fn grid() -> Vec<f32> {
        (0..30 * 30)
            .flat_map(|i| [(i % 30) as f32 / 10.0 - 1.5, (i / 30) as f32 / 10.0 - 1.5])
            .collect()
    }

    #[test]
    fn a_two_unit_softmax_is_a_sigmoid_of_its_logit_difference() {
        let mut pair = TwoClass::new(&network_config(DatasetKind::Moons, 4)).unwrap();
        pair.step(700);
        let soft = pair.network(Twin::Softmax).clone();
        assert_eq!(soft.spec().output, Output::Softmax);
        assert_eq!(soft.spec().outputs(), 2);
        // The sigmoid network with the softmax's hidden layers and w = w₁ − w₀, b = b₁ − b₀.
        let mut sig = pair.network(Twin::Sigmoid).clone();
        let (s_last, m_last) = (
            sig.layers().last().unwrap().clone(),
            soft.layers().last().unwrap().clone(),
        );
        assert_eq!(
            s_last.w.start, m_last.w.start,
            "same hidden layers, same layout"
        );
        let m = soft.params();
        let p = sig.params_mut();
        p[..s_last.w.start].copy_from_slice(&m[..m_last.w.start]);
        for k in 0..s_last.fan_in {
            p[s_last.w.start + k] = m[m_last.w.start + 2 * k + 1] - m[m_last.w.start + 2 * k];
        }
        let (sb, mb) = (s_last.b.unwrap(), m_last.b.unwrap());
        p[sb.start] = m[mb.start + 1] - m[mb.start];
        let x = grid();
        let (mut ws_s, mut ws_m) = (Workspace::new(), Workspace::new());
        sig.forward(&mut ws_s, &x, x.len() / 2, Mode::Inference)
            .unwrap();
        soft.forward(&mut ws_m, &x, x.len() / 2, Mode::Inference)
            .unwrap();
        let z = ws_m.z(soft.spec().hidden.len());
        let mut spread = 0.0f32;
        for i in 0..x.len() / 2 {
            let p1 = ws_m.outputs()[2 * i + 1];
            let by_formula = 1.0 / (1.0 + (-(z[2 * i + 1] as f64 - z[2 * i] as f64)).exp());
            assert!(
                (p1 as f64 - by_formula).abs() < 2e-7,
                "{p1} vs {by_formula}"
            );
            assert!((ws_s.outputs()[i] - p1).abs() < 2e-6, "point {i}");
            spread = spread.max((p1 - 0.5).abs());
        }
        assert!(
            spread > 0.45,
            "the trained networks are confident somewhere"
        );
    }

    /// Largest gap over a run, with the networks compared from matched starts.
    fn run(dataset: DatasetKind, optimizer: OptimizerKind, lr: f64) -> (TwoClass, f64) {
        let mut config = network_config(dataset, 1);
        config.optimizer = optimizer;
        config.learning_rate = lr;
        let mut pair = TwoClass::new(&config).unwrap();
        let start = pair.latest();
        assert!(start.sigmoid < 2e-7 && start.fast_last < 2e-7, "{start:?}");
        pair.step(1000);
        let worst = pair.gaps().iter().map(|g| g.fast_last).fold(0.0, f64::max);
        (pair, worst)
    }

    #[test]
    fn from_matched_starts_the_softmax_is_the_sigmoid_with_its_last_layer_at_twice_alpha() {
        for dataset in [
            DatasetKind::Moons,
            DatasetKind::Gaussians,
            DatasetKind::Circle,
            DatasetKind::Xor,
        ] {
            for (optimizer, lr, tol) in [
                (OptimizerKind::Sgd, 0.1, 2e-5),
                (OptimizerKind::Momentum, 0.1, 2e-5),
                (OptimizerKind::Adam, 0.01, 1e-3),
            ] {
                let (pair, worst) = run(dataset, optimizer, lr);
                let end = pair.latest();
                assert_eq!(end.step, 1000);
                assert!(worst < tol, "{dataset:?} {optimizer:?}: {worst:e}");
                // The same model at α is not the same: it is the doubling that matches.
                assert!(
                    end.sigmoid > 1e-2 && end.sigmoid > 100.0 * worst,
                    "{dataset:?} {optimizer:?}: sigmoid at α {:e}",
                    end.sigmoid
                );
                assert!(end.identity < 2e-7, "{:e}", end.identity);
            }
        }
    }

    /// With plain gradient descent the two logits' gradients are opposite, so w₀ + w₁ stays
    /// where it started (0): only the difference learns.
    #[test]
    fn only_the_difference_of_the_logits_learns() {
        let (pair, _) = run(DatasetKind::Moons, OptimizerKind::Sgd, 0.1);
        let soft = pair.network(Twin::Softmax);
        let last = soft.layers().last().unwrap().clone();
        let p = soft.params();
        let mut moved = 0.0f32;
        for k in 0..last.fan_in {
            let (w0, w1) = (p[last.w.start + 2 * k], p[last.w.start + 2 * k + 1]);
            assert!((w0 + w1).abs() < 1e-5, "unit {k}: {w0} + {w1}");
            moved = moved.max(w1.abs());
        }
        let b = last.b.unwrap();
        assert!((p[b.start] + p[b.start + 1]).abs() < 1e-5);
        assert!(moved > 0.1, "the weights did learn");
    }

    #[test]
    fn the_default_view_proves_its_point() {
        let mut v = trained("", TARGET_STEPS as usize);
        assert_eq!(v.step(10, false), 0, "the view pauses at its target");
        let s = v.snapshot();
        assert_eq!(s.steps, TARGET_STEPS);
        assert!(s.valid.accuracy > 0.85, "{:?}", s.valid);
        // The chosen point sits where the blobs meet: its probabilities are not all 0 or 1.
        let r = &s.point;
        assert_eq!(r.z.len(), 3);
        assert!(r.a.iter().all(|&a| a > 0.01 && a < 0.95), "{:?}", r.a);
        assert!((r.a.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        assert!((r.t.iter().sum::<f64>() * r.a[0] - r.t[0]).abs() < 1e-9);
        for k in 0..3 {
            assert_eq!(r.y[k], f64::from(k == r.label));
            assert!((r.dz[k] - (r.a[k] - r.y[k])).abs() < 1e-15);
            assert!((r.network[k] - r.a[k]).abs() < 1e-6, "{:?}", r.network);
        }
        assert!((r.loss + r.a[r.label].ln()).abs() < 1e-9);
        assert!(r.dz_check() < 1e-8, "{}", r.dz_check());
        // C = 2: equal to float precision, and visibly not equal at the same α.
        assert!(s.gaps.fast_last < 1e-5, "{:?}", s.gaps);
        assert!(s.gaps.sigmoid > 0.05, "{:?}", s.gaps);
        assert!(s.accuracy.iter().all(|&a| a > 0.95), "{:?}", s.accuracy);
        assert!(v.step(10, true) == 10 && v.steps() == TARGET_STEPS + 10);
    }

    #[test]
    fn probabilities_sum_to_one_everywhere_on_the_plane() {
        for query in ["", "softmaxData=spiral3&softmaxSeed=5"] {
            let mut v = trained(query, 300);
            let field = v.trainer_mut().decision_field(24, Mode::Inference);
            assert_eq!(field.classes, 3);
            assert_eq!(field.values.len(), 24 * 24 * 3);
            for cell in field.values.chunks_exact(3) {
                let sum: f32 = cell.iter().sum();
                assert!((sum - 1.0).abs() < 1e-6 && cell.iter().all(|&p| p >= 0.0));
            }
            for i in (0..v.points()).step_by(37) {
                v.select(i);
                let r = v.reading();
                assert!((r.a.iter().sum::<f64>() - 1.0).abs() < 1e-12);
                assert!((r.network.iter().sum::<f64>() - 1.0).abs() < 1e-6);
            }
        }
    }

    #[test]
    fn points_are_chosen_by_index_or_by_position() {
        let mut v = Softmax::from_query("").unwrap();
        assert_eq!(v.points(), POINTS);
        // The default point is the one nearest the middle of the plane.
        let (mid, _, _) = v.point(v.selected());
        let r2 = |p: [f32; 2]| p[0] * p[0] + p[1] * p[1];
        assert!((0..v.points()).all(|i| r2(v.point(i).0) >= r2(mid)));
        assert_eq!(v.to_query(), "");
        // The picture's centre is the plane's middle; its top-left corner is (−1.5, 1.5).
        assert_eq!(v.select_at(0.5, 0.5), v.nearest(0.0, 0.0));
        let corner = v.select_at(0.0, 0.0);
        assert_eq!(corner, v.nearest(-1.5, 1.5));
        assert_eq!(v.to_query(), format!("point={}", corner + 1));
        assert_eq!(v.select(9999), POINTS - 1);
        let (_, _, training) = v.point(0);
        assert!(training && !v.point(POINTS - 1).2);
        // The URL brings the choice back.
        let again = Softmax::from_query(&v.to_query()).unwrap();
        assert_eq!(again.selected(), POINTS - 1);
    }

    #[test]
    fn runs_are_reproducible_from_the_url() {
        let a = trained("softmaxSeed=7&binaryData=xor&point=12", 200).snapshot();
        let b = trained("softmaxSeed=7&binaryData=xor&point=12", 200).snapshot();
        assert_eq!(a, b);
        assert_eq!(a.point.index, 11);
        let c = trained("softmaxSeed=8&binaryData=xor&point=12", 200).snapshot();
        assert_ne!(a.point.z, c.point.z);
        let s = SoftmaxSettings::from_query("softmaxData=spiral3&binaryData=circle&softmaxSeed=3")
            .unwrap();
        assert_eq!(SoftmaxSettings::from_query(&s.to_query()).unwrap(), s);
    }

    #[test]
    fn a_link_replays_to_its_update_and_shows_the_same_picture() {
        // Live: the page's frames of 10 updates, paused at 700 on point 5.
        let mut live = Softmax::from_query("softmaxSeed=3&point=5").unwrap();
        for _ in 0..70 {
            assert_eq!(live.step(10, false), 10);
        }
        assert_eq!(live.keep_step(), 700);
        let link = live.to_query();
        assert_eq!(link, "softmaxSeed=3&point=5&at=700");
        // Opened: replayed in chunks of any size to exactly 700, then it stops.
        let mut opened = Softmax::from_query(&link).unwrap();
        assert_eq!(opened.at(), 700);
        let mut done = 0;
        loop {
            let n = opened.replay(333);
            if n == 0 {
                break;
            }
            done += n;
        }
        assert_eq!((done, opened.steps()), (700, 700));
        assert_eq!(opened.snapshot(), live.snapshot(), "the same numbers");
        assert_eq!(
            opened.pair().gaps(),
            live.pair().gaps(),
            "the same gap history"
        );
        let field = |v: &mut Softmax| v.trainer_mut().decision_field(48, Mode::Inference).values;
        assert_eq!(field(&mut opened), field(&mut live), "the same field");
        assert_eq!(opened.to_query(), link);
        // Past the target: replayed beyond 1,500; at the target a link needs no `at`.
        let mut far = Softmax::from_query("at=2000").unwrap();
        assert_eq!(far.replay(5000), 2000);
        assert_eq!(far.keep_step(), 2000);
        let mut target = trained("", TARGET_STEPS as usize);
        assert_eq!((target.keep_step(), target.to_query()), (0, String::new()));
        // Without `at` there is nothing to replay: the page trains live.
        assert_eq!(Softmax::from_query("").unwrap().replay(10), 0);
    }

    #[test]
    fn a_link_may_ask_for_up_to_the_most_updates() {
        let v = Softmax::from_query(&format!("at={MAX_STEPS}")).unwrap();
        assert_eq!(v.at(), MAX_STEPS);
        let e = Softmax::from_query(&format!("at={}", MAX_STEPS + 1)).unwrap_err();
        assert_eq!(e.key(), Some("at"));
    }

    #[test]
    fn bad_settings_are_refused_at_their_key() {
        for (query, key) in [
            ("point=0", "point"),
            ("point=301", "point"),
            ("point=abc", "point"),
            ("point=2.5", "point"),
            ("softmaxData=circle", "softmaxData"),
            ("binaryData=blobs3", "binaryData"),
            ("softmaxSeed=abc", "softmaxSeed"),
            ("softmaxSeed=", "softmaxSeed"),
            ("softmaxSeed=1&softmaxSeed=2", "softmaxSeed"),
            ("at=abc", "at"),
            ("at=-1", "at"),
            ("at=100001", "at"),
        ] {
            let e = Softmax::from_query(query).unwrap_err();
            assert_eq!(e.key(), Some(key), "{query}: {e}");
            let r = read(View::Softmax, query);
            assert_eq!(r.errors[0].key(), Some(key), "{query}");
        }
        // The training keys of other views are theirs: the softmax view neither reads nor
        // refuses them, and no view calls them unknown.
        let r = read(View::Softmax, "lr=abc&dataset=circle");
        assert!(r.is_valid() && r.unknown.is_empty(), "{r:?}");
        assert!(Softmax::from_query("lr=abc&dataset=circle").is_ok());
    }
}

#[cfg(target_arch = "wasm32")]
mod support;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::support::{canvas, get, inked, items, num};
    use tunelab::web::Softmax;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_snapshot_has_named_fields_and_probabilities_that_sum_to_one() {
        let mut s = Softmax::from_query("").unwrap();
        assert_eq!(s.points(), 300);
        assert_eq!(s.step(2000, false) as f64, s.target());
        let snap = s.snapshot();
        assert_eq!(num(&snap, "steps"), s.target());
        assert!(num(&get(&snap, "valid"), "accuracy") > 0.85);
        let point = get(&snap, "point");
        let classes = items(&point, "classes");
        assert_eq!(classes.len(), 3);
        let sum: f64 = classes.iter().map(|c| num(c, "a")).sum();
        assert!((sum - 1.0).abs() < 1e-12 && (num(&point, "sumA") - 1.0).abs() < 1e-12);
        for c in &classes {
            assert!((num(c, "dz") - (num(c, "a") - num(c, "y"))).abs() < 1e-15);
            assert!((num(c, "t") - num(c, "z").exp()).abs() < 1e-9 * num(c, "t"));
        }
        assert!(num(&point, "dzCheck") < 1e-8);
        let gaps = get(&snap, "gaps");
        assert!(num(&gaps, "fastLast") < 1e-5 && num(&gaps, "sigmoid") > 0.05);
        assert_eq!(num(&snap, "grid"), 32.0);
        assert!(num(&get(&snap, "accuracy"), "sigmoidFastLast") > 0.95);
    }

    #[wasm_bindgen_test]
    fn points_are_picked_and_kept_in_the_query() {
        let mut s = Softmax::from_query("softmaxSeed=3").unwrap();
        let i = s.select_at(0.0, 1.0);
        assert_eq!(s.query(), format!("softmaxSeed=3&point={i}"));
        assert_eq!(s.select(5), 5);
        let point = get(&s.snapshot(), "point");
        assert_eq!(num(&point, "index"), 5.0);
        assert!(get(&point, "training").as_bool().unwrap());
        assert_eq!(s.select(0), 1, "indices are 1-based");
    }

    #[wasm_bindgen_test]
    fn the_fields_and_the_gap_chart_are_drawn() {
        let mut s = Softmax::from_query("").unwrap();
        s.step(300, false);
        let field = canvas(240, 240);
        s.render_field(&field, 40).unwrap();
        assert_eq!(inked(&field), 240 * 240);
        for net in ["sigmoid", "softmax", "sigmoidFastLast"] {
            let c = canvas(120, 120);
            s.render_pair_field(&c, net, 40).unwrap();
            assert_eq!(inked(&c), 120 * 120, "{net}");
        }
        assert!(s.render_pair_field(&canvas(10, 10), "tanh", 40).is_err());
        let chart = canvas(360, 200);
        s.render_gaps(&chart).unwrap();
        assert!(inked(&chart) > 2000);
    }

    #[wasm_bindgen_test]
    fn a_link_replays_to_its_update_and_keeps_the_update_reached() {
        let mut s = Softmax::from_query("softmaxSeed=3&at=140").unwrap();
        assert_eq!((s.at(), s.target(), s.max()), (140.0, 1500.0, 100_000.0));
        assert_eq!(s.replay(100), 100);
        assert_eq!(s.replay(100), 40);
        assert_eq!(s.replay(100), 0, "reached: nothing more to replay");
        assert_eq!(num(&s.snapshot(), "steps"), 140.0);
        let history = s.gap_history().to_vec();
        assert_eq!(
            history.len(),
            140 / 20 + 1,
            "a gap every 20 updates and at the start"
        );
        for (k, g) in history.iter().enumerate() {
            assert_eq!(num(g, "step"), 20.0 * k as f64);
            assert!(
                num(g, "fastLast") < 1e-5 && num(g, "sigmoid") >= 0.0 && num(g, "identity") < 1e-5
            );
        }
        assert_eq!(s.step(60, false), 60);
        assert_eq!(s.keep_step(), 200.0);
        assert_eq!(s.query(), "softmaxSeed=3&at=200");
        let mut live = Softmax::from_query("").unwrap();
        assert_eq!(live.at(), 0.0);
        assert_eq!(live.replay(10), 0, "no link update: the page trains live");
    }

    #[wasm_bindgen_test]
    fn refusals_carry_the_key_of_their_control() {
        for (query, key) in [
            ("point=0", "point"),
            ("softmaxSeed=x", "softmaxSeed"),
            ("at=100001", "at"),
        ] {
            let Err(e) = Softmax::from_query(query) else {
                panic!("{query} was accepted");
            };
            assert_eq!(get(&e, "key").as_string().as_deref(), Some(key), "{query}");
        }
    }
}
