//! Fuzzy matching: a cheap smart-case subsequence test for line filters, and a scored picker
//! (skim's algorithm, `fuzzy-matcher`) over distinct values such as URIs, IPs and users.

use fuzzy_matcher::skim::SkimMatcherV2;

/// Cells of skim's score matrix above which it falls back to its simpler matcher.
const ELEMENT_LIMIT: usize = 256 * 1024;

/// A fuzzy line filter: the query's characters must appear in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzyQuery {
    query: String,
    case_sensitive: bool,
}

impl FuzzyQuery {
    /// Smart case: case-sensitive only when the query has an upper-case letter.
    pub fn new(query: &str) -> Self {
        FuzzyQuery {
            query: query.to_string(),
            case_sensitive: query.chars().any(char::is_uppercase),
        }
    }

    /// The query as typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// True when the query is a subsequence of `text`.
    pub fn is_match(&self, text: &str) -> bool {
        if self.query.is_ascii() {
            return self.is_match_ascii(text.as_bytes());
        }
        let mut want = self.query.chars().filter(|c| !c.is_whitespace()).peekable();
        for c in text.chars() {
            let Some(&w) = want.peek() else {
                return true;
            };
            let hit = if self.case_sensitive {
                c == w
            } else if c.is_ascii() && w.is_ascii() {
                c.eq_ignore_ascii_case(&w)
            } else {
                c.to_lowercase().eq(w.to_lowercase())
            };
            if hit {
                want.next();
            }
        }
        want.peek().is_none()
    }

    /// Byte search with memchr: an ASCII byte never occurs inside a multi-byte UTF-8 sequence.
    fn is_match_ascii(&self, mut text: &[u8]) -> bool {
        for q in self.query.bytes().filter(|b| !b.is_ascii_whitespace()) {
            let (lo, up) = (q.to_ascii_lowercase(), q.to_ascii_uppercase());
            let found = if self.case_sensitive || lo == up {
                memchr::memchr(q, text)
            } else {
                memchr::memchr2(lo, up, text)
            };
            match found {
                Some(i) => text = &text[i + 1..],
                None => return false,
            }
        }
        true
    }
}

/// The best `limit` candidates for `query`: `(index, score, matched char positions)`, best
/// first; ties go to the shorter candidate, then the earlier one. An empty query lists the first
/// `limit` candidates with score 0.
pub fn fuzzy_pick(query: &str, candidates: &[&str], limit: usize) -> Vec<(usize, i64, Vec<usize>)> {
    if query.trim().is_empty() {
        return (0..candidates.len().min(limit))
            .map(|i| (i, 0, Vec::new()))
            .collect();
    }
    let matcher = SkimMatcherV2::default()
        .smart_case()
        .element_limit(ELEMENT_LIMIT);
    let mut hits: Vec<(usize, i64, Vec<usize>)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, c)| {
            matcher
                .fuzzy(c, query.trim(), true)
                .map(|(score, pos)| (i, score, pos))
        })
        .collect();
    hits.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(candidates[a.0].len().cmp(&candidates[b.0].len()))
            .then(a.0.cmp(&b.0))
    });
    hits.truncate(limit);
    hits
}
