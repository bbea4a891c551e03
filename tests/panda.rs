//! The panda view (babysitting one model): where it starts proves its point — the spiral is not
//! learned in the first few hundred steps, a nudge of α changes the curve, and batch norm never
//! looks worse than no batch norm there — and each scenario of its guide does what its task
//! says, measured with and without the nudge wherever a learner might act.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use tunelab::config::{Config, DatasetKind, Knob};
    use tunelab::nn::Mode;
    use tunelab::train::{Split, Status, Trainer};
    use tunelab::views::panda::{Action, Scenario, SCENARIOS};
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
}
