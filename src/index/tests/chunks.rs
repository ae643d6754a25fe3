//! A parsed W3C text indexed a block at a time (chunks built on the parser threads) reads back
//! exactly as the same text indexed a record at a time: numbers, absent and unread numbers,
//! every interned field, the label and `s-ip` fallbacks, across blocks, segments, `#Fields`
//! changes, a shifted clock and a time window.

use crate::analyze::hint::Hint;
use crate::index::{Field, IndexChunk, RequestIndex};
use crate::parse::w3c::W3cParser;
use crate::pipeline::hook::W3cHook;
use crate::read::text::LineText;
use crate::record::{RequestSink, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;
use std::convert::Infallible;

/// Feeds one index from the parser's chunks and another from its records.
struct Both {
    chunked: RequestIndex,
    pushed: RequestIndex,
    label: String,
    skew: i64,
    window: Option<(i64, i64)>,
}

impl Both {
    fn new(label: &str, skew: i64, window: Option<(i64, i64)>) -> Self {
        Both {
            chunked: RequestIndex::new(SourceId(0), LineText::None),
            pushed: RequestIndex::new(SourceId(0), LineText::None),
            label: label.into(),
            skew,
            window,
        }
    }

    fn inside(&self, t: i64) -> bool {
        self.window.is_none_or(|(a, b)| (a..b).contains(&t))
    }
}

impl RequestSink for Both {
    type Row = Hint;
    type Block = IndexChunk;
    type Error = Infallible;

    fn block(
        &mut self,
        _source: SourceId,
        chunk: &IndexChunk,
        text: &str,
        line_base: u64,
    ) -> Result<bool, Infallible> {
        let skew = self.skew;
        let clock = |t: i64| t + skew;
        let (window, label) = (self.window, self.label.clone());
        let inside = |t: i64| window.is_none_or(|(a, b)| (a..b).contains(&clock(t)));
        match chunk.retained(&inside) {
            Some(part) => (self.chunked).append_chunk(&part, text, line_base, &label, &clock),
            None => (self.chunked).append_chunk(chunk, text, line_base, &label, &clock),
        }
        Ok(true)
    }

    fn request(&mut self, _source: SourceId, rec: &W3cRecord<'_>) -> Result<bool, Infallible> {
        let mut r = *rec;
        r.ts = UtcMs(rec.ts.0 + self.skew);
        if self.inside(r.ts.0) {
            self.pushed.push(&r);
        }
        Ok(true)
    }
}

/// A small deterministic generator (no dependence on the test order).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        (self.0 >> 33) % n
    }
}

const FULL: &str = "#Fields: date time s-computername s-ip cs-method cs-uri-stem cs-username \
                    c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken s-reason";
const NO_SERVER: &str = "#Fields: date time s-ip cs-method cs-uri-stem c-ip cs-username \
                         sc-status time-taken cs(User-Agent)";

/// W3C text of about `rows` data lines, switching field lists now and then.
fn log(rows: usize, seed: u64) -> String {
    let mut g = Lcg(seed);
    let mut out = String::from("#Software: Microsoft Internet Information Services 10.0\n");
    let mut full = true;
    out.push_str(FULL);
    out.push('\n');
    let pick =
        |g: &mut Lcg, values: &[&str]| values[g.next(values.len() as u64) as usize].to_string();
    for i in 0..rows {
        if g.next(3000) == 0 {
            full = !full;
            out.push_str(if full { FULL } else { NO_SERVER });
            out.push('\n');
        }
        let secs = i / 7;
        let time = format!(
            "2024-11-05 {:02}:{:02}:{:02}",
            secs / 3600 % 24,
            secs / 60 % 60,
            secs % 60
        );
        let client = match g.next(20) {
            0 => "-".to_string(),
            1 => format!("2001:db8::{:x}", g.next(50)),
            _ => format!("10.{}.{}.{}", g.next(3), g.next(20), g.next(250)),
        };
        let uri = format!(
            "/u{}/{}",
            g.next(4),
            pick(&mut g, &["a.svc", "-", "ews", "é"])
        );
        let method = pick(&mut g, &["GET", "POST", "RPC_IN_DATA", "-"]);
        let user = match g.next(4) {
            0 => "-".to_string(),
            _ => format!("CONTOSO\\user{}", g.next(300)),
        };
        let agent = pick(&mut g, &["Outlook/16.0", "-", "Mozilla/5.0+(X)", "MSRPC"]);
        let status = match g.next(200) {
            0 => "abc".to_string(),
            1 => "-".to_string(),
            _ => pick(&mut g, &["200", "401", "401", "500"]),
        };
        let taken = match g.next(100) {
            0 => "-".to_string(),
            1 => "99999999999".to_string(),
            _ => g.next(5000).to_string(),
        };
        let server = pick(&mut g, &["EX01", "EX02", "-"]);
        let ip = pick(&mut g, &["10.0.1.11", "10.0.1.12"]);
        let reason = pick(&mut g, &["-", "-", "-", "Timer_ConnectionIdle"]);
        let sub = g.next(3);
        let win32 = pick(&mut g, &["0", "0", "2148074254", "x"]);
        if full {
            out.push_str(&format!(
                "{time} {server} {ip} {method} {uri} {user} {client} {agent} {status} {sub} \
                 {win32} {taken} {reason}\n"
            ));
        } else {
            out.push_str(&format!(
                "{time} {ip} {method} {uri} {client} {user} {status} {taken} {agent}\n"
            ));
        }
    }
    out
}

