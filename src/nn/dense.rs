//! Fully connected layer kernels on batch-major buffers.
//!
//! `a` is m × fan_in (example i, input k at `a[i * fan_in + k]`), `w` is fan_in × units
//! (`w[k * units + j]` connects input k to unit j), and z is m × units.
//!
//! All three products reduce to one kernel, [`accumulate_rows`]: out_r[c] += Σ_i s(r, i)·R[i][c].
//! It walks 2 (or 4) output rows at a time and the columns in register-sized blocks (16, 8, 4,
//! then 1), and keeps each block's accumulators in registers across the whole sum, which is what makes these tiny matrices fast
//! (and auto-vectorized, with SIMD128 on wasm). Every sum runs in ascending i, so results do not
//! depend on the block sizes and are identical on every target.

/// What a block's accumulators start from.
#[derive(Clone, Copy)]
enum Base<'a> {
    /// The current contents of `out` (accumulate into it).
    Out,
    /// Zero (overwrite `out`).
    Zero,
    /// These values, the same for every output row (overwrite `out`), e.g. the bias.
    From(&'a [f32]),
}

/// For each output row r < `out_rows` (at `out[r·out_stride..]`, `cols` wide):
/// out_r[c] = base[c] + Σ_{i < n} s(r, i)·rows[i·stride + c], summing in ascending i.
///
/// Rows are done R at a time (R·W accumulators in registers): the sums of different rows are
/// independent, so R chains of additions overlap instead of waiting on each other's latency,
/// and each loaded `rows` block serves R rows. Every single sum still runs in ascending i, so
/// the result does not depend on R or W.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn accumulate_rows(
    out: &mut [f32],
    out_rows: usize,
    out_stride: usize,
    cols: usize,
    base: Base<'_>,
    n: usize,
    s: impl Fn(usize, usize) -> f32,
    rows: &[f32],
    stride: usize,
) {
    let mut r0 = 0;
    if cols >= 4 {
        while r0 + 2 <= out_rows {
            columns::<2>(out, r0, out_stride, cols, base, n, &s, rows, stride);
            r0 += 2;
        }
    } else {
        // Narrow outputs (the output layer): more rows at once, to get enough independent chains.
        while r0 + 4 <= out_rows {
            columns::<4>(out, r0, out_stride, cols, base, n, &s, rows, stride);
            r0 += 4;
        }
    }
    while r0 < out_rows {
        columns::<1>(out, r0, out_stride, cols, base, n, &s, rows, stride);
        r0 += 1;
    }
}

/// R output rows from `r0`, all columns, in blocks of 16, 8, 4, then 1.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn columns<const R: usize>(
    out: &mut [f32],
    r0: usize,
    out_stride: usize,
    cols: usize,
    base: Base<'_>,
    n: usize,
    s: &impl Fn(usize, usize) -> f32,
    rows: &[f32],
    stride: usize,
) {
    let mut c = 0;
    while c + 16 <= cols {
        block::<R, 16>(out, r0, out_stride, c, base, n, s, rows, stride);
        c += 16;
    }
    if c + 8 <= cols {
        block::<R, 8>(out, r0, out_stride, c, base, n, s, rows, stride);
        c += 8;
    }
    if c + 4 <= cols {
        block::<R, 4>(out, r0, out_stride, c, base, n, s, rows, stride);
        c += 4;
    }
    while c < cols {
        block::<R, 1>(out, r0, out_stride, c, base, n, s, rows, stride);
        c += 1;
    }
}

/// R rows × W columns of [`accumulate_rows`], accumulated in registers.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn block<const R: usize, const W: usize>(
    out: &mut [f32],
    r0: usize,
    out_stride: usize,
    c: usize,
    base: Base<'_>,
    n: usize,
    s: &impl Fn(usize, usize) -> f32,
    rows: &[f32],
    stride: usize,
) {
    let mut acc = [[0.0f32; W]; R];
    for (r, a) in acc.iter_mut().enumerate() {
        *a = match base {
            Base::Out => {
                let o = (r0 + r) * out_stride + c;
                out[o..o + W].try_into().expect("block width")
            }
            Base::Zero => [0.0; W],
            Base::From(b) => b[c..c + W].try_into().expect("block width"),
        };
    }
    for i in 0..n {
        let row: &[f32; W] = rows[i * stride + c..i * stride + c + W]
            .try_into()
            .expect("block width");
        for (r, a) in acc.iter_mut().enumerate() {
            let si = s(r0 + r, i);
            for t in 0..W {
                a[t] += si * row[t];
            }
        }
    }
    for (r, a) in acc.iter().enumerate() {
        let o = (r0 + r) * out_stride + c;
        out[o..o + W].copy_from_slice(a);
    }
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
    let a = &a[..m * fan_in];
    let base = b.map_or(Base::Zero, |b| Base::From(&b[..units]));
    accumulate_rows(
        &mut z[..m * units],
        m,
        units,
        units,
        base,
        fan_in,
        |i, k| a[i * fan_in + k],
        w,
        units,
    );
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
    let (a, dz) = (&a[..m * fan_in], &dz[..m * units]);
    if units == 1 {
        // One unit (the sigmoid output): dW is a column, dW_k += Σ_i dz_i·a_ik — sum the rows
        // of a, fan_in wide, instead of fan_in one-wide sums (same products, same order).
        accumulate_rows(dw, 1, fan_in, fan_in, Base::Out, m, |_, i| dz[i], a, fan_in);
    } else {
        accumulate_rows(
            dw,
            fan_in,
            units,
            units,
            Base::Out,
            m,
            |k, i| a[i * fan_in + k],
            dz,
            units,
        );
    }
    if let Some(db) = db {
        accumulate_rows(db, 1, units, units, Base::Out, m, |_, _| 1.0, dz, units);
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
    let dz = &dz[..m * units];
    accumulate_rows(
        &mut da[..m * fan_in],
        m,
        fan_in,
        fan_in,
        Base::Zero,
        units,
        |i, j| dz[i * units + j],
        w_t,
        fan_in,
    );
}

/// The transpose of a rows × cols matrix into `t` (cols × rows).
pub fn transpose(x: &[f32], rows: usize, cols: usize, t: &mut [f32]) {
    for (r, row) in x[..rows * cols].chunks_exact(cols).enumerate() {
        for (c, &v) in row.iter().enumerate() {
            t[c * rows + r] = v;
        }
    }
}
