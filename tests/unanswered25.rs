//! The report's first line counts a handshake its log ends in as the handshake list says it:
//! unanswered, not abandoned by its client (`legs24/log-end`: one abandoned a minute before
//! the end, one the log ends with).

use crate::fixtures;

use fixtures::analyse;

#[test]
fn the_summary_line_counts_a_handshake_the_log_ends_in_as_unanswered() {
    let a = analyse("legs24/log-end");
    let text = hcwlens::report::text::render(&a);
    let summary = text.lines().nth(3).unwrap_or_default();
    assert!(
        summary.contains("0 failed, 1 abandoned and 1 unanswered (the log ends) handshakes"),
        "{summary}"
    );
    let md = hcwlens::report::markdown::render(&a);
    assert!(
        md.contains("0 failed, 1 abandoned and 1 unanswered (the log ends) handshakes"),
        "{md}"
    );
}

#[test]
fn without_such_a_handshake_the_summary_line_is_as_before() {
    let a = analyse("diag21/ep-then-credentials");
    let text = hcwlens::report::text::render(&a);
    assert!(
        text.contains("4 failed and 0 abandoned handshakes"),
        "{}",
        text.lines().nth(3).unwrap_or_default()
    );
}
