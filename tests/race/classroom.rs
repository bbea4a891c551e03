//! Native tests of the race's classroom hooks (see `tests/race.rs`): the picture keys a link
//! carries, "The same search in your tools" (the Optuna and Ray Tune snippets, parsed back and
//! run through python3 with stand-ins for the libraries), and the tables of the data export.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::Command;

use tunelab::search::*;
use tunelab::views::race::export::{Cell, Table};
use tunelab::views::race::study::Study;
use tunelab::views::race::work::run_all;
use tunelab::views::race::{snippet, Race, RacePlan, RaceSettings, STRATEGY_IDS};

fn parse(q: &str) -> RaceSettings {
    RaceSettings::from_query(q).unwrap_or_else(|e| panic!("{q}: {e}"))
}

/// Spaces covering every scale: log and 1 − 10^r (the default), integer and powers of two,
/// linear and categorical.
const SPACES: [&str; 3] = [
    "",
    "zAxis=units&wAxis=batch&budget=81&searchSeed=7",
    "xAxis=decay&yAxis=bn&budget=16",
];

#[test]
fn the_picture_keys_round_trip_and_default_to_a_plain_race() {
    let plain = parse("");
    assert!(!plain.picture.repeated && !plain.picture.study && plain.picture.landscape);
    assert!(!plain.to_query().contains("repeated"));
    let s = parse("repeated=1&study=1&landscape=0&map=xy");
    assert!(s.picture.repeated && s.picture.study && !s.picture.landscape);
    let again = parse(&s.to_query());
    assert_eq!(again.picture, s.picture);
    assert_eq!(again.to_query(), s.to_query());
    // The picture changes what the page runs and draws, never a trial or the landscape.
    assert_eq!(s.landscape_key(), plain.landscape_key());
    assert_eq!(s.points(0, 2), plain.points(0, 2));
    for bad in ["repeated=2", "study=yes", "landscape=-1"] {
        let e = RaceSettings::from_query(bad).expect_err(bad);
        assert_eq!(e.key(), Some(bad.split('=').next().unwrap()), "{bad}");
    }
    // The study's key follows its own settings only.
    assert_eq!(parse("budget=9").study_key(), plain.study_key());
    assert_ne!(parse("studyTrials=40").study_key(), plain.study_key());
    assert_ne!(parse("steps=50").study_key(), plain.study_key());
}

// ---- the snippets, parsed back ---------------------------------------------------------------

/// Splits `a, [b, c], d` at the commas outside brackets.
fn args(s: &str) -> Vec<String> {
    let (mut out, mut depth, mut cur) = (Vec::new(), 0, String::new());
    for ch in s.chars() {
        match ch {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(cur.trim().to_string());
                cur.clear();
                continue;
            }
            _ => {}
        }
        cur.push(ch);
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

/// `f(args)` in `line` → its arguments.
fn call_args(line: &str, f: &str) -> Option<Vec<String>> {
    let start = line.find(&format!("{f}("))? + f.len() + 1;
    let mut depth = 1;
    let end = line[start..].char_indices().find_map(|(i, c)| {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        (depth == 0).then_some(start + i)
    })?;
    Some(args(&line[start..end]))
}

fn num(s: &str) -> f64 {
    s.parse()
        .unwrap_or_else(|_| panic!("'{s}' is not a Python number"))
}

fn unquote(s: &str) -> String {
    s.trim_matches('"').to_string()
}

/// One axis as read back from a snippet: the drawn distribution and the mapping.
#[derive(Debug, PartialEq)]
enum ReadBack {
    /// A float in [lo, hi], log-uniform or not.
    Float(f64, f64, bool),
    /// Whole numbers lo..=hi.
    Int(i64, i64),
    /// Choices.
    Choice(Vec<String>),
}

/// Checks that what a snippet draws for `axis` (and how it maps the draw) is the axis.
fn check_axis(axis: &Axis, drawn: &ReadBack, map: &str) {
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1e-12);
    let key = axis.param().key();
    match (axis.scale(), drawn) {
        (Scale::Log, ReadBack::Float(lo, hi, true)) => {
            assert_eq!(map, "", "{key}");
            assert!(
                close(*lo, axis.lo()) && close(*hi, axis.hi()),
                "{key}: {drawn:?}"
            );
        }
        (Scale::Linear, ReadBack::Float(lo, hi, false)) => {
            assert_eq!(map, "", "{key}");
            assert!(
                close(*lo, axis.lo()) && close(*hi, axis.hi()),
                "{key}: {drawn:?}"
            );
        }
        (Scale::OneMinusLog, ReadBack::Float(a, b, false)) => {
            assert_eq!(map, "1 - 10 **", "{key}");
            // β = 1 − 10^r: r = a gives the top of the range, r = b its bottom.
            assert!(close(1.0 - 10f64.powf(*a), axis.hi()), "{key}: {drawn:?}");
            assert!(close(1.0 - 10f64.powf(*b), axis.lo()), "{key}: {drawn:?}");
        }
        (Scale::Integer, ReadBack::Int(lo, hi)) => {
            assert_eq!(map, "", "{key}");
            assert_eq!((*lo as f64, *hi as f64), (axis.lo(), axis.hi()), "{key}");
        }
        (Scale::PowersOfTwo, ReadBack::Int(a, b)) => {
            assert_eq!(map, "2 **", "{key}");
            assert_eq!(
                (2f64.powi(*a as i32), 2f64.powi(*b as i32)),
                (axis.lo(), axis.hi())
            );
        }
        (Scale::Categorical, ReadBack::Choice(c)) => {
            assert_eq!(map, "", "{key}");
            assert_eq!(c, &axis.param().choices().to_vec(), "{key}");
        }
        (scale, _) => panic!("{key} on the {scale:?} scale drawn as {drawn:?}"),
    }
}

