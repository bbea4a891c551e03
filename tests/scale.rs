//! The "Right scale" view: its settings read through the settings table (every refusal tied to
//! its key), the samplers against their distributions (statistical tests with stated
//! tolerances: with n = 40,000 samples a share's standard error is at most 0.0025, so 0.01 is
//! four of them), the general rule for [10^a, 10^b], Keras Tuner's reverse_log against
//! β = 1 − 10^r, and where uniform sampling is right. The browser half (the `ScaleSamples`
//! handle) is at the end.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use tunelab::views::scale::*;
    use tunelab::views::{read, View};

    const N: usize = 40_000;

    fn view(query: &str) -> ScaleView {
        ScaleView::from_query(query).unwrap()
    }

    fn shares(v: &ScaleView, param: &str, sampler: Sampler) -> Vec<f64> {
        v.demo(param).unwrap().shares(sampler)
    }

    #[track_caller]
    fn near(got: f64, want: f64, tol: f64) {
        assert!((got - want).abs() < tol, "got {got}, want {want} ± {tol}");
    }

    #[test]
    fn shares_match_the_course() {
        let v = view("samples=40000&sampleSeed=3");
        let u = shares(&v, "lr", Sampler::Uniform);
        near(u[3], 0.9, 0.01);
        near(u[0] + u[1] + u[2], 0.1, 0.01);
        for s in shares(&v, "lr", Sampler::OnScale) {
            near(s, 0.25, 0.01);
        }
        let b = shares(&v, "beta", Sampler::Uniform);
        near(b[0], 0.09 / 0.099, 0.01);
        for s in shares(&v, "beta", Sampler::OnScale) {
            near(s, 0.5, 0.01);
        }
        // 0.9 → 0.9005 barely moves the window; 0.999 → 0.9995 doubles it.
        near(averaging_window(0.9005) / averaging_window(0.9), 1.0, 0.01);
        near(
            averaging_window(0.9995) / averaging_window(0.999),
            2.0,
            1e-6,
        );
        let table = v.demo("beta").unwrap().table();
        let w = table[1].window.unwrap();
        near(w.0, 100.0, 1e-6);
        near(w.1, 1000.0, 1e-6);
        assert!(v.demo("lr").unwrap().table()[0].window.is_none());
    }

    /// For [10^a, 10^b], r uniform in [a, b]: each part gets its width in r over b − a, while
    /// uniform in value gives each its width in value over 10^b − 10^a.
    #[test]
    fn the_general_rule_holds_for_any_a_and_b() {
        for (a, b) in [(-6.0, -2.0), (-3.5, 0.0), (-1.0, 2.0), (-0.7, -0.2)] {
            let v = view(&format!("samples={N}&logMin={a}&logMax={b}"));
            let d = v.demo("lr").unwrap();
            let parts = d.param.parts();
            assert_eq!(parts.first().unwrap().lo, 10f64.powf(a));
            let (lo, hi) = (10f64.powf(a), 10f64.powf(b));
            let on = d.shares(Sampler::OnScale);
            let uni = d.shares(Sampler::Uniform);
            for (k, p) in parts.iter().enumerate() {
                let width_r = p.hi.log10() - p.lo.log10();
                near(on[k], width_r / (b - a), 0.01);
                near(uni[k], (p.hi - p.lo) / (hi - lo), 0.01);
            }
            assert!(d
                .samples(Sampler::OnScale)
                .iter()
                .all(|&x| x >= lo && x <= hi));
        }
    }

    /// Keras Tuner's reverse_log on [0.9, 0.999]: P(β ≥ 0.99) = P(max + min − β ≤ 0.909)
    /// = ln(0.909/0.9)/ln(0.999/0.9) exactly (about 9.5%) — close to uniform's 9.1%,
    /// far from the 50% of β = 1 − 10^r.
    #[test]
    fn reverse_log_is_not_one_minus_ten_to_the_r() {
        let v = view(&format!("samples={N}&sampleSeed=7"));
        let d = v.demo("beta").unwrap();
        let rev = d.shares(Sampler::ReverseLog);
        let exact = (0.909f64 / 0.9).ln() / (0.999f64 / 0.9).ln();
        near(exact, 0.0953, 0.0005);
        near(rev[1], exact, 0.01);
        near(d.shares(Sampler::OnScale)[1], 0.5, 0.01);
        assert!(d
            .samples(Sampler::ReverseLog)
            .iter()
            .all(|&b| (0.9..=0.999).contains(&b)));
        // Its density grows towards 0.999 — the mirror of log sampling — but only by a factor of
        // max/min = 1.11: the top tenth of the range gets about 10.5%, not 10% × 10.
        let top = d
            .samples(Sampler::ReverseLog)
            .iter()
            .filter(|&&b| b >= 0.999 - 0.0099)
            .count() as f64
            / N as f64;
        let exact_top = ((0.9f64 + 0.0099) / 0.9).ln() / (0.999f64 / 0.9).ln();
        near(top, exact_top, 0.01);
    }

    #[test]
    fn uniform_is_right_for_units_and_layers() {
        let v = view(&format!("samples={N}&sampleSeed=2"));
        let units = v.demo("units").unwrap();
        near(units.shares(Sampler::Uniform)[0], 25.0 / 51.0, 0.01);
        let log_below_75 = (75f64 / 50.0).ln() / (101f64 / 50.0).ln();
        near(units.shares(Sampler::OnScale)[0], log_below_75, 0.01);
        assert!(units
            .samples(Sampler::Uniform)
            .iter()
            .all(|&n| n.fract() == 0.0 && (50.0..=100.0).contains(&n)));
        let layers = v.demo("layers").unwrap();
        for s in layers.shares(Sampler::Uniform) {
            near(s, 1.0 / 3.0, 0.01);
        }
        assert_eq!(layers.param.samplers(), &[Sampler::Uniform]);
    }

    #[test]
    fn histograms_count_every_sample_and_the_log_axis_is_flat_on_scale() {
        let v = view("samples=5000&sampleSeed=9");
        for d in &v.demos {
            let (lo, hi) = d.param.range();
            for &s in d.param.samplers() {
                assert!(d.samples(s).iter().all(|&x| x >= lo && x <= hi));
                for log in [false, true] {
                    let h = d.histogram(s, log, 20);
                    assert_eq!(h.iter().sum::<u32>(), 5000, "{:?} {s:?}", d.param);
                }
            }
        }
        for p in ["lr", "beta"] {
            let h = v.demo(p).unwrap().histogram(Sampler::OnScale, true, 10);
            assert!(h.iter().all(|&c| (350..=650).contains(&c)), "{p}: {h:?}");
        }
    }

    /// Each sampler draws from its own stream: new a and b redraw α alone.
    #[test]
    fn changing_the_range_of_alpha_leaves_the_other_samples_alone() {
        let (v1, v2) = (view("logMin=-5"), view("logMin=-3&logMax=1"));
        assert_ne!(v1.demos[0], v2.demos[0]);
        assert_eq!(v1.demos[1..], v2.demos[1..]);
        assert_ne!(view("sampleSeed=2").demos[1], v1.demos[1]);
        assert_eq!(view("sampleSeed=2"), view("sampleSeed=2"));
    }

    /// Issue 12: nothing reinterpreted silently; every refusal is tied to its key.
    #[test]
    fn bad_settings_are_refused_at_their_key() {
        for (query, key, words) in [
            ("sampleSeed=abc", "sampleSeed", "'abc'"),
            ("sampleSeed=", "sampleSeed", "''"),
            ("sampleSeed=-3", "sampleSeed", "'-3'"),
            ("sampleSeed=1.5", "sampleSeed", "whole number"),
            ("samples=0x10", "samples", "'0x10'"),
            ("samples=0", "samples", "from 1 to 100000"),
            ("samples=1000000", "samples", "from 1 to 100000"),
            ("samples=", "samples", "whole number"),
            ("logMin=abc", "logMin", "'abc'"),
            ("logMin=-9", "logMin", "from -8 to 2"),
            ("logMin=1&logMax=0", "logMin", "a below b"),
            ("logMin=1", "logMin", "a below b"),
            ("logMax=-4", "logMax", "a below b"),
        ] {
            let e = ScaleSettings::from_query(query).unwrap_err();
            assert_eq!(e.key(), Some(key), "{query}: {e}");
            assert!(e.to_string().contains(words), "{query}: {e}");
            let r = read(View::Scale, query);
            assert_eq!(r.errors.len(), 1, "{query}: {:?}", r.errors);
            assert_eq!(r.errors[0].key(), Some(key), "{query}");
        }
        let r = read(View::Scale, "samples=0x10");
        let value = r.values.iter().find(|(k, _)| *k == "samples").unwrap();
        assert_eq!(value.1, "0x10", "the form shows what was typed");
        assert!(read(View::Scale, "").is_valid());
        let s = ScaleSettings::from_query("").unwrap();
        assert_eq!((s.samples, s.seed, s.a, s.b), (1000, 1, -4.0, 0.0));
    }
}

