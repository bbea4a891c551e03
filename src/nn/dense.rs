//! Fully connected layer kernels on batch-major buffers.
//!
//! `a` is m × fan_in (example i, input k at `a[i * fan_in + k]`), `w` is fan_in × units
//! (`w[k * units + j]` connects input k to unit j), and z is m × units.
//!
//! All three products reduce to one kernel, [`accumulate_rows`]: out[c] += Σ_i s_i·R[i][c].
//! It walks the columns in register-sized blocks (16, 8, 4, then 1) and keeps each block's
//! accumulators in registers across the whole sum, which is what makes these tiny matrices fast
//! (and auto-vectorized, with SIMD128 on wasm). Every sum runs in ascending i, so results do not
//! depend on the block sizes and are identical on every target.

/// out[c] += Σ_{i < n} s(i)·rows[i·stride + c] for c in 0..out.len(), summing in ascending i.
#[inline(always)]
fn accumulate_rows(
    out: &mut [f32],
    n: usize,
    s: impl Fn(usize) -> f32,
    rows: &[f32],
    stride: usize,
) {
    let cols = out.len();
    let mut c = 0;
    while c + 16 <= cols {
        block::<16>(&mut out[c..c + 16], n, &s, &rows[c..], stride);
        c += 16;
    }
    if c + 8 <= cols {
        block::<8>(&mut out[c..c + 8], n, &s, &rows[c..], stride);
        c += 8;
    }
    if c + 4 <= cols {
        block::<4>(&mut out[c..c + 4], n, &s, &rows[c..], stride);
        c += 4;
    }
    while c < cols {
        block::<1>(&mut out[c..c + 1], n, &s, &rows[c..], stride);
        c += 1;
    }
}

/// One block of W columns of [`accumulate_rows`], accumulated in registers.
#[inline(always)]
fn block<const W: usize>(
    out: &mut [f32],
    n: usize,
    s: &impl Fn(usize) -> f32,
    rows: &[f32],
    stride: usize,
) {
    let mut acc: [f32; W] = out[..W].try_into().expect("block width");
    for i in 0..n {
        let si = s(i);
        let r: &[f32; W] = rows[i * stride..i * stride + W]
            .try_into()
            .expect("block width");
        for t in 0..W {
            acc[t] += si * r[t];
        }
    }
    out[..W].copy_from_slice(&acc);
}

/// z = a·W (+ b): for each example, z_j = b_j + Σ_k a_k·W_kj.
pub fn forward(
    a: &[f32],
    m: usize,
    fan_in: usize,
    units: usize,
    w: &[f32],
    b: Option<&[f32]>,
    z: &mut [f32],
) {
    for (ar, zr) in a[..m * fan_in]
        .chunks_exact(fan_in)
        .zip(z[..m * units].chunks_exact_mut(units))
    {
        match b {
            Some(b) => zr.copy_from_slice(&b[..units]),
            None => zr.fill(0.0),
        }
        accumulate_rows(zr, fan_in, |k| ar[k], w, units);
    }
}

/// Parameter gradients, *added* into `dw` and `db`: dW += aᵀ·dz (dW_kj += Σ_i a_ik·dz_ij),
/// db += Σ_i dz_i.
pub fn backward_params(
    a: &[f32],
    dz: &[f32],
    m: usize,
    fan_in: usize,
    units: usize,
    dw: &mut [f32],
    db: Option<&mut [f32]>,
) {
    for (k, dwr) in dw[..fan_in * units].chunks_exact_mut(units).enumerate() {
        accumulate_rows(dwr, m, |i| a[i * fan_in + k], dz, units);
    }
    if let Some(db) = db {
        accumulate_rows(&mut db[..units], m, |_| 1.0, dz, units);
    }
}

/// Input gradient: da = dz·Wᵀ, i.e. da_k = Σ_j dz_j·W_kj for each example.
///
/// Takes Wᵀ (`w_t[j * fan_in + k] = W_kj`, see [`transpose`]) so the sum runs over rows of a
/// contiguous matrix, like the other two products.
pub fn backward_input(
    dz: &[f32],
    w_t: &[f32],
    m: usize,
    fan_in: usize,
    units: usize,
    da: &mut [f32],
) {
    for (dzr, dar) in dz[..m * units]
        .chunks_exact(units)
        .zip(da[..m * fan_in].chunks_exact_mut(fan_in))
    {
        dar.fill(0.0);
        accumulate_rows(dar, units, |j| dzr[j], w_t, fan_in);
    }
}

/// The transpose of a rows × cols matrix into `t` (cols × rows).
pub fn transpose(x: &[f32], rows: usize, cols: usize, t: &mut [f32]) {
    for (r, row) in x[..rows * cols].chunks_exact(cols).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            t[c * rows + r] = v;
        }
    }
}