/// The mapping written before a draw on `line` (`1 - 10 **`, `2 **` or nothing).
fn map_before(line: &str, draw_at: usize) -> String {
    let eq = line.find(" = ").expect("an assignment") + 3;
    line[eq..draw_at].trim().to_string()
}

#[test]
fn the_optuna_snippet_draws_every_axis_on_its_scale() {
    for q in SPACES {
        let s = parse(q);
        let code = snippet::optuna(&s);
        let mut seen = BTreeMap::new();
        for line in code.lines().filter(|l| l.contains("trial.suggest_")) {
            let var = line.trim().split(" = ").next().unwrap().to_string();
            let at = line.find("trial.suggest_").unwrap();
            let (drawn, a) = if let Some(a) = call_args(line, "trial.suggest_float") {
                let log = a.get(3).map(|x| x.as_str()) == Some("log=True");
                (ReadBack::Float(num(&a[1]), num(&a[2]), log), a)
            } else if let Some(a) = call_args(line, "trial.suggest_int") {
                let r = ReadBack::Int(a[1].parse().unwrap(), a[2].parse().unwrap());
                (r, a)
            } else {
                let a = call_args(line, "trial.suggest_categorical").expect(line);
                let list = a[1].trim_matches(|c| c == '[' || c == ']');
                (
                    ReadBack::Choice(args(list).iter().map(|c| unquote(c)).collect()),
                    a,
                )
            };
            let name = unquote(&a[0]);
            assert!(name.contains(&var), "{name} names {var}");
            seen.insert(var, (drawn, map_before(line, at)));
        }
        assert_eq!(seen.len(), s.axes.len(), "{q}: one draw per axis\n{code}");
        for axis in &s.axes {
            let (drawn, map) = &seen[axis.param().key()];
            check_axis(axis, drawn, map);
        }
        assert!(code.contains(&format!("n_trials={})", s.budget)), "{code}");
        assert!(
            code.contains(&format!("RandomSampler(seed={})", s.seed)),
            "{code}"
        );
        assert!(code.contains("direction=\"minimize\""));
    }
}

