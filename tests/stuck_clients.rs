//! `ntlm-stuck-client` (catalogue row 17): a client that leaves NTLM handshakes at the
//! challenge again and again is named, whichever way the logs are loaded, and a client that
//! completes more handshakes than it leaves is not.

use crate::fixtures;

use fixtures::fixture;
use hcwlens::analyze::finding::{Finding, Severity};
use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;

fn stuck(opts: &LoadOptions) -> Vec<Finding> {
    let a = load(&[fixture("stuck")], opts, &NoProgress).expect("load");
    a.findings
        .into_iter()
        .filter(|f| f.id.to_string() == "ntlm-stuck-client")
        .collect()
}

#[test]
fn the_client_that_never_answers_the_challenge_is_named() {
    let found = stuck(&LoadOptions::default());
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f.severity, Severity::Info, "not on the MRS proxy");
    assert!(
        f.title.contains("2 clients left 54 NTLM handshakes"),
        "{}",
        f.title
    );
    // The phone whose password changed: who last got through from it names whom to ask.
    assert!(
        f.explanation.contains(
            "10.20.30.43 (iOS/17.6.1+(21G93)+Mail/3774.300.61) left 24 challenges unanswered"
        ),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains(
            "its address completed 5 handshakes, the last as dave@contoso.com at 2024-11-05 09:05:20 UTC."
        ),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains("10.20.30.40 (MacOutlook/16.89"),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation
            .contains("its address completed 0 handshakes."),
        "{}",
        f.explanation
    );
    // Leaves 30 challenges but completes 30: a habit, not a stuck client.
    assert!(!f.explanation.contains("10.20.30.42"), "{}", f.explanation);
    assert!(!f.explanation.contains("10.20.30.41"), "{}", f.explanation);
    assert_eq!(f.evidence.len(), 6);
    assert!(f.evidence.iter().all(|e| e.line >= 6));
}

#[test]
fn text_report_json_and_explorer_loads_say_the_same() {
    let json = stuck(&LoadOptions::default());
    let text = stuck(&LoadOptions {
        listed: Some(2),
        ..LoadOptions::default()
    });
    let explorer = stuck(&LoadOptions {
        index: true,
        ..LoadOptions::default()
    });
    assert_eq!(json.len(), 1);
    assert_eq!(
        text, json,
        "the text report keeps only 2 abandoned handshakes"
    );
    assert_eq!(explorer, json);
}

#[test]
fn live_follow_counts_each_handshake_once() {
    use hcwlens::pipeline::Follow;
    use std::io::Write;
    let log = fixture("stuck").join("EX01/W3SVC1/u_ex241105.log");
    let text = std::fs::read_to_string(&log).expect("fixture");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let dir = tempfile::tempdir().expect("temp");
    let folder = dir.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&folder).expect("folder");
    let copy = folder.join("u_ex241105.log");
    let (head, tail) = lines.split_at(lines.len() / 2);
    std::fs::write(&copy, head.concat()).expect("write");
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let (mut a, follow) =
        Follow::load(std::slice::from_ref(&copy), &opts, &NoProgress).expect("load");
    let mut watch = hcwlens::tui::live::Watch::new(follow);
    let (third, rest) = tail.split_at(tail.len() / 3);
    for part in [third, rest] {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&copy)
            .expect("open");
        f.write_all(part.concat().as_bytes()).expect("append");
        drop(f);
        for delta in watch.poll() {
            a.apply(delta);
        }
        for delta in watch.poll() {
            a.apply(delta);
        }
    }
    let followed: Vec<String> = a
        .findings
        .iter()
        .filter(|f| f.id.to_string() == "ntlm-stuck-client")
        .map(|f| f.explanation.clone())
        .collect();
    let whole: Vec<String> = stuck(&opts).into_iter().map(|f| f.explanation).collect();
    assert_eq!(whole.len(), 1);
    assert_eq!(followed, whole);
}

#[test]
fn the_text_report_quotes_the_lines_it_cites() {
    let lean = load(
        &[fixture("stuck")],
        &LoadOptions {
            listed: Some(2),
            ..LoadOptions::default()
        },
        &NoProgress,
    )
    .expect("load");
    let text = hcwlens::report::text::render(&lean);
    let cited = "u_ex241105.log:19 2024-11-05 09:01:30 10.0.1.21 POST /EWS/Exchange.asmx";
    assert!(text.contains(cited), "{text}");
}
