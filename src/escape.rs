//! Neutralising control characters from logs before they reach a terminal, report or clipboard.
//!
//! Log fields are attacker-influenced (user agents, URLs, user names). An ESC byte could start a
//! CSI or OSC sequence (including OSC 52, which writes the clipboard), so every C0/C1 control
//! character except tab and newline (where the caller allows them) is shown as `\xNN` or `\u{..}`.

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

fn is_bad(c: char, keep_newlines: bool) -> bool {
    if keep_newlines && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control() || c == '\u{2028}' || c == '\u{2029}'
}

fn escape_with(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_bad(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_bad(c, keep_newlines) {
            let code = u32::from(c);
            if code < 0x100 {
                let _ = write!(out, "\\x{code:02X}");
            } else {
                let _ = write!(out, "\\u{{{code:04X}}}");
            }
        } else {
            out.push(c);
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
}