#[test]
fn the_ray_tune_snippet_draws_every_axis_on_its_scale() {
    for q in SPACES {
        let s = parse(q);
        let code = snippet::ray_tune(&s);
        // param_space: "name": tune.dist(args),
        let mut space = BTreeMap::new();
        for line in code.lines().filter(|l| l.trim_start().starts_with("\"")) {
            let name = unquote(line.trim().split(':').next().unwrap());
            let drawn = if let Some(a) = call_args(line, "tune.loguniform") {
                ReadBack::Float(num(&a[0]), num(&a[1]), true)
            } else if let Some(a) = call_args(line, "tune.uniform") {
                ReadBack::Float(num(&a[0]), num(&a[1]), false)
            } else if let Some(a) = call_args(line, "tune.randint") {
                // Ray's upper bound is excluded.
                ReadBack::Int(a[0].parse().unwrap(), a[1].parse::<i64>().unwrap() - 1)
            } else {
                let a = call_args(line, "tune.choice").expect(line);
                let list = a[0].trim_matches(|c| c == '[' || c == ']');
                ReadBack::Choice(args(list).iter().map(|c| unquote(c)).collect())
            };
            space.insert(name, drawn);
        }
        assert_eq!(space.len(), s.axes.len(), "{q}\n{code}");
        // The trainable: var = <map> config["name"]
        let mut seen = 0;
        for line in code.lines().filter(|l| l.contains("config[\"")) {
            let var = line.trim().split(" = ").next().unwrap();
            let at = line.find("config[\"").unwrap();
            let name = line[at + 8..].split('"').next().unwrap();
            let axis = s.axes.iter().find(|a| a.param().key() == var).expect(var);
            check_axis(axis, &space[name], &map_before(line, at));
            seen += 1;
        }
        assert_eq!(seen, s.axes.len());
        assert!(
            code.contains(&format!("num_samples={},", s.budget)),
            "{code}"
        );
        assert!(
            code.contains(&format!("random_state={})", s.seed)),
            "{code}"
        );
    }
}

/// Python stand-ins for Optuna and Ray Tune: they record every draw, then call the objective
/// (or trainable) twice, once with every draw at the bottom of its range ("lo") and once at
/// the top ("hi"), and print the hyperparameters the snippet hands to `train_and_validate`.
const FAKE_LIBRARIES: &str = r#"
import sys, types
src = open(sys.argv[1]).read()
g = {}
out = []
def train(**kw):
    for k, v in sorted(kw.items()):
        out.append(f"value {mode} {k} {v!r}")
    return 0.0
def pick(lo, hi):
    return lo if mode == "lo" else hi
class Trial:
    def suggest_float(self, name, lo, hi, log=False):
        out.append(f"draw float {name} {lo!r} {hi!r} {log}")
        return pick(lo, hi)
    def suggest_int(self, name, lo, hi):
        out.append(f"draw int {name} {lo} {hi} False")
        return pick(lo, hi)
    def suggest_categorical(self, name, choices):
        out.append(f"draw choice {name} {','.join(choices)}")
        return pick(choices[0], choices[-1])
class Study:
    def optimize(self, objective, n_trials):
        global mode
        out.append(f"n_trials {n_trials}")
        g["train_and_validate"] = train
        for mode in ("lo", "hi"):
            objective(Trial())
optuna = types.ModuleType("optuna")
optuna.create_study = lambda direction, sampler: Study()
optuna.samplers = types.SimpleNamespace(RandomSampler=lambda seed: out.append(f"seed {seed}"))
tune = types.ModuleType("ray.tune")
tune.loguniform = lambda a, b: ("loguniform", a, b)
tune.uniform = lambda a, b: ("uniform", a, b)
tune.randint = lambda a, b: ("randint", a, b - 1)
tune.choice = lambda c: ("choice", c[0], c[-1])
tune.TuneConfig = lambda **kw: kw
class Tuner:
    def __init__(self, trainable, param_space, tune_config):
        self.t, self.space, self.cfg = trainable, param_space, tune_config
    def fit(self):
        global mode
        out.append(f"n_trials {self.cfg['num_samples']}")
        out.append(f"seed {self.cfg['search_alg']['random_state']}")
        g["train_and_validate"] = train
        for mode in ("lo", "hi"):
            self.t({k: pick(d[1], d[2]) for k, d in self.space.items()})
