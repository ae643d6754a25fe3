//! A `--skew` is about one machine's clock, and each run appended in an HCW log takes the one
//! given for its own machine (hcw23). The sources list gives one skew per file: for a log
//! holding runs of EX01 and EX02 (`hcw23/skew-two-machines`) it is EX01's, the first run's, and
//! said so, not as the whole file's; EX02's run says its own on its line.

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use hcwlens::pipeline::{Analysis, LoadOptions, Selector};
use hcwlens::source::SourceKind;

fn with_skew(machine: &str, ms: i64) -> LoadOptions {
    LoadOptions {
        skews: vec![(Selector::Name(machine.into()), ms)],
        ..LoadOptions::default()
    }
}

fn hcw_line(a: &Analysis) -> String {
    let text = hcwlens::report::text::render(a);
    text.lines()
        .find(|l| l.contains("20261105_142008.log ("))
        .expect("the HCW log's source line")
        .to_string()
}

#[test]
fn the_skew_of_a_log_of_two_machines_runs_is_said_as_the_first_machine_s() {
    let a = fixtures::analyse_with("hcw23/skew-two-machines", &with_skew("EX01", 7_000));
    let line = hcw_line(&a);
    assert!(line.contains("skew +7 s (EX01's runs)"), "{line}");
    let json: serde_json::Value =
        serde_json::from_str(&hcwlens::report::json::render(&a)).expect("json");
    let hcw = json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["kind"] == "hcw")
        .expect("the HCW source");
    assert_eq!(hcw["skew_ms"], 7000);
    assert_eq!(hcw["skew_machine"], "EX01", "{hcw}");
    // An IIS log, and a log of one machine's runs, say no machine.
    let iis = json["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["kind"] == "iis")
        .expect("the IIS source");
    assert!(iis.get("skew_machine").is_none(), "{iis}");
    let every_hcw = LoadOptions {
        skews: vec![(Selector::Kind(SourceKind::Hcw), 7_000)],
        ..LoadOptions::default()
    };
    let one = fixtures::analyse_with("hcw/de-DE-utc+1.log", &every_hcw);
    let hcw: Vec<_> = one
        .sources
        .iter()
        .filter(|s| s.kind == SourceKind::Hcw)
        .collect();
    assert!(
        !hcw.is_empty() && hcw.iter().all(|s| s.skew_ms == 7_000),
        "{hcw:#?}"
    );
    assert!(
        hcw.iter()
            .all(|s| hcwlens::analyze::skew::skew_machine(&one, s).is_none())
    );
}

#[test]
fn the_explorer_s_sources_list_says_whose_skew_it_is() {
    let opts = LoadOptions {
        index: true,
        ..with_skew("EX01", 7_000)
    };
    let a = hcwlens::pipeline::load(
        &[fixtures::fixture("hcw23/skew-two-machines")],
        &opts,
        &hcwlens::progress::NoProgress,
    )
    .expect("load");
    let mut m = hcwlens::tui::model::Model::ready(a, scenario::settings(None), (140, 40));
    m.note = None;
    scenario::press(&mut m, &["I"]);
    let row = explorer::row_with(&m, "skew +7 s");
    assert!(
        row.contains("skew +7 s (EX01's runs)"),
        "{}",
        explorer::screen(&m)
    );
}
