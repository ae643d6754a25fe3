//! Details an admin stumbled on (twenty-sixth pass): a skew said as a clock difference
//! (`+1 min 35 s`, `+350 ms`) in every sources list, not in milliseconds; the HTML report's
//! runs of one log a line each; an `sc-substatus` that is no number, or that the log ends
//! inside, said so, never as a logged 0. Fixtures: `hcw23/skew-two-machines` (runs of EX01 and
//! EX02 in one HCW log) and `left26/` (`make.py`).

use crate::explorer;
use crate::fixtures;
use crate::scenario;

use hcwlens::pipeline::{Analysis, LoadOptions, Selector};

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