#[cfg(target_arch = "wasm32")]
mod support;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::support::{canvas, get, inked, items, num};
    use tunelab::web::ScaleSamples;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn the_summary_has_named_fields_for_every_hyperparameter() {
        let s = ScaleSamples::from_query("samples=20000&logMin=-6&logMax=-2").unwrap();
        let sum = s.summary();
        assert_eq!(num(&sum, "samples"), 20000.0);
        assert_eq!((num(&sum, "a"), num(&sum, "b")), (-6.0, -2.0));
        let params = items(&sum, "params");
        let names: Vec<String> = params
            .iter()
            .map(|p| get(p, "name").as_string().unwrap())
            .collect();
        assert_eq!(names, ["lr", "beta", "units", "layers"]);
        let lr = &params[0];
        assert!((num(lr, "lo") - 1e-6).abs() < 1e-18 && (num(lr, "hi") - 1e-2).abs() < 1e-15);
        let parts = items(lr, "parts");
        assert_eq!(parts.len(), 4);
        for p in &parts {
            let shares = get(p, "shares");
            assert!((num(&shares, "scale") - 0.25).abs() < 0.02);
            assert!(get(&shares, "reverseLog").is_undefined());
            assert!(get(p, "window").is_undefined());
        }
        let beta = &params[1];
        let samplers: Vec<String> = items(beta, "samplers")
            .iter()
            .map(|s| get(s, "name").as_string().unwrap())
            .collect();
        assert_eq!(samplers, ["uniform", "scale", "reverseLog"]);
        let top = &items(beta, "parts")[1];
        assert!((num(&get(top, "shares"), "reverseLog") - 0.095).abs() < 0.01);
        assert!((num(&get(top, "window"), "hi") - 1000.0).abs() < 1e-6);
        assert!(get(&params[2], "whole").as_bool().unwrap());
    }

    #[wasm_bindgen_test]
    fn refusals_carry_the_key_of_their_control() {
        for (query, key) in [
            ("sampleSeed=abc", "sampleSeed"),
            ("sampleSeed=", "sampleSeed"),
            ("samples=0x10", "samples"),
            ("logMin=1&logMax=0", "logMin"),
        ] {
            let Err(e) = ScaleSamples::from_query(query) else {
                panic!("{query} was accepted");
            };
            assert_eq!(get(&e, "key").as_string().as_deref(), Some(key), "{query}");
            let e: js_sys::Error = e.unchecked_into();
            assert!(!String::from(e.message()).is_empty());
        }
    }

    #[wasm_bindgen_test]
    fn histograms_are_drawn_for_every_sampler_and_refused_for_others() {
        let s = ScaleSamples::from_query("samples=2000").unwrap();
        let c = canvas(300, 180);
        for (param, sampler, log) in [
            ("lr", "uniform", false),
            ("lr", "scale", true),
            ("beta", "reverseLog", true),
            ("units", "scale", false),
            ("layers", "uniform", false),
        ] {
            s.render_histogram(&c, param, sampler, log).unwrap();
            let n = inked(&c);
            assert!(n > 1000, "{param} {sampler}: {n} pixels");
        }
        assert!(s.render_histogram(&c, "lr", "reverseLog", false).is_err());
        assert!(s.render_histogram(&c, "gamma", "uniform", false).is_err());
    }

    #[wasm_bindgen_test]
    fn histogram_data_counts_every_sample_once_in_ordered_bins() {
        let s = ScaleSamples::from_query("samples=3000&logMin=-3").unwrap();
        for (param, sampler, log) in [
            ("lr", "uniform", false),
            ("lr", "scale", true),
            ("beta", "reverseLog", true),
            ("units", "uniform", false),
        ] {
            let bins = items(&s.histogram_data(param, sampler, log).unwrap(), "bins");
            assert!(bins.len() > 3, "{param} {sampler}");
            let total: f64 = bins.iter().map(|b| num(b, "count")).sum();
            assert_eq!(total, 3000.0, "{param} {sampler} {log}");
            for w in bins.windows(2) {
                assert!(num(&w[0], "from") < num(&w[0], "to"));
                assert!((num(&w[0], "to") - num(&w[1], "from")).abs() < 1e-9);
            }
        }
        // α uniform in [0.001, 1] on a linear axis: the lowest bins (below 0.1) hold about 10 %.
        let bins = items(&s.histogram_data("lr", "uniform", false).unwrap(), "bins");
        let low: f64 = bins
            .iter()
            .filter(|b| num(b, "to") <= 0.1 + 1e-9)
            .map(|b| num(b, "count"))
            .sum();
        assert!(low > 0.02 * 3000.0 && low < 0.15 * 3000.0, "{low}");
        assert!(s.histogram_data("lr", "reverseLog", false).is_err());
    }
}
