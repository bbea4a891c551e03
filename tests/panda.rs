//! The panda view (babysitting one model): where it starts proves its point — the spiral is not
//! learned in the first few hundred steps, a nudge of α changes the curve, and batch norm never
//! looks worse than no batch norm there — and each scenario of its guide does what its task
//! says, measured with and without the nudge wherever a learner might act.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use tunelab::config::{Config, DatasetKind, Knob};
    use tunelab::nn::Mode;
    use tunelab::train::{Split, Status, Trainer};
    use tunelab::views::panda::{
        advance, record_every, Action, Scenario, SCENARIOS, SCENARIO_NAMES,
    };
    use tunelab::views::View;

    fn trainer(query: &str) -> Trainer {
        let mut t = Trainer::new(&Config::from_query_in(View::Panda, query).unwrap()).unwrap();
        t.set_record_every(0);
        t
    }

    /// Mean validation loss over the next `window` steps (sampled every 10): the level a learner
    /// reads off the curve. `None` if the run diverged.
    fn level(t: &mut Trainer, window: usize) -> Option<f64> {
        let mut sum = 0.0;
        for _ in 0..window / 10 {
            t.step(10);
            if let Status::Diverged { .. } = t.status() {
                return None;
            }
            sum += t.evaluate(Split::Valid, Mode::Inference).loss;
        }
        Some(sum / (window / 10) as f64)
    }

    fn scenario(name: &str) -> &'static Scenario {
        SCENARIOS.iter().find(|s| s.name == name).unwrap()
    }

    /// Runs `scenario` to `at`, then on two copies — one left alone, one with the task done —
    /// for `after` more steps; returns their levels over the last 200 steps (None: diverged).
    fn with_and_without(s: &Scenario, at: usize, after: usize) -> (Option<f64>, Option<f64>) {
        let mut alone = trainer(s.query);
        alone.step(at);
        let mut nudged = alone.clone();
        match s.action {
            Action::ScaleLearningRate { factor, .. } => {
                let lr = nudged.base_learning_rate() * factor;
                nudged.set_learning_rate(lr).unwrap();
            }
            Action::RaiseMomentum { to, .. } => nudged.set_momentum(to).unwrap(),
            Action::BatchNormOn => unreachable!("a new run, tested on its own"),
        }
        alone.step(after - 200);
        nudged.step(after - 200);
        (level(&mut alone, 200), level(&mut nudged, 200))
    }

    #[test]
    fn the_default_is_the_spiral_and_is_not_learned_in_a_few_hundred_steps() {
        let c = Config::from_query_in(View::Panda, "").unwrap();
        assert_eq!(c.dataset, DatasetKind::Spiral);
        assert_eq!(
            (c.hidden.clone(), c.batch_size, c.batch_norm),
            (vec![16, 16], 50, true)
        );
        let mut t = trainer("");
        t.step(300);
        let early = t.evaluate(Split::Valid, Mode::Inference);
        assert!(
            early.loss > 0.55 && early.accuracy < 0.8,
            "at step 300: {early:?}"
        );
        // It does learn on its own, slowly: a nudge has room to matter.
        t.step(4700);
        let late = t.evaluate(Split::Valid, Mode::Inference);
        assert!(
            late.loss < 0.2 && late.accuracy > 0.9,
            "at step 5000: {late:?}"
        );
    }

    #[test]
    fn on_the_default_doubling_alpha_mid_run_shows_on_the_curve() {
        let mut alone = trainer("");
        alone.step(500);
        let mut nudged = alone.clone();
        nudged.set_learning_rate(0.06).unwrap();
        alone.step(1300);
        nudged.step(1300);
        let (a, b) = (
            level(&mut alone, 200).unwrap(),
            level(&mut nudged, 200).unwrap(),
        );
        assert!(
            b < 0.75 * a,
            "loss at step ~2,000: {a:.3} alone, {b:.3} with α × 2 at 500"
        );
    }

    /// The course: BN makes training tolerate larger learning rates. On the panda's start,
    /// switching BN off never looks better, at any α the slider offers up to 3.
    #[test]
    fn on_the_default_batch_norm_is_never_worse_than_none() {
        for lr in [0.03, 0.3, 1.0, 3.0] {
            let mut bn = trainer(&format!("lr={lr}"));
            let mut plain = trainer(&format!("lr={lr}&bn=0"));
            bn.step(1800);
            plain.step(1800);
            let with = level(&mut bn, 200).expect("BN does not diverge up to α = 3");
            match level(&mut plain, 200) {
                None => assert!(lr >= 3.0, "no BN diverged at α = {lr}"),
                Some(without) => assert!(
                    with < without,
                    "α = {lr}: BN {with:.3} vs no BN {without:.3}"
                ),
            }
        }
    }

    #[test]
    fn too_high_halving_alpha_calms_the_loss_wherever_the_learner_acts() {
        let s = scenario("too-high");
        assert_eq!(s.action.control(), "lr-down");
        // Left alone it jumps around, then blows up after about 2,000 steps.
        let mut t = trainer(s.query);
        t.step(3000);
        let Status::Diverged { step } = t.status() else {
            panic!("the too-high run did not blow up")
        };
        assert!((1500..3000).contains(&step), "blew up at {step}");
        for at in [100, 400, 1000] {
            let (alone, nudged) = with_and_without(s, at, 1000);
            let (alone, nudged) = (alone.unwrap(), nudged.unwrap());
            assert!(
                nudged < alone / 2.0,
                "α ÷ 2 at {at}: {alone:.3} alone, {nudged:.3} nudged"
            );
        }
    }

    #[test]
    fn plateau_a_larger_alpha_escapes_it() {
        let s = scenario("plateau");
        assert_eq!((s.action.control(), s.action.presses()), ("lr-up", 2));
        for at in [300, 1000] {
            let (alone, nudged) = with_and_without(s, at, 2500);
            let (alone, nudged) = (alone.unwrap(), nudged.unwrap());
            assert!(
                alone > 0.5,
                "left alone it stays on the plateau: {alone:.3}"
            );
            assert!(
                nudged < 0.6 * alone,
                "α × 4 at {at}: {alone:.3} alone, {nudged:.3} nudged"
            );
        }
    }

    #[test]
    fn deep_init_batch_norm_rescues_a_saturated_network() {
        let s = scenario("deep-init");
        assert_eq!(s.action, Action::BatchNormOn);
        let mut without = trainer(s.query);
        let start = without.history()[0].valid.loss;
        assert!(
            (40.0..80.0).contains(&start),
            "the loss starts at {start:.1}"
        );
        let mut with = trainer(&s.query.replace("bn=0", "bn=1"));
        without.step(1300);
        with.step(1300);
        let (a, b) = (
            level(&mut without, 200).unwrap(),
            level(&mut with, 200).unwrap(),
        );
        assert!(
            a > 10.0 && b < 1.0,
            "at step 1,500: no BN {a:.2}, BN {b:.3}"
        );
    }

    #[test]
    fn ravine_momentum_averages_the_zigzags_out() {
        let s = scenario("ravine");
        assert_eq!(s.action.control(), "beta-up");
        for at in [200, 1000] {
            let (alone, nudged) = with_and_without(s, at, 2000);
            let (alone, nudged) = (alone.unwrap(), nudged.unwrap());
            assert!(
                nudged < alone / 3.0,
                "β 0 → 0.5 at {at}: {alone:.3} alone, {nudged:.3} nudged"
            );
        }
    }

    /// A run to `at` through the panda's `advance`, in chunks of the given sizes (cycled).
    fn replayed(query: &str, at: u64, chunks: &[u64]) -> Trainer {
        let mut t = Trainer::new(&Config::from_query_in(View::Panda, query).unwrap()).unwrap();
        for &k in chunks.iter().cycle() {
            let left = at - t.steps();
            if left == 0 || advance(&mut t, k.min(left)) == 0 {
                break;
            }
        }
        t
    }

    #[test]
    fn the_curves_are_recorded_at_steps_that_depend_on_the_step_alone() {
        assert_eq!(record_every(1), 10);
        assert_eq!(record_every(5999), 10);
        assert_eq!(record_every(6000), 20);
        assert_eq!(record_every(11_999), 20);
        assert_eq!(record_every(12_000), 40);
        assert_eq!(record_every(24_000), 80);
        // Live (frames of a few hundred updates), a link's replay (large chunks) and single
        // steps draw the same curves, the same changes and the same network — past a change of
        // the recording interval (6,000) and a babysitting change.
        let q = "nudges=700:lr:0.06";
        let live = replayed(q, 6500, &[37, 211, 5]);
        for other in [replayed(q, 6500, &[6500]), replayed(q, 6500, &[1000, 1])] {
            assert_eq!(other.history(), live.history());
            assert_eq!(other.changes(), live.changes());
            assert_eq!(other.fingerprint(), live.fingerprint());
        }
        let steps: Vec<u64> = live.history().iter().map(|h| h.step).collect();
        assert_eq!(steps[..3], [0, 10, 20]);
        assert!(steps.contains(&5990) && steps.contains(&6000) && !steps.contains(&6010));
        assert!(steps.contains(&6020) && steps.contains(&6500));
        assert_eq!(steps.len(), 600 + 25 + 1);
    }

    #[test]
    fn a_run_paused_at_a_babysitting_change_shows_it_when_replayed() {
        // The learner pauses at 500 and doubles α: the link holds the change and `at=500`.
        let mut live = replayed("", 500, &[500]);
        live.set_learning_rate(0.06).unwrap();
        let query = live.config().query_in(View::Panda, false);
        assert_eq!(query, "nudges=500:lr:0.06");
        let link = replayed(&query, 500, &[123]);
        assert_eq!(
            link.base_learning_rate(),
            0.06,
            "the change is in effect at step 500"
        );
        assert_eq!(link.changes(), live.changes());
        assert_eq!(link.history(), live.history());
        // And advancing 0 steps only applies what is due.
        let mut t =
            Trainer::new(&Config::from_query_in(View::Panda, "nudges=0:lr:0.1").unwrap()).unwrap();
        assert_eq!(advance(&mut t, 0), 0);
        assert_eq!((t.steps(), t.base_learning_rate()), (0, 0.1));
    }

    #[test]
    fn a_diverging_run_replays_to_where_it_blew_up() {
        let q = SCENARIOS
            .iter()
            .find(|s| s.name == "too-high")
            .unwrap()
            .query;
        let t = replayed(q, 3000, &[400]);
        let live = replayed(q, 3000, &[7]);
        assert!(
            matches!(t.status(), Status::Diverged { step: 2265 }),
            "{:?}",
            t.status()
        );
        assert_eq!(t.steps(), 2265);
        assert_eq!(t.history(), live.history());
    }

    #[test]
    fn the_scenario_shown_is_a_setting_of_the_view() {
        let names: Vec<&str> = SCENARIOS.iter().map(|s| s.name).collect();
        assert_eq!(SCENARIO_NAMES[0], "none");
        assert_eq!(&SCENARIO_NAMES[1..], &names[..]);
        assert!(tunelab::views::read(View::Panda, "scenario=plateau&at=1500").is_valid());
        let r = tunelab::views::read(View::Panda, "scenario=sleepy");
        assert!(r.error_for("scenario").is_some(), "{r:?}");
    }

    #[test]
    fn the_charts_speak_the_catalogue() {
        let t = replayed(SCENARIOS[0].query, 3000, &[3000]);
        let loss = tunelab::render::panda::loss_chart(&t);
        assert_eq!(loss.x_label, tunelab::i18n::text("panda.chart.step"));
        assert_eq!(loss.y_label, tunelab::i18n::text("panda.chart.loss"));
        let names: Vec<&str> = loss.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["train", "validation"]);
        assert_eq!(loss.markers.last().unwrap().label, "diverged");
        let acc = tunelab::render::panda::accuracy_chart(&t);
        assert_eq!(acc.y_label, "accuracy");
    }

    #[test]
    fn every_scenario_is_a_valid_preset_with_words() {
        for s in &SCENARIOS {
            let q = tunelab::views::read(View::Panda, s.query);
            assert!(q.is_valid() && q.unknown.is_empty(), "{}: {q:?}", s.name);
            for part in ["title", "task", "watch"] {
                let id = format!("panda.scenario.{}.{part}", s.name);
                assert!(tunelab::i18n::has(&id), "en.json lacks {id}");
            }
            if let Action::RaiseMomentum { .. } = s.action {
                let c = Config::from_query_in(View::Panda, s.query).unwrap();
                assert!(c.check_knob(Knob::Momentum, 0.5).is_ok());
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use tunelab::web::{panda_scenarios, Trainer};
    use wasm_bindgen::JsValue;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn get(o: &JsValue, key: &str) -> JsValue {
        js_sys::Reflect::get(o, &key.into()).unwrap()
    }

    #[wasm_bindgen_test]
    fn the_guide_lists_its_scenarios_and_each_preset_builds_a_run() {
        let all = panda_scenarios();
        assert_eq!(all.length(), 4);
        for s in all.iter() {
            let query = get(&s, "query").as_string().unwrap();
            let control = get(&s, "control").as_string().unwrap();
            assert!(["lr-down", "lr-up", "beta-up", "bn"].contains(&control.as_str()));
            assert!(get(&s, "presses").as_f64().unwrap() >= 1.0);
            let mut t = Trainer::from_query(&query).unwrap();
            assert_eq!(t.step(10), 10);
            // The run's URL names only what differs from the panda's defaults.
            assert_eq!(
                Trainer::canonical_query(&query).unwrap(),
                Trainer::from_query(&query).unwrap().query()
            );
        }
        // The panda starts on the spiral; an empty URL says so.
        let t = Trainer::from_query("").unwrap();
        assert_eq!(t.query(), "");
        assert_eq!(get(&t.snapshot(), "steps").as_f64(), Some(0.0));
    }

    fn canvas(w: u32, h: u32) -> web_sys::HtmlCanvasElement {
        use wasm_bindgen::JsCast;
        let document = web_sys::window().unwrap().document().unwrap();
        let c: web_sys::HtmlCanvasElement =
            document.create_element("canvas").unwrap().unchecked_into();
        c.set_width(w);
        c.set_height(h);
        document.body().unwrap().append_child(&c).unwrap();
        c
    }

    #[wasm_bindgen_test]
    fn a_link_replays_the_run_and_its_numbers_export_as_named_fields() {
        // The learner's run: frames of a few updates, a change at 300, paused at 450.
        let mut live = Trainer::from_query("").unwrap();
        while live.steps() < 300.0 {
            let k = 7.min(300 - live.steps() as u32);
            assert_eq!(live.advance(k), k);
        }
        live.set_learning_rate(0.06).unwrap();
        assert_eq!(live.advance(150), 150);
        // The link: its query and step, replayed in one chunk.
        let mut link = Trainer::from_query(&live.query()).unwrap();
        assert_eq!(link.advance(450), 450);
        assert_eq!(link.fingerprint(), live.fingerprint());
        let (h, l) = (link.history(), live.history());
        assert_eq!(h.length(), 46, "a point every 10 steps and at 0");
        assert_eq!(h.length(), l.length());
        for i in 0..h.length() {
            for key in [
                "step",
                "epoch",
                "trainLoss",
                "trainAccuracy",
                "validLoss",
                "validAccuracy",
                "learningRate",
            ] {
                assert_eq!(
                    get(&h.get(i), key).as_f64(),
                    get(&l.get(i), key).as_f64(),
                    "{key} at {i}"
                );
            }
        }
        assert_eq!(get(&h.get(45), "learningRate").as_f64(), Some(0.06));
        let changes = link.changes();
        assert_eq!(changes.length(), 1);
        let c = changes.get(0);
        assert_eq!(get(&c, "step").as_f64(), Some(300.0));
        assert_eq!(get(&c, "knob").as_string().as_deref(), Some("lr"));
        assert_eq!(
            (get(&c, "from").as_f64(), get(&c, "to").as_f64()),
            (Some(0.03), Some(0.06))
        );
        // The charts draw (any size: the PNG export draws at twice the size on screen).
        link.render_loss(&canvas(640, 360)).unwrap();
        link.render_accuracy(&canvas(320, 180)).unwrap();
        link.render_field(&canvas(200, 200), true, 32).unwrap();
    }
}