fn both(text: &str, label: &str, skew: i64, window: Option<(i64, i64)>) -> Both {
    let mut sink = Both::new(label, skew, window);
    let hook = W3cHook {
        chunks: true,
        label: !label.is_empty(),
    };
    W3cParser::new(SourceId(0))
        .server_label(label)
        .hook(hook)
        .bytes(text.as_bytes(), &mut sink)
        .unwrap();
    sink
}

fn assert_same(a: &RequestIndex, b: &RequestIndex) {
    assert_eq!(a.len(), b.len(), "rows");
    for i in 0..a.len() {
        assert_eq!(a.ts(i), b.ts(i), "ts of row {i}");
        assert_eq!(a.line_no(i), b.line_no(i), "line of row {i}");
        assert_eq!(a.offset(i), b.offset(i), "offset of row {i}");
        assert_eq!(a.status(i), b.status(i), "status of row {i}");
        assert_eq!(a.numbers(i), b.numbers(i), "numbers of row {i}");
        assert_eq!(a.time_taken(i), b.time_taken(i), "time taken of row {i}");
        for f in Field::ALL {
            assert_eq!(a.field(f, i), b.field(f, i), "{f:?} of row {i}");
        }
    }
    for f in Field::ALL {
        assert_eq!(
            a.fields[f as usize].len(),
            b.fields[f as usize].len(),
            "{f:?}"
        );
    }
}

#[test]
fn blocks_index_as_records_do_across_blocks_and_segments() {
    let text = log(14_000, 7);
    assert!(text.len() > 1 << 20, "several blocks: {}", text.len());
    for label in ["", "EX09"] {
        let s = both(&text, label, 0, None);
        assert!(s.pushed.len() > 2 * crate::index::segment::SEG_ROWS);
        assert_same(&s.chunked, &s.pushed);
    }
}

#[test]
fn a_shifted_clock_and_a_window_keep_the_same_rows() {
    let text = log(9000, 11);
    let start = 1_730_764_800_000; // 2024-11-05 00:00 UTC
    let window = Some((start + 200_000, start + 900_000));
    let s = both(&text, "EX09", -60_000, window);
    assert!(s.pushed.len() > 1000 && s.pushed.len() < 8000);
    assert_same(&s.chunked, &s.pushed);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    #[test]
    fn small_logs_index_as_records_do(rows in 0usize..400, seed in proptest::num::u64::ANY) {
        let s = both(&log(rows, seed), "L", 5, None);
        assert_same(&s.chunked, &s.pushed);
    }
}

#[test]
fn values_alike_at_the_end_keep_their_own_ids() {
    // Same length and last eight bytes, differing only before them (and short ones).
    let uris = [
        "/a/12345678",
        "/b/12345678",
        "/a/12345678",
        "/owa/x/aaaaaaaa/12345678",
        "/owa/y/aaaaaaaa/12345678",
        "/owa/x/aaaaaaaa/12345678",
        "/c",
        "/d",
        "/c",
        "/b/12345678",
    ];
    let mut text = String::from("#Fields: date time cs-uri-stem c-ip\n");
    for (i, uri) in uris.iter().enumerate() {
        text.push_str(&format!(
            "2024-11-05 00:00:0{} {uri} 10.0.0.{}\n",
            i % 10,
            i % 3
        ));
    }
    let s = both(&text, "", 0, None);
    assert_same(&s.chunked, &s.pushed);
    let got: Vec<&str> = (0..uris.len())
        .map(|i| s.chunked.field(Field::Uri, i))
        .collect();
    assert_eq!(got, uris);
    assert_eq!(s.chunked.fields[Field::Uri as usize].len(), 6);
}

#[test]
fn columns_a_block_does_not_log_index_as_records_do() {
    // No s-computername, s-reason or unread number in any block: those columns hold one
    // value a block (empty, or the label on every row), then a block that has them.
    let mut text = String::from("#Fields: date time s-ip cs-method c-ip sc-status\n");
    for i in 0..12_000 {
        text.push_str(&format!(
            "2024-11-05 01:{:02}:{:02} 10.0.1.11 GET 10.0.0.{} 200\n",
            i / 600 % 60,
            i / 10 % 60,
            i % 7
        ));
    }
    text.push_str(
        "#Fields: date time s-computername s-ip cs-method c-ip sc-status s-reason\n\
         2024-11-05 02:00:00 EX01 10.0.1.11 GET 10.0.0.1 abc Timer_ConnectionIdle\n\
         2024-11-05 02:00:01 - 10.0.1.11 GET 10.0.0.2 200 -\n",
    );
    for label in ["", "EX09"] {
        let s = both(&text, label, 0, None);
        assert_eq!(s.pushed.len(), 12_002);
        assert_same(&s.chunked, &s.pushed);
        let server = if label.is_empty() { "10.0.1.11" } else { label };
        assert_eq!(s.chunked.field(Field::Server, 0), server);
        assert_eq!(
            s.chunked.field(Field::Reason, 12_000),
            "Timer_ConnectionIdle"
        );
    }
}