tune.Tuner = Tuner
bv = types.ModuleType("ray.tune.search.basic_variant")
bv.BasicVariantGenerator = lambda random_state: {"random_state": random_state}
ray = types.ModuleType("ray")
ray.tune = tune
for name, m in [("optuna", optuna), ("ray", ray), ("ray.tune", tune), ("ray.tune.search", types.ModuleType("s")),
                ("ray.tune.search.basic_variant", bv)]:
    sys.modules[name] = m
exec(compile(src, "snippet", "exec"), g)
print("\n".join(out))
"#;

/// Runs `code` with the stand-ins; the printed lines.
fn run_python(code: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("tunelab-snippet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!("s{}.py", code.len()));
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(code.as_bytes()))
        .unwrap();
    let out = Command::new("python3")
        .arg("-c")
        .arg(FAKE_LIBRARIES)
        .arg(&path)
        .output()
        .expect("python3 runs (Debian's python3 package)");
    assert!(
        out.status.success(),
        "python3 failed: {}\n{code}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn both_snippets_run_in_python_and_hand_over_the_ends_of_every_range() {
    for q in SPACES {
        let s = parse(q);
        for (lib, code) in [
            ("optuna", snippet::optuna(&s)),
            ("ray", snippet::ray_tune(&s)),
        ] {
            let lines = run_python(&code);
            assert!(
                lines.contains(&format!("n_trials {}", s.budget)),
                "{lib}: {lines:?}"
            );
            assert!(
                lines.contains(&format!("seed {}", s.seed)),
                "{lib}: {lines:?}"
            );
            for axis in &s.axes {
                let key = axis.param().key();
                let value = |mode: &str| -> String {
                    let prefix = format!("value {mode} {key} ");
                    let line = lines.iter().find(|l| l.starts_with(&prefix));
                    line.unwrap_or_else(|| panic!("{lib} {q}: no {key} in {lines:?}"))
                        [prefix.len()..]
                        .to_string()
                };
                let (lo, hi) = (value("lo"), value("hi"));
                if axis.scale() == Scale::Categorical {
                    let c = axis.param().choices();
                    let ends = [format!("'{}'", c[0]), format!("'{}'", c[c.len() - 1])];
                    assert_eq!([lo, hi], ends, "{lib} {key}");
                    continue;
                }
                let mut got = [num(&lo), num(&hi)];
                got.sort_by(f64::total_cmp);
                let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs();
                assert!(
                    close(got[0], axis.lo()) && close(got[1], axis.hi()),
                    "{lib} {q} {key}: {got:?} vs [{}, {}]",
                    axis.lo(),
                    axis.hi()
                );
            }
        }
    }
}

// ---- the data export -------------------------------------------------------------------------

fn column(t: &Table, name: &str) -> usize {
    t.columns
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("no column {name} in {:?}", t.columns))
}

fn run(race: &mut Race, tasks: Vec<u32>) {
    let mut plan = RacePlan::new(race.settings().clone());
    run_all(&mut plan, tasks, 1e9, |_, s| {
        race.record(&s.tasks, &s.results, s.steps)
    });
}

