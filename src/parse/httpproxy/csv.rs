//! Splitting one Exchange CSV record into fields: commas separate, a field that starts with `"`
//! runs to its closing quote, and `""` inside it is one quote (RFC 4180). Quoted values may span
//! physical lines, so the reader asks [`open_quote`] whether a record continues.

use std::borrow::Cow;

/// Why a record could not be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvError {
    /// A quoted field never closed.
    Unterminated,
    /// Text after a closing quote before the next comma.
    AfterQuote,
}

impl CsvError {
    /// One line for the diagnostic.
    pub fn reason(self) -> &'static str {
        match self {
            CsvError::Unterminated => "quoted value never closed",
            CsvError::AfterQuote => "text after a closing quote",
        }
    }
}

/// The fields of `record`; unquoted fields borrow, quoted ones with `""` are unescaped.
pub fn split(record: &str) -> Result<Vec<Cow<'_, str>>, CsvError> {
    let mut out = Vec::with_capacity(80);
    let bytes = record.as_bytes();
    let mut i = 0;
    loop {
        if bytes.get(i) == Some(&b'"') {
            let (value, next) = quoted(record, i + 1)?;
            out.push(value);
            match bytes.get(next) {
                None => return Ok(out),
                Some(b',') => i = next + 1,
                Some(_) => return Err(CsvError::AfterQuote),
            }
        } else {
            let end = memchr::memchr(b',', &bytes[i..]).map(|p| i + p);
            match end {
                Some(e) => {
                    out.push(Cow::Borrowed(&record[i..e]));
                    i = e + 1;
                }
                None => {
                    out.push(Cow::Borrowed(&record[i..]));
                    return Ok(out);
                }
            }
        }
    }
}

/// A quoted value starting after its opening quote at `start`: the value and the index after the
/// closing quote.
fn quoted(record: &str, start: usize) -> Result<(Cow<'_, str>, usize), CsvError> {
    let bytes = record.as_bytes();
    let mut owned: Option<String> = None;
    let mut seg = start;
    let mut i = start;
    while let Some(p) = memchr::memchr(b'"', &bytes[i..]) {
        let q = i + p;
        if bytes.get(q + 1) == Some(&b'"') {
            owned
                .get_or_insert_with(String::new)
                .push_str(&record[seg..=q]);
            i = q + 2;
            seg = i;
            continue;
        }
        let value = match owned {
            Some(mut s) => {
                s.push_str(&record[seg..q]);
                Cow::Owned(s)
            }
            None => Cow::Borrowed(&record[seg..q]),
        };
        return Ok((value, q + 1));
    }
    Err(CsvError::Unterminated)
}

/// Whether `text` (a record so far) ends inside a quoted value, so the next physical line
/// belongs to it. Counts quotes at field starts and their matching closes.
pub fn open_quote(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut inside = false;
    // Only quotes change the state: outside a value, one right after a comma (or at the start)
    // opens it, any other is text; inside, `""` is a quote and a lone one closes it.
    let mut quotes = memchr::memchr_iter(b'"', bytes);
    while let Some(q) = quotes.next() {
        if inside {
            if bytes.get(q + 1) == Some(&b'"') {
                quotes.next();
            } else {
                inside = false;
            }
        } else if q == 0 || bytes[q - 1] == b',' {
            inside = true;
        }
    }
    inside
}

/// How many fields `record` splits into, without building them (None when it cannot be split).
/// Commas are counted in bulk between quoted values.
pub fn count_fields(record: &str) -> Option<usize> {
    let b = record.as_bytes();
    let commas = |part: &[u8]| memchr::memchr_iter(b',', part).count();
    let mut count = 1;
    // Start of the stretch whose commas are not counted yet (outside quoted values).
    let mut from = 0;
    let mut search = 0;
    while let Some(p) = memchr::memchr(b'"', &b[search..]) {
        let q = search + p;
        if q > 0 && b[q - 1] != b',' {
            // A quote inside an unquoted value is text, as in `split`.
            search = q + 1;
            continue;
        }
        count += commas(&b[from..q]);
        // Skip the quoted value: `""` pairs stay inside it.
        let mut j = q + 1;
        let close = loop {
            let c = j + memchr::memchr(b'"', b.get(j..)?)?;
            if b.get(c + 1) == Some(&b'"') {
                j = c + 2;
            } else {
                break c;
            }
        };
        match b.get(close + 1) {
            None => return Some(count),
            Some(b',') => {}
            Some(_) => return None,
        }
        from = close + 1;
        search = close + 1;
    }
    Some(count + commas(&b[from..]))
}
