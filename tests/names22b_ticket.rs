//! Ticket text (what the explorer's `y`/`w` copy and write) names servers by the one rule of
//! screens and reports ([`hcwlens::source::ServerNames`]): `audit20/lb-pair` loads one site
//! per machine, so a handshake on `FBEX1/W3SVC1` is on `FBEX1`, as its rows, its HttpProxy
//! row's folder and the sources list say; `names22/two-sites` loads two sites of EX01, so there
//! the ticket names the site.

use hcwlens::export::{ExportItem, marked_markdown};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::ZoneSpec;

fn loaded(rel: &str) -> Analysis {
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    load(
        &[std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel)],
        &opts,
        &NoProgress,
    )
    .expect("load")
}

/// The ticket of the first handshake on `server` (its label) and of its final leg's line.
fn ticket(a: &Analysis, server: &str) -> String {
    let h = a
        .handshakes
        .iter()
        .find(|h| h.server == server && h.final_leg().is_some())
        .unwrap_or_else(|| panic!("no handshake on {server}"));
    let leg = h.final_leg().expect("a final leg");
    let items = [
        ExportItem::Handshake(h, None),
        ExportItem::Line {
            source: leg.source,
            line: u64::from(leg.line),
            text: "a line",
        },
    ];
    marked_markdown(&items, &a.sources, &ZoneSpec::Fixed(0), a)
}

#[test]
fn a_ticket_names_a_one_site_server_by_its_machine() {
    let a = loaded("tests/fixtures/audit20/lb-pair");
    let t = ticket(&a, "FBEX1/W3SVC1");
    assert!(t.contains("- Server: `FBEX1`\n"), "{t}");
    assert!(t.contains("(`FBEX1`, IIS,"), "{t}");
    assert!(!t.contains("`FBEX1/W3SVC1`"), "{t}");
}

#[test]
fn a_ticket_names_the_site_beside_another_site_of_its_machine() {
    let a = loaded("tests/fixtures/names22/two-sites");
    let t = ticket(&a, "EX01/W3SVC1");
    assert!(t.contains("- Server: `EX01/W3SVC1`\n"), "{t}");
    assert!(t.contains("(`EX01/W3SVC1`, IIS,"), "{t}");
}
