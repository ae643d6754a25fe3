//! The report's summary line counts what its handshake list holds: failed, abandoned and
//! unanswered (the log ends) handshakes, each said (a list of 84 abandoned ones under "0 failed handshake(s)" read as if
//! nothing was wrong with authentication), whichever way the text report loads them.

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::report::{self, LISTED_HANDSHAKES};
use std::path::PathBuf;

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// (summary line, handshakes listed, handshakes said to be "… and N more").
fn summary_and_list(text: &str) -> (String, usize, usize) {
    let summary = text
        .lines()
        .find(|l| l.contains(" sources, ") || l.starts_with("1 source, "))
        .expect("summary line")
        .to_string();
    let section = text
        .split("Failed and abandoned handshakes")
        .nth(1)
        .expect("handshake section");
    let section = section.split("\nSources\n").next().unwrap_or(section);
    let listed = section
        .lines()
        .filter(|l| l.starts_with("- ") && l.contains(" from ") && l.contains(" on "))
        .count();
    let more = section
        .lines()
        .find_map(|l| l.strip_prefix("… and "))
        .and_then(|l| l.split(' ').next())
        .map_or(0, |n| n.parse().expect("a number"));
    (summary, listed, more)
}

#[test]
fn the_summary_line_counts_the_abandoned_handshakes_listed_below_it() {
    // The stuck client's last challenge is the log's last line: unanswered, as the list says,
    // whether every handshake is built or only the listed ones (the file's last seconds are).
    let stuck = "0 failed, 83 abandoned and 1 unanswered (the log ends) handshakes";
    let demo = "6 failed and 0 abandoned handshakes";
    for (fixture, listed, said, total) in [
        ("tests/fixtures/stuck", None, stuck, 84),
        ("tests/fixtures/stuck", Some(LISTED_HANDSHAKES), stuck, 84),
        ("assets/demo", None, demo, 6),
        ("assets/demo", Some(LISTED_HANDSHAKES), demo, 6),
    ] {
        let opts = LoadOptions {
            listed,
            ..LoadOptions::default()
        };
        let a = load(&[repo(fixture)], &opts, &NoProgress).expect("load");
        let text = report::text::render(&a);
        let (summary, shown, more) = summary_and_list(&text);
        assert!(summary.contains(said), "{fixture}: {summary}");
        assert_eq!(shown + more, total, "{fixture}: {summary}");
    }
}

#[test]
fn without_an_iis_log_the_report_does_not_say_no_handshake_failed() {
    // Only the wizard's log: IIS was not read, so "0 failed handshake(s)" and "None." would
    // read as if IIS showed no failure.
    let opts = LoadOptions::default();
    let a = load(&[repo("assets/demo/hcw")], &opts, &NoProgress).expect("load");
    for (format, text) in [
        ("text", report::text::render(&a)),
        ("Markdown", report::markdown::render(&a)),
        ("HTML", report::html::render(&a, false)),
    ] {
        assert!(
            !text.contains("0 failed and 0 abandoned"),
            "{format}:\n{text}"
        );
        assert!(text.contains("no IIS log loaded"), "{format}:\n{text}");
        let section = text
            .split("Failed and abandoned handshakes")
            .nth(1)
            .expect("handshake section");
        assert!(
            section.contains("None read: no IIS log was loaded"),
            "{format}:\n{section}"
        );
    }
}

#[test]
fn without_an_hcw_log_the_report_does_not_say_no_call_failed() {
    // Only IIS logs: the wizard's log was not read, so "0 failed or unfinished cmdlet call(s)"
    // and "None (0 calls in all)" would read as if the wizard ran clean.
    let opts = LoadOptions::default();
    let a = load(&[repo("assets/demo/EX01")], &opts, &NoProgress).expect("load");
    for (format, text) in [
        ("text", report::text::render(&a)),
        ("Markdown", report::markdown::render(&a)),
        ("HTML", report::html::render(&a, false)),
    ] {
        assert!(
            !text.contains("0 failed or unfinished"),
            "{format}:\n{text}"
        );
        assert!(text.contains("no HCW log loaded"), "{format}:\n{text}");
        let section = text
            .split("Failed cmdlet calls")
            .nth(1)
            .expect("calls section");
        assert!(
            section.contains("None read: no HCW log was loaded"),
            "{format}:\n{section}"
        );
    }
}

#[test]
fn an_abandoned_handshake_says_where_it_stopped_and_no_debug_names() {
    let a = load(
        &[repo("tests/fixtures/stuck")],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let text = report::text::render(&a);
    assert!(
        text.contains("from 10.20.30.40 on EX01: Abandoned at the challenge (grouping sure:"),
        "{text}"
    );
    let html = report::html::render(&a, false);
    assert!(html.contains("abandoned at the challenge</span>"), "{html}");
    // The HTML words the protocol and the grouping as the text report does, not as Rust
    // names them ("Ntlm, High confidence").
    assert!(
        html.contains(", NTLM, grouping sure: one client, no overlapping handshakes"),
        "{html}"
    );
    assert!(!html.contains("Ntlm"), "{html}");
    assert!(!html.contains("High confidence"), "{html}");
}

#[test]
fn an_hcw_excerpt_that_names_no_clock_is_said_to_be_read_as_utc() {
    // A pasted excerpt without line 1 and the Process Info table names no zone: its instants
    // are read as UTC, and "All times UTC" alone would vouch for them.
    let tmp = tempfile::tempdir().expect("temp dir");
    let from = std::fs::read_to_string(repo("assets/demo/hcw/20241105_142155.log")).expect("read");
    let excerpt: String = from
        .lines()
        .filter(|l| l.starts_with("20"))
        .filter(|l| !l.contains("Current Time Zone"))
        .map(|l| format!("{l}\n"))
        .collect();
    let path = tmp.path().join("excerpt.log");
    std::fs::write(&path, excerpt).expect("write");
    let a = load(&[path], &LoadOptions::default(), &NoProgress).expect("load");
    assert_eq!(
        a.sources[0].zone_origin,
        hcwlens::source::ZoneOrigin::Assumed,
        "the excerpt must name no clock for this test to mean anything"
    );
    for (format, text) in [
        ("text", report::text::render(&a)),
        ("Markdown", report::markdown::render(&a)),
        ("HTML", report::html::render(&a, false)),
    ] {
        assert!(
            text.contains("excerpt.log names no clock")
                && text.contains("read as UTC")
                && text.contains("--tz hcw="),
            "{format}:\n{text}"
        );
    }
    // A log with its header says nothing of the kind.
    let whole = load(&[repo("assets/demo")], &LoadOptions::default(), &NoProgress).expect("load");
    assert!(!report::text::render(&whole).contains("names no clock"));
}

/// One failed handshake and no abandoned one: "1 failed and 0 abandoned handshakes", the noun
/// agreeing with the count said last (it read "0 abandoned handshake").
#[test]
fn the_noun_agrees_with_the_count_said_last() {
    let a = load(
        &[repo("tests/fixtures/left26/substatus-cut")],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let text = report::text::render(&a);
    let (summary, _, _) = summary_and_list(&text);
    assert!(
        summary.contains("1 failed and 0 abandoned handshakes,"),
        "{summary}"
    );
}
