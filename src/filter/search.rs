//! Regex search for highlighting, and the one place filter regexes are compiled (smart case,
//! bounded size, errors as one-line messages).

use regex::{Regex, RegexBuilder};
use std::ops::Range;

/// Compiled-program size cap: a pasted monster pattern fails with a message, not a stall.
const SIZE_LIMIT: usize = 8 * 1024 * 1024;

/// Compiles a user pattern: case-insensitive unless it contains an upper-case letter outside an
/// escape (`\S`, `\D` don't count). Errors are one line, for an inline message.
pub fn compile(pattern: &str) -> Result<Regex, String> {
    if pattern.is_empty() {
        return Err("empty pattern".to_string());
    }
    RegexBuilder::new(pattern)
        .case_insensitive(!has_upper(pattern))
        .size_limit(SIZE_LIMIT)
        .dfa_size_limit(SIZE_LIMIT)
        .build()
        .map_err(|e| one_line(&e.to_string()))
}

fn has_upper(pattern: &str) -> bool {
    let mut escaped = false;
    for c in pattern.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c.is_uppercase() {
            return true;
        }
    }
    false
}

fn one_line(msg: &str) -> String {
    let reason = msg
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("error: "))
        .unwrap_or_else(|| msg.lines().next().unwrap_or("invalid pattern"));
    format!("bad regex: {}", reason.trim())
}

/// A search: the ranges to highlight in a line.
#[derive(Debug, Clone)]
pub struct Search {
    regex: Regex,
    pattern: String,
}

impl Search {
    /// A regex search (smart case).
    pub fn new(pattern: &str) -> Result<Self, String> {
        Ok(Search {
            regex: compile(pattern)?,
            pattern: pattern.to_string(),
        })
    }

    /// A search for literal text (smart case).
    pub fn literal(text: &str) -> Result<Self, String> {
        if text.is_empty() {
            return Err("empty pattern".to_string());
        }
        let regex = RegexBuilder::new(&regex::escape(text))
            .case_insensitive(!text.chars().any(char::is_uppercase))
            .size_limit(SIZE_LIMIT)
            .build()
            .map_err(|e| one_line(&e.to_string()))?;
        Ok(Search {
            regex,
            pattern: text.to_string(),
        })
    }

    /// The pattern as given.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// True when the text contains a match.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }

    /// Byte ranges of the non-empty matches, in order, not overlapping.
    pub fn find_ranges(&self, text: &str) -> Vec<Range<usize>> {
        self.regex
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
            .collect()
    }

    /// The first match at or after byte `from`, for `n`-style jumps within a line.
    pub fn find_from(&self, text: &str, from: usize) -> Option<Range<usize>> {
        if from > text.len() || !text.is_char_boundary(from) {
            return None;
        }
        self.regex
            .find_at(text, from)
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
    }
}
