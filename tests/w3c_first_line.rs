//! A W3C parse hook that asks for line counts (`BlockHook::counts_lines`) learns, for every
//! block, the lines before it (`Rows::first_line`): with the row's line within the block it is
//! the line number the sink's record carries, on every block of a stream parsed on several
//! threads, across directives, damaged lines, over-long lines and a last line without a line
//! feed. The JSON Lines export numbers its lines on the parsing threads this way.

use hcwlens::parse::w3c::{BlockHook, Row, Rows, W3cParser};
use hcwlens::record::{RequestSink, W3cRecord};
use hcwlens::source::SourceId;
use hcwlens::time::UtcMs;

/// Each row's line number as the hook works it out (None: the block's count was not given).
struct Numbering;

impl BlockHook for Numbering {
    type Row = Option<u64>;
    type Block = ();

    fn block(&self, rows: &Rows<'_>, per_row: &mut Vec<Option<u64>>, _out: &mut ()) {
        let first = rows.first_line();
        per_row.extend(rows.iter().map(|r: Row<'_>| first.map(|f| f + r.line())));
    }

    fn counts_lines(&self) -> bool {
        true
    }
}

/// Compares each record's line with the hook's number for its row.
#[derive(Default)]
struct Check {
    next: Option<u64>,
    records: u64,
    wrong: Vec<(u64, Option<u64>)>,
}

impl RequestSink for Check {
    type Row = Option<u64>;
    type Block = ();
    type Error = std::convert::Infallible;

    fn wants(&mut self, _source: SourceId, _ts: UtcMs, row: &Option<u64>) -> bool {
        self.next = *row;
        true
    }

    fn request(&mut self, _source: SourceId, rec: &W3cRecord<'_>) -> Result<bool, Self::Error> {
        self.records += 1;
        if self.next != Some(rec.line) {
            self.wrong.push((rec.line, self.next));
        }
        Ok(true)
    }
}

const FIELDS: &str = "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port \
cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken";

fn request(i: usize) -> String {
    format!(
        "2024-11-05 10:{:02}:{:02} 10.0.1.11 GET /owa/{i} q={} 443 CONTOSO\\u{} 10.1.2.{} \
         Mozilla/5.0+(Windows) - 200 0 0 {}",
        (i / 60) % 60,
        i % 60,
        "x".repeat(i % 300),
        i % 97,
        i % 250,
        i % 1000
    )
}

#[test]
fn every_block_knows_the_lines_before_it() {
    let mut text: Vec<u8> =
        format!("#Software: Microsoft Internet Information Services 10.0\n{FIELDS}\n").into_bytes();
    let mut expected = 0u64;
    for i in 0..24_000 {
        match i % 2_000 {
            500 => text.extend_from_slice(
                format!("#Date: 2024-11-05 10:00:00\r\n{FIELDS}\r\n").as_bytes(),
            ),
            900 => text.extend_from_slice(b"\n"),
            1_300 => text.extend_from_slice(b"2024-11-05 10:00:00 not enough fields\n"),
            1_700 => {
                // Not UTF-8: the block is repaired line by line, its lines still counted once.
                let mut line = request(i).into_bytes();
                line[40] = 0xff;
                text.extend_from_slice(&line);
                text.push(b'\n');
                expected += 1;
                continue;
            }
            _ => {}
        }
        if i == 12_345 {
            // Longer than the parser keeps: skipped with a diagnostic, one line.
            text.extend_from_slice(&vec![b'y'; 4 * 1024 * 1024 + 10]);
            text.push(b'\n');
        }
        text.extend_from_slice(request(i).as_bytes());
        text.extend_from_slice(if i % 3 == 0 { b"\r\n" } else { b"\n" });
        expected += 1;
    }
    // The last line without its line feed.
    text.extend_from_slice(request(7).as_bytes());
    expected += 1;
    let mut check = Check::default();
    let stats = W3cParser::new(SourceId(0))
        .hook(Numbering)
        .bytes(&text, &mut check)
        .expect("parsed");
    assert!(
        check.wrong.is_empty(),
        "first wrong: {:?}",
        &check.wrong[..check.wrong.len().min(5)]
    );
    assert_eq!(check.records, expected);
    assert_eq!(stats.lines, text.split(|&c| c == b'\n').count() as u64);
}
