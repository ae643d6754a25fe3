//! Server names and IIS rows at 80 columns: what an admin reads on an IIS row (time, server,
//! status, which service, user) fits, and a server is named by one rule on every screen.

use crate::scenario;

use hcwlens::analyze::handshake::HandshakeOutcome;
use hcwlens::export::handshake_markdown;
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::ZoneSpec;
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

/// One rule names a server everywhere: the site (`/W3SVC1`) only where its machine has more
/// than one site loaded. The report said `on FBEX1/W3SVC1` where the explorer said `FBEX1`,
/// and the explorer named two sites of one machine `EX01` and `EX01/3`.
#[test]
fn a_server_is_named_with_its_site_only_beside_another_site_of_its_machine() {
    let report = |fx: &str| {
        let opts = LoadOptions::default();
        let a = load(&[fixture(fx)], &opts, &NoProgress).expect("load");
        hcwlens::report::text::render(&a)
    };
    let lb = report("audit20/lb-pair");
    assert!(lb.contains(" on FBEX1: "), "{lb}");
    assert!(lb.contains(" on FBEX2: "), "{lb}");
    assert!(!lb.contains(" on FBEX1/W3SVC1"), "{lb}");
    let two = report("names22/two-sites");
    assert!(two.contains(" on EX01/W3SVC1: "), "{two}");
    assert!(two.contains(" on EX01/W3SVC3: "), "{two}");

    // The explorer's server cells: the machine alone, or each site's number beside it.
    let cells = |fx: &str| -> Vec<String> {
        let m = model_at(&[fixture(fx)], (80, 24));
        iis_rows(&screen(&m))
            .iter()
            .filter_map(|r| r.get(2..).and_then(|r| r.split_whitespace().nth(1)))
            .map(str::to_string)
            .collect()
    };
    let lb = cells("audit20/lb-pair");
    assert!(lb.iter().all(|c| c == "FBEX1" || c == "FBEX2"), "{lb:?}");
    let two = cells("names22/two-sites");
    assert!(two.contains(&"EX01/1".to_string()), "{two:?}");
    assert!(two.contains(&"EX01/3".to_string()), "{two:?}");
    assert!(two.iter().all(|c| c.starts_with("EX01/")), "{two:?}");
}

/// An HTTPERR log beside the IIS log of its machine: the server column said `FBEX1` on every
/// row (its width, 9 columns, taken from the user), and an HTTPERR row `FBE…PERR` (its folder
/// label cut) where another machine was loaded. The HTTPERR log names its machine; one machine
/// needs no column.
#[test]
fn an_httperr_row_names_its_machine_and_one_machine_needs_no_server_column() {
    let m = model_at(&[fixture("diag21/ep-httperr-idle")], (80, 24));
    let rows = iis_rows(&screen(&m));
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| !r.contains("FBEX1")), "{rows:#?}");
    let m = model_at(&[fixture("diag21/ep-and-apppool")], (80, 24));
    let rows = iis_rows(&screen(&m));
    let httperr = rows.iter().find(|r| r.contains("AppOffline")).expect("503");
    assert!(httperr.contains(" FBEX2 "), "{httperr}");
}

/// Two loaded files of one name (each site's `u_ex250312.log`): a request's window named its
/// file `u_ex250312.log`, either of them. It names it as the report cites it, by as much of
/// its path as tells it apart.
#[test]
fn a_request_names_its_file_apart_from_its_namesakes() {
    let mut m = model_at(&[fixture("names22/two-sites")], (80, 24));
    scenario::press(&mut m, &["<Enter>"]);
    let text = screen(&m).join("\n");
    assert!(
        text.contains("Source   IIS W3SVC1/u_ex250312.log line 7"),
        "{text}"
    );
}

/// One machine that logs its name (`s-computername` EX01) in two IIS site folders: the
/// explorer showed no server column (every row `EX01`), so a row could not say its site, and
/// the findings said `IIS on EX01` where the report's handshake list and a load without the
/// logged name say `EX01/W3SVC1`. Rows and findings name each site, as for a folder-named load.
#[test]
fn a_machine_that_logs_its_name_in_two_sites_is_named_by_site_everywhere() {
    for fx in ["tui23/two-sites-logged", "names22/two-sites"] {
        let m = model_at(&[fixture(fx)], (80, 24));
        let cells: Vec<String> = iis_rows(&screen(&m))
            .iter()
            .filter_map(|r| r.get(2..).and_then(|r| r.split_whitespace().nth(1)))
            .map(str::to_string)
            .collect();
        assert!(cells.contains(&"EX01/1".to_string()), "{fx}: {cells:?}");
        assert!(cells.contains(&"EX01/3".to_string()), "{fx}: {cells:?}");

        let a = load(&[fixture(fx)], &LoadOptions::default(), &NoProgress).expect("load");
        let text = hcwlens::report::text::render(&a);
        let said: Vec<&str> = a.findings.iter().map(|f| f.explanation.as_str()).collect();
        assert!(
            said.iter().any(|s| s.starts_with("IIS on EX01/W3SVC1 ")),
            "{fx}: {said:#?}"
        );
        assert!(
            said.iter().any(|s| s.starts_with("IIS on EX01/W3SVC3 ")),
            "{fx}: {said:#?}"
        );
        assert!(!text.contains("IIS on EX01 "), "{fx}: {text}");
        // The report's handshake list and a handshake's ticket name the site too.
        assert!(text.contains(" on EX01/W3SVC1: "), "{fx}: {text}");
        assert!(text.contains(" on EX01/W3SVC3: "), "{fx}: {text}");
        for h in a
            .handshakes
            .iter()
            .filter(|h| h.outcome == HandshakeOutcome::Failed)
        {
            let md = handshake_markdown(h, &a.sources, &ZoneSpec::Fixed(0), None);
            assert!(md.contains("- Server: `EX01/W3SVC"), "{fx}: {md}");
        }
    }
}
