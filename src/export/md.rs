//! Markdown building blocks for ticket text: code spans and blocks that survive any log content,
//! and `file:line` references.

use crate::escape::{escape_control, escape_keep_newlines};
use crate::source::{SourceId, SourceInfo};

/// Shown for an empty or `-` field.
pub const NONE: &str = "(none)";

/// An inline code span for one log value, control characters escaped, never empty.
pub fn code(text: &str) -> String {
    let t = escape_control(text);
    if t.is_empty() || t == "-" {
        return NONE.to_string();
    }
    let fence = "`".repeat(longest_run(&t, '`') + 1);
    let pad = if t.starts_with('`') || t.ends_with('`') || t.starts_with(' ') || t.ends_with(' ') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{t}{pad}{fence}")
}

/// A fenced `text` block for log text, whole; every line is prefixed with `indent`.
pub fn block(text: &str, indent: &str) -> String {
    let t = escape_keep_newlines(text);
    fenced("text", t.trim_end_matches('\n').split('\n'), indent)
}

/// A fenced block of `lang` holding `lines` (trailing blanks trimmed), every line prefixed with
/// `indent`; the fence is longer than any run of backticks inside.
pub(crate) fn fenced<'a>(
    lang: &str,
    lines: impl Iterator<Item = &'a str> + Clone,
    indent: &str,
) -> String {
    let run = lines
        .clone()
        .map(|l| longest_run(l, '`'))
        .max()
        .unwrap_or(0);
    let fence = "`".repeat((run + 1).max(3));
    let mut out = format!("{indent}{fence}{lang}\n");
    for line in lines {
        out.push_str(indent);
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str(indent);
    out.push_str(&fence);
    out.push('\n');
    out
}

/// Prose from the analyzers (titles, explanations): control characters escaped, trimmed.
pub fn prose(text: &str) -> String {
    escape_keep_newlines(text).trim().to_string()
}

/// `u_ex241105.log:17`, escaped: the file name, or the shortest ending of its path no other
/// loaded file shares (`EXC02/W3SVC1/u_ex241105.log:17`, [`crate::source::cited_name`]);
/// `source #3:17` for an unknown source.
pub fn location(sources: &[SourceInfo], source: SourceId, line: u64) -> String {
    format!("{}:{line}", file_name(sources, source))
}

/// The file of a source as citations name it ([`crate::source::cited_name`]), escaped.
pub fn file_name(sources: &[SourceInfo], source: SourceId) -> String {
    escape_control(&crate::source::cited_name(sources, source)).into_owned()
}

fn longest_run(text: &str, c: char) -> usize {
    let mut best = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == c {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks_and_controls() {
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("-"), NONE);
        assert_eq!(code(""), NONE);
        assert_eq!(code("a\x1bb"), "`a\\x1Bb`");
    }

    #[test]
    fn blocks_use_a_longer_fence() {
        let b = block("x ```` y\nz", "");
        assert!(b.starts_with("`````text\n"));
        assert!(b.ends_with("\n`````\n"));
    }
}
