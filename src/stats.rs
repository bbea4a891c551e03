//! Statistics shared by the views and the charts: equal-width bins (the one binning rule of
//! every histogram and of the search's importance estimate) and mean ± standard deviation.
//! Plain functions of numbers, no drawing.

/// `n` equal-width bins over `[lo, hi]`: value x falls in bin ⌊(x − lo)/(hi − lo) · n⌋, so
/// bin i is `[edge(i), edge(i + 1))` and the last bin also holds `hi`. (Like any float
/// binning, a value within a rounding error of an inner edge may land on either side of it;
/// `lo`, `hi` and edges that are exact binary fractions of the range are exact.)
///
/// The range is expected to be finite with `lo < hi`; no input panics, but a degenerate range
/// puts whatever it holds in bin 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bins {
    lo: f64,
    hi: f64,
    n: usize,
}

impl Bins {
    /// `n` bins (at least 1) over `[lo, hi]`.
    pub fn new(lo: f64, hi: f64, n: usize) -> Bins {
        Bins {
            lo,
            hi,
            n: n.max(1),
        }
    }

    /// How many bins.
    pub fn count(&self) -> usize {
        self.n
    }

    /// The range `(lo, hi)` the bins cover.
    pub fn range(&self) -> (f64, f64) {
        (self.lo, self.hi)
    }

    /// Edge `k` (0 ..= n): `lo` for 0, `hi` for n, `lo + (hi − lo)·k/n` between.
    pub fn edge(&self, k: usize) -> f64 {
        if k == 0 {
            self.lo
        } else if k >= self.n {
            self.hi
        } else {
            self.lo + (self.hi - self.lo) * k as f64 / self.n as f64
        }
    }

    /// The n + 1 edges, `lo` first and `hi` last.
    pub fn edges(&self) -> Vec<f64> {
        (0..=self.n).map(|k| self.edge(k)).collect()
    }

    /// The bin of `x`, or `None` when x is outside `[lo, hi]` or NaN.
    pub fn index(&self, x: f64) -> Option<usize> {
        (x >= self.lo && x <= self.hi).then(|| self.index_clamped(x))
    }

    /// The bin of `x`, counting values below `lo` in the first bin and above `hi` in the last
    /// (for values that belong to the range but that rounding put just outside it). NaN goes
    /// to the first bin.
    pub fn index_clamped(&self, x: f64) -> usize {
        let t = ((x - self.lo) / (self.hi - self.lo)).clamp(0.0, 1.0);
        ((t * self.n as f64) as usize).min(self.n - 1)
    }

    /// How many of `values` fall in each bin; values outside `[lo, hi]` and NaN are not
    /// counted.
    pub fn counts(&self, values: impl IntoIterator<Item = f64>) -> Vec<usize> {
        let mut counts = vec![0; self.n];
        for i in values.into_iter().filter_map(|x| self.index(x)) {
            counts[i] += 1;
        }
        counts
    }
}

/// Mean μ and standard deviation σ (population) of the finite values, if any.
pub fn mean_sd(values: &[f64]) -> Option<(f64, f64)> {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.is_empty() {
        return None;
    }
    let n = finite.len() as f64;
    let mean = finite.iter().sum::<f64>() / n;
    let var = finite.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n;
    Some((mean, var.sqrt()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_on_an_edge_start_the_next_bin_and_the_max_closes_the_last() {
        let b = Bins::new(0.0, 1.0, 4);
        assert_eq!(b.edges(), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
        let at = |x: f64| b.index(x);
        assert_eq!(
            [0.0, 0.25, 0.5, 0.75].map(at),
            [Some(0), Some(1), Some(2), Some(3)]
        );
        assert_eq!(at(1.0), Some(3), "the max is in the last bin");
        assert_eq!(at(0.2499999), Some(0));
        assert_eq!(b.counts([0.0, 0.25, 0.26, 0.5, 1.0]), vec![1, 2, 1, 1]);
        // A range that is not a power of two: every edge starts its own bin.
        let b = Bins::new(-2.0, 4.0, 3);
        assert_eq!(b.edges(), vec![-2.0, 0.0, 2.0, 4.0]);
        assert_eq!(
            [-2.0, 0.0, 2.0, 4.0].map(|x| b.index(x)),
            [0, 1, 2, 2].map(Some)
        );
        let b = Bins::new(-3.0, 3.0, 6);
        for k in 0..6 {
            assert_eq!(b.index(b.edge(k)), Some(k), "edge {k}");
        }
    }

    #[test]
    fn out_of_range_values_are_dropped_or_clamped() {
        let b = Bins::new(1.0, 3.0, 2);
        for x in [0.999, 3.001, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(b.index(x), None, "{x}");
        }
        assert_eq!(b.index_clamped(-5.0), 0);
        assert_eq!(b.index_clamped(3.0 + 1e-12), 1);
        assert_eq!(b.index_clamped(f64::INFINITY), 1);
        assert_eq!(b.index_clamped(f64::NAN), 0);
        assert_eq!(b.counts([0.0, 1.0, 2.0, 2.5, 9.0, f64::NAN]), vec![1, 2]);
    }

    #[test]
    fn empty_input_and_odd_bins() {
        let b = Bins::new(0.0, 1.0, 5);
        assert_eq!(b.counts([]), vec![0; 5]);
        let one = Bins::new(0.0, 1.0, 0);
        assert_eq!(one.count(), 1);
        assert_eq!(one.edges(), vec![0.0, 1.0]);
        assert_eq!(one.index(0.7), Some(0));
        // A degenerate range does not panic.
        let flat = Bins::new(2.0, 2.0, 3);
        assert_eq!(flat.index(2.0), Some(0));
        assert_eq!(flat.index(2.5), None);
    }

    #[test]
    fn mean_and_sd_skip_non_finite_values() {
        assert_eq!(
            mean_sd(&[1.0, 3.0, f64::INFINITY, f64::NAN]),
            Some((2.0, 1.0))
        );
        assert_eq!(mean_sd(&[]), None);
        assert_eq!(mean_sd(&[f64::NAN]), None);
    }
}
