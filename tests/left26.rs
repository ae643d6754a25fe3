//! Details an admin stumbled on (twenty-sixth pass): a skew said as a clock difference
//! (`+1 min 35 s`, `+350 ms`) in every sources list, not in milliseconds; the HTML report's
//! runs of one log a line each; an `sc-substatus` that is no number, or that the log ends
//! inside, said so, never as a logged 0. Fixtures: `hcw23/skew-two-machines` (runs of EX01 and
//! EX02 in one HCW log) and `left26/` (`make.py`).

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use hcwlens::analyze::handshake::{Handshake, HandshakeOutcome};
use hcwlens::pipeline::{Analysis, LoadOptions, Selector};
use hcwlens::time::ZoneSpec;

fn with_skews(skews: &[(&str, i64)]) -> LoadOptions {
    LoadOptions {
        skews: skews
            .iter()
            .map(|&(m, ms)| (Selector::Name(m.into()), ms))
            .collect(),
        ..LoadOptions::default()
    }
}

/// The text report's lines about the HCW log: its source line and its runs.
fn hcw_lines(report: &str) -> String {
    let sources = report.split("Sources").nth(1).expect("sources section");
    sources
        .lines()
        .skip_while(|l| !l.contains("20261105_142008.log"))
        .take(3)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The sources view of the explorer (`I`) over the same load.
fn explorer_sources(opts: &LoadOptions) -> String {
    let opts = LoadOptions {
        index: true,
        ..opts.clone()
    };
    let a = hcwlens::pipeline::load(
        &[fixtures::fixture("hcw23/skew-two-machines")],
        &opts,
        &hcwlens::progress::NoProgress,
    )
    .expect("load");
    let mut m = hcwlens::tui::model::Model::ready(a, scenario::settings(None), (160, 40));
    m.note = None;
    scenario::press(&mut m, &["I"]);
    explorer::screen(&m)
}

fn html_sources(a: &Analysis) -> String {
    let html = hcwlens::report::html::render(a, false);
    let start = html.find("id=\"sources\"").expect("sources section");
    let end = html[start..].find("</table>").expect("table end") + start;
    html[start..end].to_string()
}

#[test]
fn a_skew_reads_as_a_clock_difference_in_every_sources_list() {
    let opts = with_skews(&[("EX01", 350), ("EX02", 95_000)]);
    let a = fixtures::analyse_with("hcw23/skew-two-machines", &opts);
    let text = hcw_lines(&hcwlens::report::text::render(&a));
    let md = hcw_lines(&hcwlens::report::markdown::render(&a));
    let html = html_sources(&a);
    let screen = explorer_sources(&opts);
    for (what, out) in [
        ("text", &text),
        ("markdown", &md),
        ("html", &html),
        ("explorer", &screen),
    ] {
        // The file's skew (its first run's, EX01's) below a second, EX02's run's past a minute.
        assert!(out.contains("+350 ms (EX01"), "{what}:\n{out}");
        assert!(
            out.contains("EX02, UTC+01:00, skew +1 min 35 s"),
            "{what}:\n{out}"
        );
        assert!(!out.contains("95000"), "{what} in milliseconds:\n{out}");
    }
    // JSON stays numeric.
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let hcw = json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["kind"] == "hcw")
        .expect("the HCW source");
    assert_eq!(hcw["skew_ms"], 350);
    assert_eq!(hcw["runs"][1]["skew_ms"], 95_000);
}

#[test]
fn a_skew_of_hours_reads_in_hours() {
    let a = fixtures::analyse_with(
        "hcw23/skew-two-machines",
        &with_skews(&[("EX01", -7_200_000)]),
    );
    let text = hcw_lines(&hcwlens::report::text::render(&a));
    assert!(text.contains("skew -2 h (EX01's runs)"), "{text}");
}

#[test]
fn the_html_sources_table_lists_a_log_s_runs_a_line_each() {
    let a = fixtures::analyse_with("hcw23/skew-two-machines", &with_skews(&[("EX02", 95_000)]));
    let html = html_sources(&a);
    assert!(
        html.contains(
            "run from line 1: EX01, UTC, no skew<br>run from line 31: EX02, UTC+01:00, skew +1 \
             min 35 s"
        ),
        "{html}"
    );
    assert!(!html.contains("; from line"), "runs run together:\n{html}");
}

/// The handshake of `client` on `uri`.
fn handshake<'a>(a: &'a Analysis, client: &str, uri: &str) -> &'a Handshake {
    a.handshakes
        .iter()
        .find(|h| h.client == client && h.uri == uri)
        .expect("the handshake")
}

/// The explorer over `rel`, its last row's handshake opened.
fn explorer_on_last_row(rel: &str) -> hcwlens::tui::model::Model {
    let mut m = explorer::loaded(&[fixtures::fixture(rel)], (140, 40));
    scenario::press(&mut m, &["G", "<Enter>"]);
    m
}

