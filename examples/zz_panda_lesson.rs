use tunelab::config::Config;
use tunelab::nn::Mode;
use tunelab::train::{Split, Trainer};
use tunelab::views::panda::advance;
use tunelab::views::View;
fn main() {
    let qs: Vec<String> = std::env::args().skip(1).collect();
    for q in qs {
        let (query, at) = q.rsplit_once('@').unwrap();
        let at: u64 = at.parse().unwrap();
        let mut t = Trainer::new(&Config::from_query_in(View::Panda, query).unwrap()).unwrap();
        let mut done = 0;
        while done < at { let d = advance(&mut t, (at - done).min(997)); done += d; if d == 0 { break; } }
        let v = t.evaluate(Split::Valid, Mode::Inference);
        let tr = t.evaluate(Split::Train, Mode::Inference);
        let h = t.history().last().unwrap();
        println!("{query} @{at}: steps {} status {:?} valid {:.4} acc {:.3} train {:.4} | last rec step {} valid {:.4} | alpha {} | changes {:?} | hist {}",
            t.steps(), t.status(), v.loss, v.accuracy, tr.loss, h.step, h.valid.loss, t.base_learning_rate(), t.changes(), t.history().len());
    }
}
