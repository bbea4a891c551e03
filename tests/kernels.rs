//! The fast dense kernels (register-blocked, several rows at a time) against the plain triple
//! loops they replace. Both sum in ascending index order in f32, so the results must be
//! bit-identical — for every shape, including the ragged edges of the 16/8/4/1-column and
//! 2/4-row blocks.

#![cfg(not(target_arch = "wasm32"))]

use rand::Rng;
use tunelab::nn::dense;
use tunelab::rng::{self, BoxMuller, PortableRng};

fn random(rng: &mut PortableRng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.sample(BoxMuller) as f32).collect()
}

/// Shapes covering every block remainder: widths 1..=21 and 33, batch sizes 1..=9 and 64.
fn shapes() -> Vec<(usize, usize, usize)> {
    let widths: Vec<usize> = (1..=21).chain([33]).collect();
    let batches: Vec<usize> = (1..=9).chain([64]).collect();
    let mut v = Vec::new();
    for &m in &batches {
        for &fan_in in &[1, 2, 3, 16, 17] {
            for &units in &widths {
                v.push((m, fan_in, units));
            }
        }
    }
    v
}

#[test]
fn forward_equals_the_plain_loop_bit_for_bit() {
    let mut rng = rng::from_seed(1);
    for (m, fan_in, units) in shapes() {
        let a = random(&mut rng, m * fan_in);
        let w = random(&mut rng, fan_in * units);
        let b = random(&mut rng, units);
        for bias in [None, Some(b.as_slice())] {
            let mut fast = vec![f32::NAN; m * units];
            dense::forward(&a, m, fan_in, units, &w, bias, &mut fast);
            let mut plain = vec![0.0f32; m * units];
            for i in 0..m {
                for j in 0..units {
                    let mut z = bias.map_or(0.0, |b| b[j]);
                    for k in 0..fan_in {
                        z += a[i * fan_in + k] * w[k * units + j];
                    }
                    plain[i * units + j] = z;
                }
            }
            assert_eq!(fast, plain, "forward m={m} fan_in={fan_in} units={units}");
        }
    }
}

#[test]
fn backward_equals_the_plain_loops_bit_for_bit() {
    let mut rng = rng::from_seed(2);
    for (m, fan_in, units) in shapes() {
        let a = random(&mut rng, m * fan_in);
        let w = random(&mut rng, fan_in * units);
        let dz = random(&mut rng, m * units);
        // Gradients accumulate into what is there already.
        let dw0 = random(&mut rng, fan_in * units);
        let db0 = random(&mut rng, units);
        let (mut dw, mut db) = (dw0.clone(), db0.clone());
        dense::backward_params(&a, &dz, m, fan_in, units, &mut dw, Some(&mut db));
        let mut w_t = vec![0.0; w.len()];
        dense::transpose(&w, fan_in, units, &mut w_t);
        let mut da = vec![f32::NAN; m * fan_in];
        dense::backward_input(&dz, &w_t, m, fan_in, units, &mut da);

        let (mut pdw, mut pdb, mut pda) = (dw0, db0, vec![0.0f32; m * fan_in]);
        for k in 0..fan_in {
            for j in 0..units {
                let mut s = pdw[k * units + j];
                for i in 0..m {
                    s += a[i * fan_in + k] * dz[i * units + j];
                }
                pdw[k * units + j] = s;
            }
        }
        for j in 0..units {
            for i in 0..m {
                pdb[j] += dz[i * units + j];
            }
        }
        for i in 0..m {
            for k in 0..fan_in {
                let mut s = 0.0f32;
                for j in 0..units {
                    s += dz[i * units + j] * w[k * units + j];
                }
                pda[i * fan_in + k] = s;
            }
        }
        let shape = format!("m={m} fan_in={fan_in} units={units}");
        assert_eq!(dw, pdw, "dW {shape}");
        assert_eq!(db, pdb, "db {shape}");
        assert_eq!(da, pda, "da {shape}");
    }
}
