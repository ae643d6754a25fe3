//! What `watch` prints as news: a call the log ends in (still running while the wizard writes,
//! or cut) is not printed as failed; the same call is printed once its FINISH says it failed.

use super::{Item, Seen};
use crate::pipeline::Analysis;
use crate::source::SourceId;

const START: &str = "2024.11.05 15:00:01.000         10276 [Client=UX, Session=Tenant, \
    Cmdlet=Test-MigrationServerAvailability, Thread=12] START Test-MigrationServerAvailability \
    -RemoteServer 'mail.contoso.com'\r\n";
const FAILED: &str = "2024.11.05 15:00:05.000         10277 [Client=UX, Session=Tenant, \
    Cmdlet=Test-MigrationServerAvailability, Thread=12] \r\n                                      \
    FINISH Time=4000.0ms Results=1\r\n                                      \
    TestMigrationServerAvailabilityOutcome {ErrorDetail='The connection to the server could \
    not be completed.', Result='Failed'}\r\n";

fn analysis(text: &str) -> Analysis {
    let entries = crate::parse::hcw::parse_hcw(text, SourceId(0)).entries;
    Analysis {
        cmdlets: crate::analyze::cmdlet::pair_cmdlets(&entries),
        ..Default::default()
    }
}

fn calls(items: &[Item<'_>]) -> usize {
    items.iter().filter(|i| matches!(i, Item::Call(_))).count()
}

#[test]
fn a_call_still_running_is_not_news_until_its_finish_says_how_it_went() {
    let mut seen = Seen::default();
    let running = analysis(START);
    assert_eq!(calls(&seen.news(&running)), 0, "not failed: no result yet");
    let failed = analysis(&format!("{START}{FAILED}"));
    assert_eq!(calls(&seen.news(&failed)), 1, "its FINISH says it failed");
}

#[test]
fn a_call_s_text_line_says_its_instant_as_the_report_does() {
    let mut seen = Seen::default();
    let failed = analysis(&format!("{START}{FAILED}"));
    let news = seen.news(&failed);
    let line = news
        .iter()
        .find(|i| matches!(i, Item::Call(_)))
        .map(|i| i.text(&failed))
        .unwrap_or_default();
    let Some(Item::Call(c)) = news.first() else {
        panic!("no call in {news:?}");
    };
    // HCW writes milliseconds: kept, in the report's words (`2024-11-05 15:00:01.000 UTC`).
    let said = crate::time::stamp_utc(c.start, crate::time::Resolution::Millisecond);
    assert!(said.ends_with(".000 UTC"), "{said}");
    assert!(line.starts_with(&format!("{said}  call failed")), "{line}");
    let json: serde_json::Value = serde_json::from_str(&news[0].json(&failed)).expect("json");
    assert_eq!(json["time"], c.start.rfc3339(), "JSON keeps RFC 3339");
}

/// The load of one site per machine (`FBEX1/W3SVC1`, `FBEX2/W3SVC1`) names its servers as the
/// explorer and the report do: `FBEX1`, not `FBEX1/W3SVC1` (the site only beside another site
/// of the machine, [`crate::source::ServerNames`]).
#[test]
fn a_handshake_line_names_its_server_as_the_explorer_does() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for (fx, want, not) in [
        ("audit20/lb-pair", " FBEX1 POST ", "/W3SVC1 "),
        ("names22/two-sites", " EX01/W3SVC1 POST ", " EX01 POST "),
    ] {
        let a = crate::pipeline::load(
            &[dir.join(fx)],
            &crate::pipeline::LoadOptions::default(),
            &crate::progress::NoProgress,
        )
        .expect("load");
        let lines: Vec<String> = Seen::default()
            .news(&a)
            .iter()
            .filter(|i| matches!(i, Item::Handshake(_)))
            .map(|i| i.text(&a))
            .collect();
        assert!(lines.iter().any(|l| l.contains(want)), "{fx}: {lines:#?}");
        assert!(!lines.iter().any(|l| l.contains(not)), "{fx}: {lines:#?}");
    }
}
