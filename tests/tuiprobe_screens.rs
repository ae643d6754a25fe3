//! Screens an admin meets on the inputs changed for encodings and W3C edge cases, probed at
//! 80x24: what the sources list (`I`) says about lines it does not show.

#[path = "support/explorer.rs"]
mod explorer;
#[path = "support/scenario.rs"]
mod scenario;

use explorer::{loaded, screen};
use scenario::press;
use std::path::PathBuf;

#[test]
fn sources_say_how_many_noted_lines_they_do_not_show() {
    // Relative (tests run in the crate's folder), so the snapshot holds no checkout path.
    let mut m = loaded(
        &[PathBuf::from("tests/fixtures/encodings/stray-early")],
        (80, 24),
    );
    press(&mut m, &["I"]);
    let s = screen(&m);
    assert!(s.contains("5 not UTF-8"), "{s}");
    assert!(s.contains("line 7:"), "{s}");
    assert!(!s.contains("line 8:"), "{s}");
    assert!(
        s.contains("2 more not shown here (hcwlens report --format json lists up to 20)"),
        "{s}"
    );
    insta::assert_snapshot!("tuiprobe_sources_stray_early_80x24", s);
}
