//! The explorer in a test terminal: a ready model of logs loaded from files and folders (with
//! the explorer's index), and what it draws on a `TestBackend` as text, so a screen test sets
//! up in one call. Needs `support/scenario.rs` as the sibling module `scenario` (settings).
#![allow(dead_code)]

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::tui::model::Model;
use hcwlens::tui::view::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;

/// A path in this repository.
pub fn repo(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// The explorer, ready, on `paths` loaded as the explorer loads them, at `size`.
pub fn loaded(paths: &[PathBuf], size: (u16, u16)) -> Model {
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let a = load(paths, &opts, &NoProgress).expect("load");
    Model::ready(a, crate::scenario::settings(None), size)
}

/// The rows the view draws at the model's size, as text.
pub fn rows(m: &Model) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).expect("terminal");
    t.draw(|f| view(m, f)).expect("draw");
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// The screen row holding `text`, trimmed at the end (empty when no row holds it).
pub fn row_with(m: &Model, text: &str) -> String {
    rows(m)
        .into_iter()
        .find(|r| r.contains(text))
        .unwrap_or_default()
        .trim_end()
        .to_string()
}

/// The whole screen as text, each row ending in a newline.
pub fn screen(m: &Model) -> String {
    rows(m).into_iter().map(|r| r + "\n").collect()
}

/// Drawn lines (a detail pane, a list) as text, one line a row.
pub fn text(lines: &[ratatui::text::Line<'_>]) -> String {
    lines
        .iter()
        .map(|l| {
            l.spans
                .iter()
                .map(|s| s.content.as_ref())
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
