//! Encodings by file name and by guess (`tests/fixtures/encodings`): a `u_ex…` log is UTF-8
//! whatever its first bytes hold (a client's stray Windows-1252 bytes are counted, its later
//! UTF-8 stays UTF-8), and a log read as Windows-1252 because its start is not UTF-8 says so in
//! the JSON and text reports, the HTML report and the explorer's sources list (`I`).

use crate::explorer;
use crate::scenario;

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use serde_json::Value;
use std::path::PathBuf;

/// A fixture folder, relative to the crate (tests run there), so screens name it the same on
/// every machine.
fn dir(name: &str) -> PathBuf {
    PathBuf::from("tests/fixtures/encodings").join(name)
}

fn analyse(names: &[&str]) -> Analysis {
    let paths: Vec<PathBuf> = names.iter().map(|n| dir(n)).collect();
    load(&paths, &LoadOptions::default(), &NoProgress).expect("load")
}

fn json(names: &[&str]) -> Value {
    let text = hcwlens::report::json::render(&analyse(names));
    serde_json::from_str(&text).expect("valid JSON")
}

const STRAY: &str = "read, but byte 0xE9 is not UTF-8 (Windows-1252 \"é\"?): shown as U+FFFD";
const GUESS: &str = "read as Windows-1252 (guessed: not UTF-8)";

#[test]
fn a_u_ex_log_is_utf8_even_when_its_start_holds_more_stray_bytes_than_utf8() {
    // Five lines with a client's raw 0xE9 first, then a handshake whose user agent names
    // Zürich in UTF-8, then a UTF-8 user name: fewer UTF-8 characters than bad bytes.
    let r = json(&["stray-early"]);
    let hs = r["handshakes"].as_array().expect("handshakes");
    assert_eq!(hs.len(), 1, "{hs:#?}");
    // Not `Outlook-iOS/2.0+(ZÃ¼rich)`: the later UTF-8 is not decoded as Windows-1252.
    assert_eq!(hs[0]["user_agent"], "Outlook-iOS/2.0+(Zürich)");
    let src = &r["sources"][0];
    assert_eq!(
        (
            src["encoding"].as_str(),
            src["encoding_guessed"].as_bool(),
            src["events"].as_u64(),
            src["unparsed"].as_u64(),
            src["not_utf8"].as_u64()
        ),
        (Some("utf8"), Some(false), Some(9), Some(0), Some(5))
    );
    let said: Vec<_> = src["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["line"].as_u64(), d["reason"].as_str()))
        .collect();
    assert_eq!(
        said,
        [5, 6, 7, 8, 9].map(|l| (Some(l), Some(STRAY))).to_vec()
    );
    // The user name on line 13 likewise, in the explorer's line text and user column.
    let m = explorer::loaded(&[dir("stray-early")], (160, 40));
    let s = explorer::screen(&m);
    assert!(s.contains("CONTOSO\\jürgen"), "{s}");
    assert!(!s.contains("jÃ¼rgen"), "{s}");
    let text = hcwlens::report::text::render(&analyse(&["stray-early"]));
    assert!(!text.contains("guessed: not UTF-8"), "{text}");
}

#[test]
fn a_log_read_as_windows_1252_by_a_guess_says_so() {
    // `ex…` (no `u_`): IIS wrote it in the ANSI code page; its `ü` is the byte 0xFC.
    let r = json(&["ansi"]);
    let src = &r["sources"][0];
    assert_eq!(src["encoding"], "windows1252");
    assert_eq!(src["encoding_guessed"], true);
    let hs = r["handshakes"].as_array().expect("handshakes");
    assert_eq!(hs[0]["user_agent"], "Outlook-iOS/2.0+(Zürich)");
    let text = hcwlens::report::text::render(&analyse(&["ansi"]));
    assert!(
        text.contains(&format!("7 lines, 3 events, 0 unparsed, {GUESS}")),
        "{text}"
    );
}

#[test]
fn the_sources_list_says_which_encoding_was_guessed() {
    let mut m = explorer::loaded(&[dir("ansi"), dir("stray-early")], (140, 24));
    scenario::press(&mut m, &["I"]);
    // Paths as on Linux, so the snapshot holds under Wine too (the screen has no other `\`).
    let s = explorer::screen(&m).replace('\\', "/");
    assert!(s.contains(GUESS), "{s}");
    assert!(s.contains("5 not UTF-8"), "{s}");
    insta::assert_snapshot!("sources_guessed_encoding_140x24", s);
}

#[test]
fn the_html_report_lists_per_source_diagnostics_and_not_utf8_escaped() {
    let html = hcwlens::report::html::render(&analyse(&["ansi", "stray-early"]), false);
    let at = html.find("id=\"sources\"").expect("sources section");
    let sources = &html[at..];
    for want in [
        "<th>Not UTF-8</th>",
        "<td class=\"n bad\">5</td>",
        // The first diagnostics, with the line text escaped (`&` of the query).
        "<li>line 5: read, but byte 0xE9 is not UTF-8 (Windows-1252 &quot;é&quot;?): shown as U+FFFD - <code>2024-11-05 10:00:00 10.0.0.11 GET /owa/auth/logon.aspx url=https%3a%2f%2fmail.contoso.com%2fowa%2f&amp;reason=0&amp;name=Ren\u{FFFD} 443",
        "<li>line 9: ",
        // An unparsed line's markup is text, never markup.
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        GUESS,
    ] {
        assert!(sources.contains(want), "{want}\n{sources}");
    }
    assert!(!html.contains("<script>"), "{html}");
    // With --redact the listed lines go through the redactor like every log text.
    let red = hcwlens::report::html::render(&analyse(&["stray-early"]), true);
    let at = red.find("id=\"sources\"").expect("sources section");
    assert!(red[at..].contains("<li>line 5: "), "{red}");
    assert!(!red.contains("198.51.100.20"), "{red}");
}

/// The Extended Protection explanation of IIS logs alone starts its second sentence with a
/// capital (it read "… rejects them. this happens when TLS is terminated …").
#[test]
fn the_offload_explanation_starts_its_sentence_with_a_capital() {
    let text = hcwlens::report::text::render(&analyse(&["stray-early"]));
    assert!(text.contains("rejects it. This happens when TLS"), "{text}");
    assert!(!text.contains(". this happens"), "{text}");
}
