use tunelab::views::caviar::board::Board;
use tunelab::views::caviar::flock::Flock;
use tunelab::views::caviar::CaviarSettings;
fn run(q: &str, prev: Option<&Board>) -> Board {
    let s = CaviarSettings::from_query(q).unwrap();
    let mut board = Board::new(s.clone());
    let mut f = Flock::models(&s, &(0..s.models).collect::<Vec<_>>());
    while !f.is_done() { board.record(&f.advance(500)); }
    let mut p = Flock::panda(&s);
    while !p.is_done() { board.record(&p.advance(5000)); }
    if let Some(pr) = prev { board.compare_with(pr.summary().unwrap()); }
    board
}
fn main() {
    for q in std::env::args().skip(1) {
        let b = run(&q, None);
        println!("== {q}");
        for r in b.rows() { println!("rank {:2} #{:2} {} steps {} score {:?} {:?}", r.rank, r.index+1, r.values, r.steps, r.score, r.state); }
        println!("comparison {:?}", b.comparison());
    }
    let before = run("", None);
    let after = run("dataset=moons&changedData=spiral", Some(&before));
    println!("stale {:?}", after.stale());
    for r in after.rows() { println!("moons rank {:2} #{:2} {} score {:?} {:?}", r.rank, r.index+1, r.values, r.score, r.state); }
}
