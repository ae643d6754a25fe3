//! Server names and IIS rows at 80 columns: what an admin reads on an IIS row (time, server,
//! status, which service, user) fits, and a server is named by one rule on every screen.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/scenario.rs"]
mod scenario;

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::tui::model::Model;
use hcwlens::tui::view::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scenario::settings;
use std::path::PathBuf;

fn fixture(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

fn model_at(paths: &[PathBuf], size: (u16, u16)) -> Model {
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    Model::ready(
        load(paths, &opts, &NoProgress).expect("load"),
        settings(None),
        size,
    )
}

fn screen(m: &Model) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).expect("terminal");
    t.draw(|f| view(m, f)).expect("draw");
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// The IIS pane's rows on screen (between its title and the strip).
fn iis_rows(rows: &[String]) -> Vec<String> {
    rows.iter()
        .skip_while(|r| !r.starts_with(" IIS "))
        .skip(1)
        .take_while(|r| r.starts_with("  ") || r.starts_with("> ") || r.starts_with("* "))
        .cloned()
        .collect()
}

/// A row of a user on a server beside others at 80 columns: the user's name was cut at the
/// edge (`FABRIKAM\carla.n…`), the one thing on the row the admin looks for.
#[test]
fn an_iis_row_keeps_its_user_readable_at_80_columns() {
    for fx in ["diag21/ep-and-apppool", "audit20/lb-pair"] {
        let m = model_at(&[fixture(fx)], (80, 24));
        let rows = iis_rows(&screen(&m));
        let with_user: Vec<&String> = rows.iter().filter(|r| r.contains('\\')).collect();
        assert!(!with_user.is_empty(), "{fx}: {rows:#?}");
        for r in with_user {
            assert!(!r.trim_end().ends_with('…'), "{fx}: {r}");
            assert!(r.contains("/EWS/"), "{fx}: {r}");
        }
        // Wide terminals keep the whole account.
        let m = model_at(&[fixture(fx)], (120, 40));
        let text = screen(&m).join("\n");
        assert!(text.contains("FABRIKAM\\anna.roth"), "{fx}: {text}");
    }
}
