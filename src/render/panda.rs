//! The panda's charts: the standard loss and accuracy curves ([`charts::loss_chart`],
//! [`charts::accuracy_chart`]) with their words from the catalogue (`panda.chart.*`), so they
//! read in the page's language.

use super::charts::{self, LineChart};
use crate::i18n::text;
use crate::train::{Status, Trainer};

/// Axis titles and series names in the page's language: `y` is the metric's catalogue id.
fn words(mut chart: LineChart, y: &str) -> LineChart {
    chart.x_label = text("panda.chart.step");
    chart.y_label = text(y);
    for (series, id) in chart
        .series
        .iter_mut()
        .zip(["panda.chart.train", "panda.chart.validation"])
    {
        series.name = text(id);
    }
    chart
}

/// Training and validation loss with each babysitting change marked, and where a diverged
/// run blew up.
pub fn loss_chart(t: &Trainer) -> LineChart {
    let mut chart = words(
        charts::loss_chart(t.history(), t.changes(), t.status()),
        "panda.chart.loss",
    );
    if let (Status::Diverged { .. }, Some(m)) = (t.status(), chart.markers.last_mut()) {
        m.label = text("panda.chart.diverged");
    }
    chart
}

/// Training and validation accuracy.
pub fn accuracy_chart(t: &Trainer) -> LineChart {
    words(charts::accuracy_chart(t.history()), "panda.chart.accuracy")
}
