//! Statistics of values for the charts: mean and standard deviation, and equal-width bins.

use crate::render::axis::{self, Bounds};

/// Counts finite `values` into `bins` equal bins over `range` (or the values' min..max):
/// returns (edges, counts). Values outside the range are not counted; the top edge is included
/// in the last bin. No finite values (or a degenerate range) give one bin around the value.
pub fn histogram(values: &[f64], bins: usize, range: Option<(f64, f64)>) -> (Vec<f64>, Vec<f64>) {
    let bins = bins.clamp(1, 1000);
    let mut b = Bounds::default();
    values.iter().for_each(|&v| b.add(v));
    let (lo, hi) = match range {
        Some((a, c)) if a.is_finite() && c.is_finite() && a < c => (a, c),
        _ => {
            let (lo, hi) = b.0.unwrap_or((0.0, 1.0));
            axis::widen(lo, hi)
        }
    };
    let width = (hi - lo) / bins as f64;
    let edges: Vec<f64> = (0..=bins).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![0.0; bins];
    for &v in values {
        if v.is_finite() && v >= lo && v <= hi {
            let i = (((v - lo) / width) as usize).min(bins - 1);
            counts[i] += 1.0;
        }
    }
    (edges, counts)
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
    fn histogram_counts_every_value_in_range() {
        let (edges, counts) = histogram(&[0.0, 0.1, 0.5, 1.0, f64::NAN, 2.0], 2, Some((0.0, 1.0)));
        assert_eq!(edges, vec![0.0, 0.5, 1.0]);
        assert_eq!(counts, vec![2.0, 2.0]);
        let (edges, counts) = histogram(&[], 4, None);
        assert_eq!(edges.len(), 5);
        assert_eq!(counts.iter().sum::<f64>(), 0.0);
        let (_, counts) = histogram(&[3.0, 3.0], 3, None);
        assert_eq!(counts.iter().sum::<f64>(), 2.0);
    }
}
