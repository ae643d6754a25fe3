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

/// How many commas `bytes` holds. memchr counts 32 bytes at a time, but byte by byte (one
/// branch each) up to its first 32-byte boundary and after its last: it is handed a stretch
/// that starts one byte before a boundary and ends on one, and the ends are counted eight
/// bytes at a time here.
pub fn count_commas(bytes: &[u8]) -> usize {
    const V: usize = 32;
    // Bytes before the address one short of a 32-byte boundary.
    let head = (V - 1).wrapping_sub(bytes.as_ptr() as usize) % V;
    if bytes.len() < head + 3 * V {
        return commas_by_word(bytes);
    }
    let end = bytes.len() - (bytes.as_ptr() as usize + bytes.len()) % V;
    commas_by_word(&bytes[..head])
        + memchr::memchr_iter(b',', &bytes[head..end]).count()
        + commas_by_word(&bytes[end..])
}

/// [`count_commas`] eight bytes at a time: a comma is a zero byte after xor with commas. The
/// bytes after the last whole word are read as the slice's last eight, less those counted
/// already (no copy into a padded word, which the next load would stall on).
fn commas_by_word(bytes: &[u8]) -> usize {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const COMMAS: u64 = 0x2c2c_2c2c_2c2c_2c2c;
    // The high bit of each comma's byte, exactly (no borrow crosses bytes).
    let commas = |w: &[u8]| {
        let x = u64::from_le_bytes(<[u8; 8]>::try_from(w).unwrap_or_default()) ^ COMMAS;
        !(((x & LOW7) + LOW7) | x | LOW7)
    };
    // Adds up the high bits in the top byte (no popcount instruction in the baseline target).
    let count = |m: u64| ((m >> 7).wrapping_mul(ONES) >> 56) as usize;
    let n = bytes.len();
    if n < 8 {
        return bytes.iter().filter(|&&b| b == b',').count();
    }
    let mut words = bytes.chunks_exact(8);
    let mut total = 0;
    for w in &mut words {
        total += count(commas(w));
    }
    let rest = words.remainder().len();
    if rest > 0 {
        // Little-endian: the low bytes of the last eight were counted with the last whole word.
        total += count(commas(&bytes[n - 8..]) & (u64::MAX << (8 * (8 - rest))));
    }
    total
}
