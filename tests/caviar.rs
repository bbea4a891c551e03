//! The caviar (many models at once): sampling reproducible from its seed and on the right scale,
//! the estimate and its refusals, the workers' reports read back by the board, the default's
//! lesson (α decides: a plateau below, blow-ups above, the best in between), panda vs caviar on
//! the same compute, and the same models on changed data. Browser tests drive every handle the
//! page uses.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use tunelab::config::{DatasetKind, OptimizerKind};
    use tunelab::search::{Axis, HyperParam, SearchSpace, Strategy};
    use tunelab::views::caviar::board::{Board, State};
    use tunelab::views::caviar::flock::Flock;
    use tunelab::views::caviar::{CaviarSettings, Verdict};

    fn settings(q: &str) -> CaviarSettings {
        CaviarSettings::from_query(q).unwrap()
    }

    /// Every model and the panda comparison trained on one thread, as the workers would.
    fn run(s: &CaviarSettings) -> Board {
        let mut board = run_models(s, &(0..s.models).collect::<Vec<_>>());
        let mut panda = Flock::panda(s);
        while !panda.is_done() {
            board.record(&panda.advance(5000));
        }
        board
    }

    /// Some models only, dealt out to two flocks as to two workers.
    fn run_models(s: &CaviarSettings, models: &[usize]) -> Board {
        let mut board = Board::new(s.clone());
        for group in [0, 1] {
            let mine: Vec<usize> = models.iter().copied().skip(group).step_by(2).collect();
            let mut flock = Flock::models(s, &mine);
            while !flock.is_done() {
                board.record(&flock.advance(97));
            }
        }
        board
    }

    #[test]
    fn sampling_is_random_on_scale_and_reproducible_from_its_seed() {
        let s = settings("caviarSeed=42&models=40");
        let plan = s.plan();
        // The search machinery's draws, rounded to the 3 significant digits the page shows.
        let space = SearchSpace::new(vec![
            Axis::log(HyperParam::LearningRate, 1e-3, 10.0).unwrap()
        ])
        .unwrap();
        let drawn = Strategy::RandomOnScale.points(&space, 40, 42).unwrap();
        for (m, p) in plan.iter().zip(&drawn) {
            let rel = (m.config.learning_rate - p[0]).abs() / p[0];
            assert!(
                rel < 5e-3,
                "#{}: {} vs {}",
                m.index,
                m.config.learning_rate,
                p[0]
            );
            let three_digits: f64 = format!("{:.2e}", m.config.learning_rate).parse().unwrap();
            assert_eq!(three_digits, m.config.learning_rate, "3 significant digits");
        }
        // Same seed, same models, also rebuilt from the full query a worker gets.
        assert_eq!(settings("caviarSeed=42&models=40").plan(), plan);
        assert_eq!(settings(&s.full_query()).plan(), plan);
        // Another seed, other models.
        let other = settings("caviarSeed=43&models=40").plan();
        assert!(plan
            .iter()
            .zip(&other)
            .all(|(a, b)| a.config.learning_rate != b.config.learning_rate));
        // On the right scale: each of the 4 decades of [0.001, 10] gets a fair share of 64.
        let many = settings("models=64").plan();
        for d in -3..1 {
            let (lo, hi) = (10f64.powi(d), 10f64.powi(d + 1));
            let n = many
                .iter()
                .filter(|m| (lo..hi).contains(&m.config.learning_rate))
                .count();
            assert!((8..=24).contains(&n), "decade [{lo}, {hi}): {n} of 64");
        }
        // Everything else is the base model's.
        assert!(plan.iter().all(|m| m.config.hidden == vec![16, 16]
            && m.config.dataset == DatasetKind::Spiral
            && m.config.batch_size == 50));
    }

    #[test]
    fn same_model_different_seeds_varies_the_seeds_only() {
        let plan = settings("sample=seeds&models=12&lr=0.3").plan();
        let mut seeds: Vec<(u64, u64)> = plan
            .iter()
            .map(|m| (m.config.init_seed, m.config.batch_seed))
            .collect();
        assert!(plan.iter().all(|m| m.config.learning_rate == 0.3));
        assert!(plan.iter().all(|m| m.config.data_seed == 1));
        seeds.sort_unstable();
        seeds.dedup();
        assert_eq!(seeds.len(), 12, "every model has its own seeds");
        assert_eq!(settings("sample=seeds&models=12&lr=0.3").plan(), plan);
    }

    #[test]
    fn a_varied_momentum_brings_the_momentum_optimizer_and_says_so() {
        let s = settings("varyMomentum=1&varyBatch=1");
        assert_eq!(s.base.optimizer, OptimizerKind::Momentum);
        assert!(s.note.is_some());
        for m in s.plan() {
            assert!((0.9..=0.999).contains(&m.config.momentum));
            assert!([4, 8, 16, 32, 64, 128].contains(&m.config.batch_size));
        }
        // The panda comparison keeps the URL's own optimizer.
        assert_eq!(s.panda.optimizer, OptimizerKind::Sgd);
    }

    #[test]
    fn the_estimate_goes_asks_or_refuses_naming_the_knob() {
        // 10⁹ multiply-adds per second per worker (a third of this machine's native speed).
        let rate = 1e9;
        let e = settings("").estimate(rate, 2);
        assert_eq!(e.verdict, Verdict::Go, "{e:?}");
        assert!(e.seconds > 1.0 && e.seconds < 20.0, "{e:?}");
        let e = settings("models=64&modelSteps=20000").estimate(rate, 2);
        assert_eq!(e.verdict, Verdict::Ask, "{e:?}");
        let big = settings("models=64&modelSteps=20000&hidden=64,64,64,64&points=5000&batch=500");
        let e = big.estimate(rate, 2);
        let Verdict::Refuse(err) = e.verdict else {
            panic!("{e:?}")
        };
        assert_eq!(err.key(), Some("modelSteps"));
        let text = err.to_string();
        assert!(
            text.contains("Steps per model") && text.contains("at most"),
            "{text}"
        );
        // Many models at few steps: the models are the knob.
        let e = settings("models=64&modelSteps=2000&hidden=64,64,64,64&points=5000&batch=500")
            .estimate(rate / 2.0, 2);
        let Verdict::Refuse(err) = e.verdict else {
            panic!("{e:?}")
        };
        assert_eq!(err.key(), Some("models"), "{err}");
        // Twice the steps is about twice the time.
        let a = settings("modelSteps=1000").estimate(rate, 2).seconds;
        let b = settings("modelSteps=2000").estimate(rate, 2).seconds;
        assert!((1.8..2.2).contains(&(b / a)), "{a} → {b}");
    }

    #[test]
    fn reports_build_curves_that_end_where_each_model_ended() {
        let s = settings("models=6&modelSteps=230&lrMin=0.01&lrMax=30&caviarSeed=3");
        let board = run(&s);
        assert!(board.finished());
        let every = s.record_every();
        for (t, m) in board.tracks().iter().zip(board.plan()) {
            match t.state {
                State::Done => {
                    assert_eq!(t.steps, 230);
                    assert_eq!(t.points.last().unwrap().step, 230, "#{}", m.index);
                    assert_eq!(t.points[0].step, 0);
                    assert_eq!(t.points[1].step, every);
                }
                State::Diverged { step } => {
                    assert!(m.config.learning_rate > 3.0, "{}", m.config.learning_rate);
                    assert!(step < 230 && t.steps == step);
                }
                ref other => panic!("#{}: {other:?}", m.index),
            }
        }
        assert!(board
            .tracks()
            .iter()
            .any(|t| matches!(t.state, State::Diverged { .. })));
        // The leaderboard: scored models by loss, diverged ones last.
        let rows = board.rows();
        let losses: Vec<f64> = rows.iter().filter_map(|r| r.score.map(|s| s.0)).collect();
        assert!(losses.windows(2).all(|w| w[0] <= w[1]), "{losses:?}");
        assert!(matches!(rows.last().unwrap().state, State::Diverged { .. }));
        assert_eq!(board.winner(), Some(rows[0].index));
        // Panda: one model, the whole budget (6 × 230 updates).
        assert_eq!(board.panda().steps, 6 * 230);
    }

    /// The default proves its point: α decides. The smallest α of the default caviar sits on
    /// the spiral's plateau, the largest blows up, one in between learns (the page's e2e test
    /// checks all 24 models; here three of them, to keep the debug-build tests quick).
    #[test]
    fn in_the_default_caviar_the_learning_rate_decides() {
        let s = settings("");
        let plan = s.plan();
        let by_lr = |pick: fn(f64, f64) -> bool| {
            plan.iter()
                .map(|m| m.config.learning_rate)
                .enumerate()
                .reduce(|a, b| if pick(b.1, a.1) { b } else { a })
                .unwrap()
                .0
        };
        let smallest = by_lr(|a, b| a < b);
        let largest = by_lr(|a, b| a > b);
        let middle = by_lr(|a, b| (a / 0.7).ln().abs() < (b / 0.7).ln().abs());
        let board = run_models(&s, &[smallest, middle, largest]);
        let t = board.tracks();
        assert!(plan[smallest].config.learning_rate < 0.003);
        assert!(
            t[smallest].score().unwrap().0 > 0.6,
            "{:?}",
            t[smallest].points.last()
        );
        assert!(
            t[middle].score().unwrap().0 < 0.06,
            "{:?}",
            t[middle].points.last()
        );
        assert!(plan[largest].config.learning_rate > 5.0);
        assert!(
            matches!(t[largest].state, State::Diverged { .. }),
            "{:?}",
            t[largest].state
        );
        assert_eq!(board.winner(), Some(middle));
    }

    /// A model picked on the leaderboard is drawn on top with its own legend entry; the winner
    /// keeps its own; every curve is drawn once either way.
    #[test]
    fn the_selected_model_is_drawn_on_top_with_its_name() {
        use tunelab::render::caviar::curves_chart;
        let board = run(&settings("models=6&modelSteps=200&caviarSeed=3"));
        let winner = board.winner().unwrap();
        let plain = curves_chart(&board, None);
        assert_eq!(plain.series.len(), 6);
        assert!(plain
            .series
            .last()
            .unwrap()
            .name
            .contains(&format!("#{}", winner + 1)));
        let named = |c: &tunelab::render::charts::LineChart| {
            c.series.iter().filter(|s| !s.name.is_empty()).count()
        };
        assert_eq!(named(&plain), 1);
        let other = (0..6)
            .find(|&i| i != winner && board.tracks()[i].score().is_some())
            .unwrap();
        let picked = curves_chart(&board, Some(other));
        assert_eq!(picked.series.len(), 6);
        let top = picked.series.last().unwrap();
        assert_eq!(
            top.colour,
            board.colour(other),
            "in its own colour, not faded"
        );
        assert!(
            top.name.contains(&format!("#{}", other + 1))
                && top.name.contains(&board.values_text(other)),
            "{}",
            top.name
        );
        assert_eq!(named(&picked), 2, "the winner keeps its entry");
        // Picking the winner changes nothing.
        assert_eq!(curves_chart(&board, Some(winner)).series.len(), 6);
        assert_eq!(named(&curves_chart(&board, Some(winner))), 1);
    }

    /// The settings that only change what a caviar link shows are the view's URL keys.
    #[test]
    fn a_link_says_whether_the_caviar_ran_was_re_run_and_which_model_is_picked() {
        use tunelab::views::{read, View};
        let r = read(
            View::Caviar,
            "run=1&rerun=1&model=7&dataset=moons&changedData=spiral",
        );
        assert!(r.is_valid() && r.unknown.is_empty(), "{r:?}");
        assert!(read(View::Caviar, "model=65").error_for("model").is_some());
        assert!(read(View::Caviar, "run=2").error_for("run").is_some());
        // They do not change the caviar: the same models, the same settings.
        assert_eq!(
            settings("run=1&model=3").full_query(),
            settings("").full_query()
        );
    }

    /// The same models on other data, and what the board says about it.
    #[test]
    fn on_changed_data_the_board_compares_the_winners() {
        let q = "models=6&modelSteps=300&lrMin=0.003&lrMax=3&caviarSeed=5";
        let before = run(&settings(q));
        let moved = settings(&format!("{q}&dataset=moons&changedData=spiral"));
        assert_eq!(
            moved
                .plan()
                .iter()
                .map(|m| m.config.learning_rate)
                .collect::<Vec<_>>(),
            before
                .plan()
                .iter()
                .map(|m| m.config.learning_rate)
                .collect::<Vec<_>>(),
            "the same models"
        );
        let mut after = run(&moved);
        assert!(after.stale().is_none(), "nothing to compare with yet");
        let summary = before.summary().unwrap();
        after.compare_with(summary.clone());
        let stale = after.stale().unwrap();
        assert_eq!(
            (stale.before, stale.after),
            (DatasetKind::Spiral, DatasetKind::Moons)
        );
        let argmin = |scores: &[Option<f64>]| {
            (0..scores.len())
                .filter(|&i| scores[i].is_some())
                .min_by(|&a, &b| scores[a].unwrap().total_cmp(&scores[b].unwrap()))
                .unwrap()
        };
        assert_eq!(stale.before_winner.0, argmin(&summary.scores));
        let now = after.summary().unwrap();
        assert_eq!(stale.after_winner.0, argmin(&now.scores));
        let rank = after
            .ranking()
            .iter()
            .position(|&i| i == stale.before_winner.0)
            .unwrap();
        assert_eq!(stale.old_winner_now.0, rank + 1);
    }

    #[test]
    fn babysit_links_open_the_panda_view_with_the_models_exact_settings() {
        let s = settings("models=5&caviarSeed=9");
        let board = Board::new(s.clone());
        for m in board.plan() {
            let q = board.babysit_query(m.index).unwrap();
            assert!(q.starts_with("view=panda&"), "{q}");
            let c = tunelab::Config::from_query_in(tunelab::views::View::Panda, &q).unwrap();
            assert_eq!(c, m.config, "{q}");
            assert!(q.contains("caviarSeed=9") && q.contains("models=5"), "{q}");
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use tunelab::web::{CaviarBoard, CaviarFlock};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_test::*;
    use web_sys::HtmlCanvasElement;

    wasm_bindgen_test_configure!(run_in_browser);

    fn get(o: &JsValue, key: &str) -> JsValue {
        js_sys::Reflect::get(o, &key.into()).unwrap()
    }

    fn canvas() -> HtmlCanvasElement {
        let document = web_sys::window().unwrap().document().unwrap();
        let c: HtmlCanvasElement = document.create_element("canvas").unwrap().unchecked_into();
        c.set_width(480);
        c.set_height(300);
        document.body().unwrap().append_child(&c).unwrap();
        c
    }

    fn train(board: &mut CaviarBoard) {
        let q = board.full_query();
        for g in board.groups(2).iter() {
            let ids: Vec<u32> = g.unchecked_into::<js_sys::Uint32Array>().to_vec();
            let mut f = CaviarFlock::from_query(&q, &ids).unwrap();
            while !f.done() {
                board.record(&f.advance(64));
            }
        }
        let mut p = CaviarFlock::panda(&q).unwrap();
        while !p.done() {
            board.record(&p.advance(4096));
        }
    }

    #[wasm_bindgen_test]
    fn a_caviar_trains_in_the_browser_and_the_page_gets_named_results() {
        let q = "models=8&modelSteps=200&lrMax=30";
        let mut board = CaviarBoard::from_query(q).unwrap();
        assert_eq!(
            board.query(),
            q,
            "the URL keeps what differs from the defaults"
        );
        assert_eq!(get(&board.info(), "models").as_f64(), Some(8.0));
        assert_eq!(board.groups(3).length(), 3);
        let work = board.calibrate(20);
        assert!(work > 0.0);
        let e = board.estimate(1e8, 2);
        assert_eq!(get(&e, "verdict").as_string().as_deref(), Some("go"));
        train(&mut board);
        let p = board.progress();
        assert_eq!(get(&p, "finished").as_bool(), Some(true));
        let (done, total) = (
            get(&p, "stepsDone").as_f64().unwrap(),
            get(&p, "stepsTotal").as_f64().unwrap(),
        );
        assert!(
            done > 0.0 && done <= total && total == 1600.0,
            "{done} of {total}"
        );
        let rows = board.leaderboard();
        assert_eq!(rows.length(), 8);
        let first = rows.get(0);
        assert_eq!(get(&first, "rank").as_f64(), Some(1.0));
        assert!(get(&first, "validLoss").as_f64().unwrap() < 0.7);
        assert!(get(&first, "query")
            .as_string()
            .unwrap()
            .starts_with("view=panda&"));
        assert!(get(&first, "colour").as_string().unwrap().starts_with('#'));
        let bar = board.colour_bar();
        assert_eq!(js_sys::Array::from(&get(&bar, "stops")).length(), 9);
        let c = canvas();
        assert_eq!(board.render_curves(&c, 0).unwrap(), 8);
        assert_eq!(board.render_curves(&c, 3).unwrap(), 8, "model #3 picked");
        assert_eq!(
            board.render_curves(&c, 99).unwrap(),
            8,
            "no such model: none picked"
        );
        // Every model's settings and result, in plan order, as named fields.
        let runs = board.runs();
        assert_eq!(runs.length(), 8);
        for (i, r) in runs.iter().enumerate() {
            assert_eq!(get(&r, "index").as_f64(), Some(i as f64));
            let lr = get(&r, "lr").as_f64().unwrap();
            assert!((0.001..=30.0).contains(&lr), "α {lr}");
            assert_eq!(js_sys::Array::from(&get(&r, "hidden")).length(), 2);
            let rank = get(&r, "rank").as_f64().unwrap();
            assert!((1.0..=8.0).contains(&rank));
            let steps = get(&r, "steps").as_f64().unwrap();
            match get(&r, "state").as_string().as_deref() {
                Some("done") => {
                    assert_eq!(steps, 200.0);
                    assert!(get(&r, "validLoss").as_f64().is_some());
                    assert!(get(&r, "trainLoss").as_f64().is_some());
                }
                Some("diverged") => {
                    assert_eq!(get(&r, "divergedAt").as_f64(), Some(steps));
                    assert!(get(&r, "validLoss").is_null());
                }
                other => panic!("model {i} is {other:?}"),
            }
        }
        let best = get(&rows.get(0), "index").as_f64().unwrap() as u32;
        assert_eq!(get(&runs.get(best), "rank").as_f64(), Some(1.0));
        let cmp = board.comparison();
        assert_eq!(get(&cmp, "pandaSteps").as_f64(), Some(1600.0));
        assert!(get(&cmp, "bestLoss").as_f64().is_some());
        board.render_comparison(&canvas()).unwrap();
        // The same models on other data, compared with these.
        let mut moved = CaviarBoard::from_query(&format!("{q}&dataset=moons")).unwrap();
        assert!(moved.compare_with(&board));
        assert!(
            moved.stale().is_null(),
            "nothing to say before the re-run has trained"
        );
        train(&mut moved);
        let stale = moved.stale();
        assert_eq!(get(&stale, "before").as_string().as_deref(), Some("spiral"));
        assert_eq!(get(&stale, "after").as_string().as_deref(), Some("moons"));
        moved.render_stale(&canvas()).unwrap();
    }

    #[wasm_bindgen_test]
    fn refusals_carry_their_key() {
        let Err(e) = CaviarBoard::from_query("models=500") else {
            panic!("500 models accepted");
        };
        assert_eq!(get(&e, "key").as_string().as_deref(), Some("models"));
        let board =
            CaviarBoard::from_query("models=64&modelSteps=20000&hidden=64,64,64,64").unwrap();
        let e = board.estimate(1e6, 2);
        assert_eq!(get(&e, "verdict").as_string().as_deref(), Some("refuse"));
        assert_eq!(get(&e, "key").as_string().as_deref(), Some("modelSteps"));
    }
}
