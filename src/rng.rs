//! Seeded, portable pseudo-random numbers: the one place that names the generator.
//!
//! Every random choice in TuneLab (data, initialization, mini-batch order, search trials, the
//! right-scale samples) draws from a [`PortableRng`] that the caller builds explicitly from a seed
//! that is part of some config — never from a thread-local or OS generator — so a run is
//! reproducible from its URL, bit for bit, natively and in WebAssembly.
//!
//! **The generator** is [`rand_xoshiro::Xoshiro256PlusPlus`] (xoshiro256++, Blackman & Vigna
//! 2019), seeded from a `u64` through SplitMix64 ([`SeedableRng::seed_from_u64`]). Its stream is
//! defined by 64-bit integer arithmetic alone, so it is the same on wasm32 as on x86_64. rand's
//! own `SmallRng` is *not* used: it is xoshiro256++ on 64-bit targets but xoshiro128++ on 32-bit
//! ones such as wasm32, and rand documents it as not portable.
//!
//! **The draws** go through rand's traits ([`rand::Rng`], [`rand::seq::SliceRandom`]), whose
//! algorithms use only integer arithmetic and IEEE basic operations (no platform math), so they
//! are portable too:
//!
//! - `rng.random::<f64>()` ([`rand::distr::StandardUniform`]): 53 random bits × 2⁻⁵³, in [0, 1);
//! - `rng.random_range(lo..hi)` on `f64`: 52 random bits as u ∈ [0, 1), then u·(hi − lo) + lo;
//! - `rng.random_range(0..n)` on `usize`: drawn from 32-bit words whenever n < 2³² on every
//!   target (rand's `UniformUsize`), so a 64-bit build does not consume the stream differently;
//! - `rng.random_bool(p)` ([`rand::distr::Bernoulli`]): one 64-bit word against p·2⁶⁴;
//! - `items.shuffle(rng)` ([`SliceRandom::shuffle`](rand::seq::SliceRandom::shuffle)):
//!   Fisher–Yates with indices drawn from 32-bit words;
//! - `rng.sample(BoxMuller)`: the normal distribution, see [`BoxMuller`].
//!
//! rand's reproducibility policy allows sampled values to change between 0.x versions but not
//! in 0.9.x patch releases, so `rand = "0.9"` in Cargo.toml (and Cargo.lock) keeps every stream
//! fixed; moving to rand 0.10 means re-pinning `tests/golden/runs.txt`.
//!
//! **Fresh seeds** for the page's "new seed" buttons come from the operating system or the
//! browser's `crypto.getRandomValues` through `getrandom` ([`fresh_seed`]); they go into the
//! URL, and everything after that is deterministic again.

use crate::error::{Error, Result};
use core::f64::consts::PI;
use rand::distr::{Distribution, OpenClosed01, StandardUniform};
use rand::SeedableRng;

/// The seeded generator every random choice draws from: xoshiro256++ from `rand_xoshiro`,
/// whose stream is the same on every target (see the [module docs](self)).
pub type PortableRng = rand_xoshiro::Xoshiro256PlusPlus;

/// A generator whose whole stream is determined by `seed` (state from SplitMix64, as the
/// xoshiro authors recommend).
pub fn from_seed(seed: u64) -> PortableRng {
    PortableRng::seed_from_u64(seed)
}

/// An independent stream for a named purpose (e.g. one per trial), derived from `seed`: the
/// stream number is mixed into the seed by an odd multiply and a rotation, and SplitMix64 then
/// spreads any difference over the whole state.
pub fn derive(seed: u64, stream: u64) -> PortableRng {
    from_seed(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03).rotate_left(17))
}

/// Fresh seeds are below 2⁵³, i.e. at most JS's `Number.MAX_SAFE_INTEGER`: exact in a JS number,
/// and so in the page's state, its URL and the wasm-bindgen `f64` that carries it.
pub const FRESH_SEED_LIMIT: u64 = 1 << 53;

/// A new seed from the system's randomness (`getrandom`: the OS natively,
/// `crypto.getRandomValues` in the browser), uniform in `0..2⁵³` ([`FRESH_SEED_LIMIT`]) so it
/// survives JS numbers and URLs exactly. Only the choice of a seed is random; the run it
/// starts is reproducible from it. Errors only when the system has no randomness to give.
pub fn fresh_seed() -> Result<u64> {
    getrandom::u64().map(|bits| bits >> 11).map_err(|e| {
        Error::new(crate::i18n::Msg::new("error.no-randomness").text("reason", e.to_string()))
    })
}