#[test]
fn the_race_exports_every_trial_with_its_values_score_and_status() {
    let s = parse("objective=synthetic&mapSize=4&budget=9&repeats=6");
    let mut race = Race::new(s.clone());
    let tables = race.tables(None);
    assert_eq!(tables.len(), 1, "no repeats table before the repeats");
    let t = &tables[0];
    assert_eq!(
        t.columns,
        ["pass", "strategy", "trial", "lr", "beta2", "score", "status"]
    );
    assert_eq!(t.rows.len(), 3 * 9);
    let status = column(t, "status");
    assert!(t
        .rows
        .iter()
        .all(|r| r[status] == Cell::Text("pending".into())));
    let tasks = race.trial_tasks(0);
    run(&mut race, tasks);
    let t = race.trials_table(None);
    let sum = race.summary();
    for (i, id) in STRATEGY_IDS.iter().enumerate() {
        let rows: Vec<&Vec<Cell>> = t
            .rows
            .iter()
            .filter(|r| r[1] == Cell::Text(id.to_string()))
            .collect();
        assert_eq!(rows.len(), 9, "{id}");
        // Each row is that strategy's trial: its point and its score.
        for (k, r) in rows.iter().enumerate() {
            assert_eq!(r[2], Cell::Num((k + 1) as f64));
            let p = &race.points(i)[k];
            assert_eq!(
                (r[3].clone(), r[4].clone()),
                (Cell::Num(p[0]), Cell::Num(p[1]))
            );
            assert_eq!(r[6], Cell::Text("scored".into()));
        }
        let best = rows
            .iter()
            .filter_map(|r| match r[5] {
                Cell::Num(v) => Some(v),
                _ => None,
            })
            .fold(f64::INFINITY, f64::min);
        assert_eq!(Some(best), sum.strategies[i].best.as_ref().map(|b| b.0));
    }
    // After the repeats: one summary row per strategy, the wins the page states.
    let tasks = race.repeat_tasks();
    run(&mut race, tasks);
    let tables = race.tables(None);
    assert_eq!(tables.len(), 2);
    let r = &tables[1];
    assert_eq!(
        r.columns,
        [
            "strategy",
            "repeats",
            "wins_over_grid",
            "ties_with_grid",
            "median_best"
        ]
    );
    let rep = race.summary().repeats.unwrap();
    assert_eq!(r.rows.len(), 3);
    for (i, row) in r.rows.iter().enumerate() {
        assert_eq!(row[0], Cell::Text(STRATEGY_IDS[i].into()));
        assert_eq!(row[1], Cell::Num(6.0));
        assert_eq!(row[2], Cell::Num(rep.wins[i] as f64));
        assert_eq!(row[4], Cell::Num(rep.median_best[i]));
    }
}

#[test]
fn a_finer_pass_exports_as_pass_two_of_random_on_scale_only() {
    let s = parse("objective=synthetic&mapSize=4&budget=9&zoom=0.2,0.6,0,1");
    let z = s.zoomed().unwrap().unwrap();
    let race = Race::new(s);
    let zoomed = Race::finer(z);
    let t = race.trials_table(Some(&zoomed));
    assert_eq!(t.rows.len(), 27 + 9);
    let second: Vec<_> = t.rows.iter().filter(|r| r[0] == Cell::Num(2.0)).collect();
    assert_eq!(second.len(), 9);
    assert!(second.iter().all(|r| r[1] == Cell::Text("scale".into())));
}

#[test]
fn categorical_values_export_as_their_names() {
    let s = parse("objective=synthetic&mapSize=4&xAxis=lr&yAxis=bn&budget=4");
    let race = Race::new(s);
    let t = race.trials_table(None);
    let bn = column(&t, "bn");
    assert!(t
        .rows
        .iter()
        .all(|r| r[bn] == Cell::Text("off".into()) || r[bn] == Cell::Text("on".into())));
}

#[test]
fn the_study_exports_its_trials_and_then_its_shares() {
    let s = parse("studyTrials=20&steps=20");
    let mut study = Study::new(&s);
    let tables = study.tables();
    assert_eq!(tables.len(), 1, "no shares before the ranking");
    assert_eq!(tables[0].rows.len(), 20);
    assert_eq!(tables[0].columns.len(), 2 + 9 + 2);
    let tasks = study.tasks();
    run_all(&mut study, tasks, 1e9, |st, s| {
        st.record(&s.tasks, &s.results, s.steps)
    });
    let tables = study.tables();
    assert_eq!(tables.len(), 2);
    let trials = &tables[0];
    let optimizer = column(trials, "optimizer");
    assert_eq!(trials.rows[0][optimizer], Cell::Text("momentum".into()));
    assert_eq!(trials.rows[1][optimizer], Cell::Text("adam".into()));
    let status = column(trials, "status");
    assert!(trials
        .rows
        .iter()
        .all(|r| r[status] != Cell::Text("pending".into())));
    let shares = &tables[1];
    assert_eq!(
        shares.columns,
        [
            "rank",
            "hyperparameter",
            "share",
            "noise",
            "course_tier",
            "measured_tier",
            "trials"
        ]
    );
    let ranking = study.summary().ranking.unwrap();
    assert_eq!(shares.rows.len(), 9);
    for (row, r) in shares.rows.iter().zip(&ranking) {
        assert_eq!(row[1], Cell::Text(r.param.key().into()));
        assert_eq!(row[2], Cell::Num(r.share));
    }
}
