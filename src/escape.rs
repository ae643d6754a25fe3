//! Neutralising control characters from logs before they reach a terminal, report or clipboard.
//!
//! Log fields are attacker-influenced (user agents, URLs, user names). An ESC byte could start a
//! CSI or OSC sequence (including OSC 52, which writes the clipboard), and a bidi override
//! (U+202E) reorders the rest of a terminal line, so every character of [`is_unsafe`] (C0 and C1
//! controls, DEL, the line and paragraph separators, the bidi embedding, override and isolate
//! controls) except tab and newline (where the caller allows them) is shown as `\xNN` or
//! `\u{..}`, a run of [`RUN_MIN`] or more of one of them once with its count (`\x00 ×12288`,
//! the zeroed block a crash leaves, would be thousands of `\x00` otherwise). The JSON export
//! escapes the same characters in JSON's own form.

use std::borrow::Cow;
use std::fmt::Write;

/// Escapes every control character, including tab and newline.
pub fn escape_control(text: &str) -> Cow<'_, str> {
    escape_with(text, false)
}

/// Escapes control characters but keeps `\n` and `\t` (for multi-line text such as tickets).
pub fn escape_keep_newlines(text: &str) -> Cow<'_, str> {
    escape_with(text, true)
}

/// Whether `c` can act on a terminal or reorder what is shown: a C0 or C1 control character or
/// DEL, U+2028 and U+2029 (line and paragraph separators), the bidi embeddings and overrides
/// U+202A–U+202E and the bidi isolates U+2066–U+2069.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'..='\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

fn is_bad(c: char, keep_newlines: bool) -> bool {
    if keep_newlines && (c == '\n' || c == '\t') {
        return false;
    }
    is_unsafe(c)
}

/// From how many of one control character in a row the run is shown once with its count
/// (`\x00 ×12288`: the zeroed block a crash leaves, a space after it when text follows);
/// shorter runs are shown char by char.
pub const RUN_MIN: usize = 4;

fn escape_with(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_bad(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if !is_bad(c, keep_newlines) {
            out.push(c);
            continue;
        }
        let mut run = 1usize;
        while chars.next_if_eq(&c).is_some() {
            run += 1;
        }
        let times = if run >= RUN_MIN { 1 } else { run };
        for _ in 0..times {
            let code = u32::from(c);
            if code < 0x100 {
                let _ = write!(out, "\\x{code:02X}");
            } else {
                let _ = write!(out, "\\u{{{code:04X}}}");
            }
        }
        if run >= RUN_MIN {
            let _ = write!(out, " \u{d7}{run}");
            // `\x00 ×12288 2026-12-03`, not `×122882026-12-03`.
            if chars.peek().is_some() {
                out.push(' ');
            }
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_esc_and_bel() {
        assert_eq!(
            escape_control("a\x1b]52;c;AAAA\x07b"),
            "a\\x1B]52;c;AAAA\\x07b"
        );
        assert_eq!(escape_control("\u{9b}31m"), "\\x9B31m");
        assert_eq!(escape_control("plain"), "plain");
        assert_eq!(escape_keep_newlines("a\nb\x1b"), "a\nb\\x1B");
        assert_eq!(escape_control("a\tb"), "a\\x09b");
    }

    #[test]
    fn escapes_bidi_controls_that_reorder_a_line() {
        assert_eq!(
            escape_control("/owa/\u{202E}gpj.exe"),
            "/owa/\\u{202E}gpj.exe"
        );
        assert_eq!(
            escape_keep_newlines(
                "a\u{202A}\u{202B}\u{202C}\u{202D}\nb\u{2066}\u{2067}\u{2068}\u{2069}"
            ),
            "a\\u{202A}\\u{202B}\\u{202C}\\u{202D}\nb\\u{2066}\\u{2067}\\u{2068}\\u{2069}"
        );
        // Neighbours that do not act on a terminal stay as they are.
        assert_eq!(
            escape_control("\u{2029}\u{202F}\u{2065}\u{206A}é€"),
            "\\u{2029}\u{202F}\u{2065}\u{206A}é€"
        );
    }

    #[test]
    fn a_long_run_of_one_control_character_is_shown_once_with_its_count() {
        let nuls = format!("200{}#Software", "\0".repeat(12288));
        assert_eq!(escape_control(&nuls), "200\\x00 \u{d7}12288 #Software");
        assert_eq!(escape_keep_newlines("a\0\0\0b"), "a\\x00\\x00\\x00b");
        assert_eq!(
            escape_control("\x1b\x1b\x1b\x1b\x07"),
            "\\x1B \u{d7}4 \\x07"
        );
        assert_eq!(escape_keep_newlines("a\n\n\n\n\n"), "a\n\n\n\n\n");
        assert_eq!(escape_control("\0\x01\0\x01"), "\\x00\\x01\\x00\\x01");
    }
}
