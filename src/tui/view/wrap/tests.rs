//! Wrapping and fitting lines: breaks at spaces, separators of parts, host names, and
//! lines cut when a box is too short.

use super::*;
use ratatui::style::Style;
use ratatui::text::Span;

#[test]
fn wraps_styled_lines_by_columns() {
    let l = Line::from(vec![Span::raw("abc"), Span::raw("defg")]);
    let w = wrap_line(&l, 5);
    let text: Vec<String> = w.iter().map(|l| l.to_string()).collect();
    assert_eq!(text, vec!["abcde", "fg"]);
    let l = Line::from(vec![
        Span::raw("one two "),
        Span::styled("three", Style::new().bold()),
    ]);
    let w = wrap_line(&l, 10);
    let text: Vec<String> = w.iter().map(|l| l.to_string()).collect();
    assert_eq!(text, vec!["one two", "three"]);
    assert_eq!(w[1].spans[0].style, Style::new().bold());
}

#[test]
fn continuation_lines_hang_under_their_text() {
    let l = Line::from("     the .log of the same run holds the same calls");
    let w = wrap_hanging(&l, 30, 5);
    let text: Vec<String> = w.iter().map(|l| l.to_string()).collect();
    assert_eq!(
        text,
        vec!["     the .log of the same run", "     holds the same calls"]
    );
    let l = Line::from("SKIP /srv/logs/HCW_NewMigrationEndpoint_FAIL/20220305_144855.xhcw");
    let w = wrap_hanging(&l, 50, 5);
    let text: Vec<String> = w.iter().map(|l| l.to_string()).collect();
    assert_eq!(
        text,
        vec![
            "SKIP /srv/logs/HCW_NewMigrationEndpoint_FAIL/",
            "     20220305_144855.xhcw"
        ]
    );
}

#[test]
fn host_names_wrap_whole_and_one_longer_than_a_row_breaks_after_a_dot() {
    let text = |l: Vec<Line<'static>>| l.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    // However early the space: the name fits the next row whole.
    let l = Line::from("DNS: mail.hybrid.contoso.example.com");
    assert_eq!(
        text(wrap_line(&l, 34)),
        vec!["DNS:", "mail.hybrid.contoso.example.com"]
    );
    // Longer than any row: broken after a dot, every character kept.
    let l = Line::from("DNS: a-very-long-name.hybrid.contoso.example.com");
    assert_eq!(
        text(wrap_line(&l, 36)),
        vec!["DNS: a-very-long-name.hybrid.", "contoso.example.com"]
    );
    // A query string: after a parameter, not inside a version or a request id.
    let l = Line::from("q=a;PSVersion=5.1.20348&cafeReqId=db668b10-3e9e-4186;x");
    assert_eq!(
        text(wrap_line(&l, 30)),
        vec!["q=a;PSVersion=5.1.20348&", "cafeReqId=db668b10-3e9e-4186;x"]
    );
}

#[test]
fn a_row_breaking_at_a_separator_of_parts_neither_ends_nor_starts_with_it() {
    let text = |l: Vec<Line<'static>>| l.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let parts = |p: &[&'static str]| {
        let mut spans = Vec::new();
        for (i, part) in p.iter().enumerate() {
            if i > 0 {
                spans.push(Span::raw(" - "));
            }
            spans.push(Span::raw(*part));
        }
        Line::from(spans)
    };
    let l = parts(&["401.1 NTLM challenge sent", "0x8009030E", "Logon failed"]);
    // The space after the dash is the last that fits, then the one before it.
    for cols in [27, 28] {
        assert_eq!(
            text(wrap_line(&l, cols)),
            vec!["401.1 NTLM challenge sent", "0x8009030E - Logon failed"]
        );
    }
    // The same words in one span (a log line's `-` fields) keep every character.
    let l = Line::from("401.1 NTLM challenge sent - 0x8009030E - Logon failed");
    assert_eq!(
        text(wrap_line(&l, 28)),
        vec!["401.1 NTLM challenge sent -", "0x8009030E - Logon failed"]
    );
}

#[test]
fn fit_cuts_instead_of_wrapping_when_too_tall() {
    let lines = vec![Line::from("aaaa bbbb"), Line::from("cc")];
    assert_eq!(fit(lines.clone(), 5, 3).len(), 3);
    assert_eq!(fit(lines, 4, 2).len(), 2);
}

#[test]
fn fit_gives_spare_rows_to_the_lines_they_show_whole_then_in_part() {
    let text = |l: Vec<Line<'static>>| l.iter().map(|l| l.to_string()).collect::<Vec<_>>();
    let lines = vec![
        Line::from("head"),
        Line::from("one two three four five six seven"),
        Line::from("alpha beta gamma"),
    ];
    // Four rows: the short line that needs one more row is shown whole.
    assert_eq!(
        text(fit(lines.clone(), 10, 4)),
        vec!["head", "one two…", "alpha beta", "gamma"]
    );
    // Five rows: the long line gets the one left, in part (cut at a boundary with `…`,
    // even where a word ends at the edge: more follows).
    assert_eq!(
        text(fit(lines.clone(), 10, 5)),
        vec!["head", "one two", "three…", "alpha beta", "gamma"]
    );
    assert_eq!(
        text(fit(lines, 11, 5)),
        vec!["head", "one two", "three four…", "alpha beta", "gamma"]
    );
}
