//! Renders the views of a default run to `target/render/` for eyeballing:
//! `field.png` (decision field with points); `loss.svg`, `loss.png` (2×), `loss-small.png` (1×)
//! and the same for `accuracy`; `loss-diverged.png` (log y); and a synthetic `landscape.png`, `histogram.png`, `bars.png`.
//!
//! ```text
//! cargo run --example render_png
//! ```
//!
//! Text needs DejaVu Sans (Debian: fonts-dejavu-core). PNGs are written uncompressed by a tiny
//! encoder below, so no image crate is needed.

// Native only: the SVG and bitmap backends are native dev-dependencies (text needs ab_glyph).
#[cfg(not(target_arch = "wasm32"))]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    native::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use plotters::prelude::*;
    use std::path::Path;
    use tunelab::nn::Mode;
    use tunelab::render::{charts, heatmap, palette};
    use tunelab::train::Trainer;

    const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

    pub fn main() -> Result<(), Box<dyn std::error::Error>> {
        let bytes =
            std::fs::read(FONT).map_err(|e| format!("{FONT}: {e} (install fonts-dejavu-core)"))?;
        plotters::style::register_font(
            charts::FONT_FAMILY,
            FontStyle::Normal,
            Box::leak(bytes.into()),
        )
        .map_err(|_| format!("{FONT} is not a usable font"))?;
        let out = Path::new("target/render");
        std::fs::create_dir_all(out)?;

        let mut trainer = Trainer::new(&tunelab::Config::default())?;
        trainer.step(1000);
        trainer.set_learning_rate(trainer.config().learning_rate * 3.0)?;
        trainer.step(1000);

        // Decision field with training and validation points.
        let (w, h) = (400, 400);
        let field = trainer.decision_field(64, Mode::Inference);
        let rgba = heatmap::field_with_points(&field, trainer.dataset(), w, h);
        write_png(&out.join("field.png"), w, h, &rgba, 4)?;

        // Learning curves, as SVG and as PNG at 2× (a high-DPI canvas of 360 × 200 CSS px).
        let loss = charts::loss_chart(trainer.history(), trainer.changes(), trainer.status());
        let accuracy = charts::accuracy_chart(trainer.history());
        for (name, chart) in [("loss", &loss), ("accuracy", &accuracy)] {
            let mut svg = String::new();
            charts::draw_line_chart(
                SVGBackend::with_string(&mut svg, (360, 200)).into_drawing_area(),
                chart,
            )?;
            std::fs::write(out.join(format!("{name}.svg")), svg)?;
            let (cw, ch) = (720usize, 400usize);
            let mut rgb = vec![0u8; cw * ch * 3];
            charts::draw_line_chart(
                BitMapBackend::with_buffer(&mut rgb, (cw as u32, ch as u32)).into_drawing_area(),
                chart,
            )?;
            write_png(&out.join(format!("{name}.png")), cw, ch, &rgb, 3)?;
            // And at 1× (the smallest canvas the page uses), to check legibility.
            let (cw, ch) = (360usize, 200usize);
            let mut rgb = vec![0u8; cw * ch * 3];
            charts::draw_line_chart(
                BitMapBackend::with_buffer(&mut rgb, (cw as u32, ch as u32)).into_drawing_area(),
                chart,
            )?;
            write_png(&out.join(format!("{name}-small.png")), cw, ch, &rgb, 3)?;
        }

        // A run that blows up after a learning-rate jump: the divergence marker.
        let mut wild = Trainer::new(&tunelab::Config::default())?;
        wild.step(300);
        wild.set_learning_rate(30.0)?;
        wild.step(2000);
        let mut chart = charts::loss_chart(wild.history(), wild.changes(), wild.status());
        chart.y_ticks = charts::TickStyle::Log;
        let (cw, ch) = (720usize, 400usize);
        let mut rgb = vec![0u8; cw * ch * 3];
        charts::draw_line_chart(
            BitMapBackend::with_buffer(&mut rgb, (cw as u32, ch as u32)).into_drawing_area(),
            &chart,
        )?;
        write_png(&out.join("loss-diverged.png"), cw, ch, &rgb, 3)?;

        // A synthetic landscape: a valley in (log α, β), a diverged corner, some trials.
        let n = 24;
        let values: Vec<f64> = (0..n * n)
            .map(|i| {
                let (r, c) = (i / n, i % n);
                let (x, y) = (
                    (c as f64 + 0.5) / n as f64,
                    1.0 - (r as f64 + 0.5) / n as f64,
                );
                if x > 0.85 && y > 0.6 {
                    f64::NAN
                } else {
                    0.05 + (x - 0.6).powi(2) * 2.0 + (y - 0.4).powi(2)
                }
            })
            .collect();
        let range = heatmap::finite_range(&values, true).unwrap_or((0.01, 1.0));
        let mut land = heatmap::values_rgba(&values, n, w, h, range, true);
        let trials: Vec<(f32, f32)> = (0..20)
            .map(|k| ((k as f32 * 0.618).fract(), (k as f32 * 0.382 + 0.1).fract()))
            .collect();
        heatmap::draw_markers(&mut land, w, h, &trials, heatmap::MarkerStyle::Trial);
        heatmap::draw_markers(
            &mut land,
            w,
            h,
            &[(0.93, 0.8)],
            heatmap::MarkerStyle::Failed,
        );
        heatmap::draw_markers(&mut land, w, h, &[(0.6, 0.4)], heatmap::MarkerStyle::Best);
        write_png(&out.join("landscape.png"), w, h, &land, 4)?;

        // Batch-norm lab histogram and a share-per-decade bar chart.
        let samples: Vec<f64> = (0..2000)
            .map(|i| {
                let u = (i as f64 + 0.5) / 2000.0;
                1.5 + 0.8 * (u * 12.0).sin() + 2.0 * (u - 0.5)
            })
            .collect();
        let (cw, ch) = (720usize, 400usize);
        let mut rgb = vec![0u8; cw * ch * 3];
        let mut hist = charts::histogram_chart(&samples, 30, Some((-4.0, 4.0)), true);
        hist.x_label = "pre-activation z".into();
        charts::draw_histogram_chart(
            BitMapBackend::with_buffer(&mut rgb, (cw as u32, ch as u32)).into_drawing_area(),
            &hist,
        )?;
        write_png(&out.join("histogram.png"), cw, ch, &rgb, 3)?;

        let decades = ["1e-5", "1e-4", "1e-3", "1e-2", "1e-1"]
            .map(String::from)
            .to_vec();
        let mut bars = charts::bar_chart(decades, vec![0.0002, 0.002, 0.02, 0.18, 0.8]);
        bars.series[0].name = "uniform in α".into();
        bars.series.push(charts::Bars {
            name: "uniform in log α".into(),
            colour: palette::VALID,
            values: vec![0.2; 5],
        });
        bars.y_label = "share of samples".into();
        bars.x_label = "decade of α".into();
        bars.y_range = Some((0.0, 1.0));
        let mut rgb = vec![0u8; cw * ch * 3];
        charts::draw_bar_chart(
            BitMapBackend::with_buffer(&mut rgb, (cw as u32, ch as u32)).into_drawing_area(),
            &bars,
        )?;
        write_png(&out.join("bars.png"), cw, ch, &rgb, 3)?;

        println!(
            "wrote {} (final train loss {:.3}, status {:?})",
            out.display(),
            trainer
                .history()
                .last()
                .map(|h| h.train.loss)
                .unwrap_or(f64::NAN),
            trainer.status()
        );
        Ok(())
    }

    /// Writes 8-bit RGB (`channels` = 3) or RGBA (4) pixels as a PNG with stored (uncompressed)
    /// deflate blocks.
    fn write_png(
        path: &Path,
        w: usize,
        h: usize,
        pixels: &[u8],
        channels: usize,
    ) -> std::io::Result<()> {
        let mut raw = Vec::with_capacity(h * (w * channels + 1));
        for row in pixels.chunks(w * channels).take(h) {
            raw.push(0); // filter: none
            raw.extend_from_slice(row);
        }
        let mut zlib = vec![0x78, 0x01];
        let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
        for (i, block) in blocks.iter().enumerate() {
            zlib.push((i + 1 == blocks.len()) as u8);
            let len = block.len() as u16;
            zlib.extend_from_slice(&len.to_le_bytes());
            zlib.extend_from_slice(&(!len).to_le_bytes());
            zlib.extend_from_slice(block);
        }
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in &raw {
            a = (a + byte as u32) % 65_521;
            b = (b + a) % 65_521;
        }
        zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());

        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&(w as u32).to_be_bytes());
        ihdr.extend_from_slice(&(h as u32).to_be_bytes());
        ihdr.extend_from_slice(&[8, if channels == 4 { 6 } else { 2 }, 0, 0, 0]);

        let mut png = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        for (kind, data) in [
            (b"IHDR", &ihdr[..]),
            (b"IDAT", &zlib[..]),
            (b"IEND", &[][..]),
        ] {
            png.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let start = png.len();
            png.extend_from_slice(kind);
            png.extend_from_slice(data);
            let crc = crc32(&png[start..]);
            png.extend_from_slice(&crc.to_be_bytes());
        }
        std::fs::write(path, png)
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