/// The standard normal distribution N(0, 1), by the Box–Muller transform:
/// √(−2 ln u₁) · cos(2π u₂), with u₁ in (0, 1] ([`OpenClosed01`], so the log is finite) and u₂ in
/// [0, 1) ([`StandardUniform`]). Two 64-bit words per sample; the sine half is not kept.
///
/// Why not `rand_distr::StandardNormal`: its ziggurat calls `exp` and `ln` through `num-traits`,
/// which here has its `std` feature on (plotters enables it), so those would be the platform's
/// — glibc natively, Rust's libm port on wasm32 — and those may differ in the last bit, which
/// would break native = wasm. Box–Muller needs only `ln`, `sqrt` and `cos`, taken from the
/// `libm` crate: the same Rust code, hence the same bits, on every target.
#[derive(Clone, Copy, Debug, Default)]
pub struct BoxMuller;

impl Distribution<f64> for BoxMuller {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u1: f64 = rng.sample(OpenClosed01);
        let u2: f64 = rng.sample(StandardUniform);
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * PI * u2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::seq::SliceRandom;
    use rand::{Rng, RngCore};

    fn words(mut r: PortableRng) -> Vec<u64> {
        (0..8).map(|_| r.next_u64()).collect()
    }

    #[test]
    fn same_seed_same_stream_and_different_seed_differs() {
        assert_eq!(words(from_seed(7)), words(from_seed(7)));
        assert_ne!(words(from_seed(7)), words(from_seed(8)));
        assert_ne!(words(derive(7, 0)), words(derive(7, 1)));
        assert_ne!(words(derive(7, 1)), words(derive(8, 1)));
    }

    #[test]
    fn the_generator_is_xoshiro256plusplus_seeded_by_splitmix64() {
        // A reference implementation straight from the papers (SplitMix64 → 4 state words,
        // then xoshiro256++), which TuneLab used before adopting rand_xoshiro: same words.
        let mut sm = 12345u64;
        let mut splitmix = || {
            sm = sm.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = sm;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let mut s = [splitmix(), splitmix(), splitmix(), splitmix()];
        let reference: Vec<u64> = (0..8)
            .map(|_| {
                let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
                let t = s[1] << 17;
                s[2] ^= s[0];
                s[3] ^= s[1];
                s[1] ^= s[2];
                s[0] ^= s[3];
                s[2] ^= t;
                s[3] = s[3].rotate_left(45);
                result
            })
            .collect();
        assert_eq!(words(from_seed(12345)), reference);
    }

    #[test]
    fn uniform_and_normal_have_the_right_moments() {
        let mut r = from_seed(1);
        let n = 200_000;
        let (mut su, mut sn, mut sn2) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let u: f64 = r.random();
            assert!((0.0..1.0).contains(&u));
            su += u;
            let z = r.sample(BoxMuller);
            assert!(z.is_finite());
            sn += z;
            sn2 += z * z;
        }
        let n = n as f64;
        assert!((su / n - 0.5).abs() < 0.005);
        assert!((sn / n).abs() < 0.01);
        assert!((sn2 / n - 1.0).abs() < 0.01);
    }

    #[test]
    fn integer_ranges_are_uniform_and_shuffles_are_permutations() {
        let mut r = from_seed(3);
        let mut counts = [0usize; 5];
        for _ in 0..50_000 {
            counts[r.random_range(0..5usize)] += 1;
        }
        for c in counts {
            assert!((c as f64 - 10_000.0).abs() < 400.0, "{counts:?}");
        }
        let mut items: Vec<usize> = (0..100).collect();
        items.shuffle(&mut r);
        assert_ne!(items, (0..100).collect::<Vec<_>>());
        items.sort_unstable();
        assert_eq!(items, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn fresh_seeds_fit_in_a_js_number_and_differ() {
        let a = fresh_seed().unwrap();
        let b = fresh_seed().unwrap();
        assert!(a < FRESH_SEED_LIMIT && b < FRESH_SEED_LIMIT);
        assert_eq!(a as f64 as u64, a, "exact as an f64");
        assert_ne!(
            a, b,
            "two fresh 53-bit seeds collide with probability 2^-53"
        );
    }
}