#[test]
fn a_substatus_that_is_no_number_is_said_unreadable_never_a_logged_0() {
    // The refusal after the logon logged `403 4x 0`: its substatus is not known. (A load for
    // the explorer keeps every handshake; the report's, the failed and abandoned ones.)
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = fixtures::analyse_with("left26/substatus-unreadable", &opts);
    let h = handshake(&a, "10.30.5.41", "/EWS/Exchange.asmx");
    assert_eq!(h.outcome, HandshakeOutcome::Success);
    let leg = h.legs.last().expect("legs");
    assert_eq!((leg.line, leg.status), (25, 403));
    assert_eq!(leg.substatus_code(), None);
    assert_eq!(leg.substatus_shown(), "?");
    assert_eq!(
        leg.describe(),
        "403 Forbidden · sc-substatus unreadable (not a number as logged)"
    );
    let m = explorer_on_last_row("left26/substatus-unreadable");
    let screen = explorer::screen(&m);
    assert!(screen.contains("LOGON OK, REFUSED 403 POST"), "{screen}");
    let row = explorer::row_with(&m, "403 Forbidden - sc-substatus unreadable");
    assert!(row.contains("(FABRIKAM\\lena.kow)"), "{row}");
    assert!(!screen.contains("403.0"), "{screen}");
    let ticket = hcwlens::export::handshake_markdown(h, &a.sources, &ZoneSpec::Fixed(0), None);
    assert!(
        ticket.contains("request REFUSED — HTTP 403\n")
            || ticket.contains("request REFUSED — HTTP 403 "),
        "{ticket}"
    );
    assert!(ticket.contains("`403 ? 0`"), "{ticket}");
    assert!(ticket.contains("HTTP 403 (Forbidden)"), "{ticket}");
    assert!(!ticket.contains("403.0"), "{ticket}");
}

#[test]
fn a_substatus_the_log_ends_inside_keeps_its_leg_said_cut_off() {
    // `sc-substatus` is the last field; the log ends at `401 1` of the failing leg: the leg
    // is the handshake's failure, its substatus shown cut off, never read as 401.1.
    let a = fixtures::analyse("left26/substatus-cut");
    let h = handshake(&a, "10.30.5.40", "/EWS/mrsproxy.svc");
    assert_eq!(h.outcome, HandshakeOutcome::Failed);
    assert_eq!(h.legs.len(), 3, "{:?}", h.legs);
    let last = h.legs.last().expect("legs");
    assert_eq!((last.line, last.substatus_code()), (25, None));
    assert_eq!(last.substatus_shown(), "1…");
    let said = "sc-substatus cut off (the log ends inside this value)";
    let text = hcwlens::report::text::render(&a);
    let md = hcwlens::report::markdown::render(&a);
    let html = hcwlens::report::html::render(&a, false);
    for (name, out) in [("text", &text), ("markdown", &md), ("html", &html)] {
        assert!(out.contains(said), "{name}:\n{out}");
        assert!(out.contains("401.1… Unauthorized"), "{name}:\n{out}");
    }
    assert!(
        text.contains("line 25: 401 1… - - 401.1… Unauthorized"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let hs = json["handshakes"]
        .as_array()
        .expect("handshakes")
        .iter()
        .find(|h| h["uri"] == "/EWS/mrsproxy.svc")
        .expect("the mrsproxy handshake");
    let leg = &hs["legs"][2];
    assert!(leg["substatus"].is_null(), "{leg}");
    assert!(
        leg["decoded"].as_str().is_some_and(|d| d.contains(said)),
        "{leg}"
    );
    let m = explorer_on_last_row("left26/substatus-cut");
    let row = explorer::row_with(&m, "sc-substatus cut off");
    assert!(row.contains("401.1... Unauthorized"), "{row}");
    // The SIEM export decides the handshake alike, the cut value as logged.
    let mut out = Vec::new();
    hcwlens::export::jsonl::export(
        &[fixtures::fixture("left26/substatus-cut")],
        &LoadOptions::default(),
        &mut out,
    )
    .expect("export");
    let lines: Vec<serde_json::Value> = String::from_utf8(out)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    let last = lines
        .iter()
        .find(|v| v["hcwlens"]["line"] == 25)
        .expect("line 25");
    let ours = &last["hcwlens"];
    assert_eq!(ours["cut_off"]["substatus"], "1", "{ours}");
    assert_eq!(ours["handshake"]["leg"], "final", "{ours}");
    assert_eq!(ours["handshake"]["outcome"], "failure", "{ours}");
    assert_eq!(ours["handshake"]["legs"], 3, "{ours}");
}
