//! Fully connected layer kernels on batch-major buffers.
//!
//! `a` is m × fan_in (example i, input k at `a[i * fan_in + k]`), `w` is fan_in × units
//! (`w[k * units + j]` connects input k to unit j), and z is m × units.

/// z = a·W (+ b): for each example, z_j = Σ_k a_k·W_kj (+ b_j).
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
        for (&ak, wr) in ar.iter().zip(w.chunks_exact(units)) {
            for (zj, &wkj) in zr.iter_mut().zip(wr) {
                *zj += ak * wkj;
            }
        }
    }
}

/// Parameter gradients, *added* into `dw` and `db`: dW += aᵀ·dz, db += Σ_i dz_i.
#[allow(clippy::too_many_arguments)]
pub fn backward_params(
    a: &[f32],
    dz: &[f32],
    m: usize,
    fan_in: usize,
    units: usize,
    dw: &mut [f32],
    db: Option<&mut [f32]>,
) {
    for (ar, dzr) in a[..m * fan_in]
        .chunks_exact(fan_in)
        .zip(dz[..m * units].chunks_exact(units))
    {
        for (&ak, dwr) in ar.iter().zip(dw.chunks_exact_mut(units)) {
            for (dwkj, &dzj) in dwr.iter_mut().zip(dzr) {
                *dwkj += ak * dzj;
            }
        }
    }
    if let Some(db) = db {
        for dzr in dz[..m * units].chunks_exact(units) {
            for (dbj, &dzj) in db.iter_mut().zip(dzr) {
                *dbj += dzj;
            }
        }
    }
}

/// Input gradient: da = dz·Wᵀ, i.e. da_k = Σ_j dz_j·W_kj for each example.
pub fn backward_input(
    dz: &[f32],
    w: &[f32],
    m: usize,
    fan_in: usize,
    units: usize,
    da: &mut [f32],
) {
    for (dzr, dar) in dz[..m * units]
        .chunks_exact(units)
        .zip(da[..m * fan_in].chunks_exact_mut(fan_in))
    {
        for (dak, wr) in dar.iter_mut().zip(w.chunks_exact(units)) {
            let mut s = 0.0;
            for (&dzj, &wkj) in dzr.iter().zip(wr) {
                s += dzj * wkj;
            }
            *dak = s;
        }
    }
}
