//! The full W3C value grammar, for the lines the block scan flags as not plain (a run of spaces,
//! a tab, a quote) or whose value count differs from `#Fields`.
//!
//! W3C has no empty values (an empty value is `-`), so any run of spaces or tabs is one
//! separator. A value that starts with `"` runs to the next `"` that is followed by a separator
//! or the line end (`""` inside is an escaped quote, kept as written); its span excludes the
//! quotes. A quote anywhere else is an ordinary character, as IIS writes it.

use super::scan::Edges;

/// Where a split line's values are: the block scan's edges, or a [`Tokens`] list.
pub(super) trait Fields {
    /// Bounds of value `k` in the batch text (quotes excluded).
    fn span(&self, k: usize) -> Option<(u32, u32)>;

    /// [`Fields::span`] as indexes.
    #[inline]
    fn field(&self, k: usize) -> Option<(usize, usize)> {
        self.span(k).map(|(a, b)| (a as usize, b as usize))
    }
}

impl Fields for Edges {
    #[inline]
    fn span(&self, k: usize) -> Option<(u32, u32)> {
        match self.at.get(k..)? {
            [before, end, ..] => Some((before.wrapping_add(1), *end)),
            _ => None,
        }
    }
}

/// The values of one line, split with the full grammar (storage reused between lines).
#[derive(Debug, Default)]
pub(super) struct Tokens {
    spans: Vec<(u32, u32)>,
    /// A quoted value was read.
    pub quoted: bool,
}

impl Fields for Tokens {
    #[inline]
    fn span(&self, k: usize) -> Option<(u32, u32)> {
        self.spans.get(k).copied()
    }
}

fn is_gap(c: u8) -> bool {
    c == b' ' || c == b'\t'
}

impl Tokens {
    /// Splits `text[start..end]` into values; `quotes` reads quoted values as one. Returns the
    /// number of values.
    pub fn split(&mut self, text: &[u8], start: usize, end: usize, quotes: bool) -> usize {
        self.spans.clear();
        self.quoted = false;
        let end = end.min(text.len());
        let mut i = start;
        loop {
            while i < end && is_gap(text[i]) {
                i += 1;
            }
            if i >= end {
                break;
            }
            if quotes
                && text[i] == b'"'
                && let Some(close) = closing_quote(text, i + 1, end)
            {
                self.push(i + 1, close);
                self.quoted = true;
                i = close + 1;
                continue;
            }
            let stop = text[i..end]
                .iter()
                .position(|&c| is_gap(c))
                .map_or(end, |p| i + p);
            self.push(i, stop);
            i = stop;
        }
        self.spans.len()
    }

    fn push(&mut self, a: usize, b: usize) {
        let cut = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
        self.spans.push((cut(a), cut(b)));
    }
}

/// Value `k` of a data line as the parser reads it: a quoted value whole, without its quotes
/// (IIS Advanced Logging quotes every text value, `"EX02"`, `"Microsoft Exchange/15.20 (…)"`).
pub(crate) fn value_at(line: &[u8], k: usize) -> Option<&[u8]> {
    let mut tokens = Tokens::default();
    tokens.split(line, 0, line.len(), true);
    let (a, b) = tokens.field(k)?;
    line.get(a..b)
}

/// The quote closing a value opened just before `from`: followed by a separator or the end.
fn closing_quote(text: &[u8], from: usize, end: usize) -> Option<usize> {
    let mut j = from;
    while j < end {
        let q = j + memchr::memchr(b'"', &text[j..end])?;
        match text.get(q + 1) {
            _ if q + 1 >= end => return Some(q),
            Some(b'"') => j = q + 2,
            Some(&c) if is_gap(c) => return Some(q),
            _ => j = q + 1,
        }
    }
    None
}

/// Milliseconds of the day of the `time` value (index `k`) of a data line, split with the full
/// grammar; the same answer for the reader's directive pass and the block parser.
pub(super) fn time_value(line: &[u8], k: usize, tokens: &mut Tokens) -> Option<i64> {
    tokens.split(line, 0, line.len(), true);
    let (a, b) = tokens.field(k)?;
    super::value::parse_time(line.get(a..b)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(line: &str, quotes: bool) -> Vec<&str> {
        let mut t = Tokens::default();
        let n = t.split(line.as_bytes(), 0, line.len(), quotes);
        (0..n)
            .filter_map(|k| t.field(k))
            .map(|(a, b)| &line[a..b])
            .collect()
    }

    #[test]
    fn runs_tabs_and_quotes() {
        assert_eq!(values("a  b\t\tc ", true), ["a", "b", "c"]);
        assert_eq!(
            values("1 \"Mozilla/5.0 (Windows NT)\" 200", true),
            ["1", "Mozilla/5.0 (Windows NT)", "200"]
        );
        assert_eq!(values("\"a \"\"b\"\" c\" d", true), ["a \"\"b\"\" c", "d"]);
        assert_eq!(
            values("x\"y z", true),
            ["x\"y", "z"],
            "quote inside a value"
        );
        assert_eq!(values("\"open z", true), ["\"open", "z"], "never closed");
        assert_eq!(values("\"\" -", true), ["", "-"]);
        assert_eq!(values("\"a b\"", false), ["\"a", "b\""]);
        assert_eq!(values("\"a\"b c\" d", true), ["a\"b c", "d"]);
    }
}
