//! Rows round-trip through the packed segments: boundaries, overflowing deltas, sparse and
//! widening columns, and random rows.

use crate::index::segment::{COLS, Col, SEG_ROWS};
use crate::index::{Field, Numbers, RequestIndex};
use crate::read::text::LineText;
use crate::record::{RawNumbers, W3cRecord};
use crate::source::SourceId;
use crate::time::UtcMs;
use proptest::prelude::*;

/// One row as plain values, to push and to compare with what the index reads back.
#[derive(Debug, Clone, Default)]
struct Plain {
    ts: i64,
    line: u64,
    offset: u64,
    status: Option<u16>,
    substatus: Option<u16>,
    win32: Option<u32>,
    time_taken: Option<u32>,
    fields: [String; 7],
    unread: String,
}

impl Plain {
    fn push(&self, idx: &mut RequestIndex) {
        let raw = RawNumbers {
            status: &self.unread,
            ..Default::default()
        };
        let f = &self.fields;
        idx.push(&W3cRecord {
            ts: UtcMs(self.ts),
            line: self.line,
            offset: self.offset,
            status: self.status,
            substatus: self.substatus,
            win32: self.win32,
            time_taken: self.time_taken,
            client_ip: &f[0],
            uri_stem: &f[1],
            method: &f[2],
            username: &f[3],
            user_agent: &f[4],
            server: &f[5],
            reason: &f[6],
            raw: Some(&raw),
            ..Default::default()
        });
    }

    fn check(&self, idx: &RequestIndex, i: usize) {
        assert_eq!(idx.ts(i).0, self.ts, "ts of row {i}");
        assert_eq!(idx.line_no(i), self.line, "line of row {i}");
        assert_eq!(idx.offset(i), self.offset, "offset of row {i}");
        let st = (
            self.status.unwrap_or(0),
            self.substatus.unwrap_or(0),
            self.win32.unwrap_or(0),
        );
        assert_eq!(idx.status(i), st, "status of row {i}");
        assert_eq!(idx.time_taken(i), self.time_taken.unwrap_or(0), "row {i}");
        let n = idx.numbers(i);
        assert_eq!(n.absent(Numbers::STATUS), self.status.is_none());
        assert_eq!(n.absent(Numbers::TIME_TAKEN), self.time_taken.is_none());
        assert_eq!(n.unread(Numbers::STATUS), !self.unread.is_empty());
        for (k, field) in Field::ALL.into_iter().enumerate() {
            let want = if field == Field::Unread {
                &self.unread
            } else {
                &self.fields[k]
            };
            let want = if want == "-" { "" } else { want.as_str() };
            assert_eq!(idx.field(field, i), want, "{field:?} of row {i}");
        }
    }
}

fn typical(i: usize) -> Plain {
    Plain {
        ts: 1_730_800_000_000 + (i as i64 / 40) * 1000,
        line: i as u64 + 5,
        offset: i as u64 * 300,
        status: Some(200),
        substatus: Some(0),
        win32: Some(0),
        time_taken: Some((i % 50) as u32),
        fields: [
            format!("10.0.{}.{}", i % 7, i % 200),
            "/EWS/Exchange.asmx".into(),
            "POST".into(),
            format!("CONTOSO\\user{}", i % 500),
            "Outlook".into(),
            "EX01".into(),
            String::new(),
        ],
        unread: String::new(),
    }
}

fn index_of(rows: &[Plain]) -> RequestIndex {
    let mut idx = RequestIndex::new(SourceId(0), LineText::None);
    for r in rows {
        r.push(&mut idx);
    }
    idx
}

#[test]
fn rows_on_both_sides_of_segment_boundaries_read_back() {
    let rows: Vec<Plain> = (0..2 * SEG_ROWS + 7).map(typical).collect();
    let idx = index_of(&rows);
    assert_eq!(idx.len(), rows.len());
    assert_eq!(idx.rows.sealed().len(), 2);
    for i in [0, 1, SEG_ROWS - 1, SEG_ROWS, SEG_ROWS + 1, 2 * SEG_ROWS - 1] {
        rows[i].check(&idx, i);
    }
    for (i, r) in rows.iter().enumerate().skip(2 * SEG_ROWS) {
        r.check(&idx, i);
    }
    assert_eq!(idx.ts(rows.len()), UtcMs(0), "past the end");
    assert_eq!(idx.field(Field::Client, rows.len()), "");
    assert_eq!(idx.row_of_line(SEG_ROWS as u64 + 5), Some(SEG_ROWS));
    assert_eq!(idx.row_of_line(3), None);
    assert_eq!(
        idx.lower_bound(UtcMs(rows[SEG_ROWS].ts)),
        SEG_ROWS / 40 * 40
    );
    // A typical sealed segment costs a few bytes a row, not the 69 of plain columns.
    let sealed: usize = idx.rows.sealed().iter().map(|s| s.heap_bytes()).sum();
    let per_row = sealed as f64 / (2 * SEG_ROWS) as f64;
    assert!(per_row < 16.0, "{per_row} bytes a row");
}

#[test]
fn a_shift_moves_sealed_and_open_rows() {
    let rows: Vec<Plain> = (0..SEG_ROWS + 3).map(typical).collect();
    let mut idx = index_of(&rows);
    idx.shift(-1500);
    for i in [0, SEG_ROWS - 1, SEG_ROWS, SEG_ROWS + 2] {
        assert_eq!(idx.ts(i).0, rows[i].ts - 1500);
    }
}

#[test]
fn deltas_beyond_32_bits_within_a_segment_round_trip() {
    let mut rows: Vec<Plain> = (0..SEG_ROWS + 1).map(typical).collect();
    rows[10].ts += 90 * 86_400_000; // 90 days later: beyond a u32 of ms
    rows[11].ts -= 40 * 365 * 86_400_000;
    rows[12].offset = 6 << 30; // past 4 GiB
    rows[13].line = u64::from(u32::MAX) + 9;
    rows[14].time_taken = Some(u32::MAX);
    rows[15].ts = i64::MIN;
    rows[16].ts = i64::MAX;
    let idx = index_of(&rows);
    for (i, r) in rows.iter().enumerate() {
        r.check(&idx, i);
    }
}

#[test]
fn rare_fields_cost_no_bits_in_a_segment_and_keep_their_values() {
    let mut rows: Vec<Plain> = (0..SEG_ROWS).map(typical).collect();
    rows[7].fields[6] = "Timer_ConnectionIdle".into();
    rows[4000].fields[6] = "AppOffline".into();
    rows[9].unread = "abc".into();
    rows[9].status = None;
    let idx = index_of(&rows);
    let seg = &idx.rows.sealed()[0];
    for f in [Field::Reason, Field::Unread, Field::Server] {
        let p = seg.packed(Col::Fields as usize + f as usize);
        assert_eq!(p.bits(), 0, "{f:?}");
    }
    let reason = seg.packed(Col::Fields as usize + Field::Reason as usize);
    assert_eq!(reason.exceptions(), 2);
    for (i, r) in rows.iter().enumerate() {
        r.check(&idx, i);
    }
    assert_eq!(idx.status_text(9), "abc.0 0");
}

#[test]
fn codes_widen_with_the_distinct_values_of_a_column() {
    let mut rows: Vec<Plain> = (0..SEG_ROWS).map(typical).collect();
    for (i, r) in rows.iter_mut().enumerate() {
        r.fields[2] = ["GET", "POST"][i % 2].into();
        r.fields[1] = format!("/u/{}", i % 3000);
    }
    let idx = index_of(&rows);
    let seg = &idx.rows.sealed()[0];
    assert_eq!(
        seg.packed(Col::Fields as usize + Field::Method as usize)
            .bits(),
        1
    );
    assert_eq!(
        seg.packed(Col::Fields as usize + Field::Uri as usize)
            .bits(),
        12
    );
    for (i, r) in rows.iter().enumerate() {
        r.check(&idx, i);
    }
    assert_eq!(idx.fields[Field::Uri as usize].len(), 3000);
    assert!(COLS > Col::Fields as usize + Field::Unread as usize);
}

fn plain() -> impl Strategy<Value = Plain> {
    let text = || prop_oneof![Just(String::new()), Just("-".to_string()), "[a-d]{1,3}"];
    (
        (
            prop_oneof![0i64..3_000_000, proptest::num::i64::ANY],
            0u64..1 << 40,
            proptest::num::u64::ANY,
        ),
        (
            proptest::option::of(proptest::num::u16::ANY),
            proptest::option::of(0u16..4),
            proptest::option::of(proptest::num::u32::ANY),
            proptest::option::of(prop_oneof![0u32..300, proptest::num::u32::ANY]),
        ),
        proptest::array::uniform7(text()),
        prop_oneof![Just(String::new()), "[x-z]{1,2}"],
    )
        .prop_map(
            |((ts, line, offset), (s, sub, w, tt), fields, unread)| Plain {
                ts,
                line,
                offset,
                status: s,
                substatus: sub,
                win32: w,
                time_taken: tt,
                fields,
                unread,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn random_rows_round_trip(
        rows in proptest::collection::vec(plain(), 0..3 * SEG_ROWS),
        copy_from in 0usize..100,
    ) {
        let idx = index_of(&rows);
        prop_assert_eq!(idx.len(), rows.len());
        for (i, r) in rows.iter().enumerate() {
            r.check(&idx, i);
        }
        // Appending another index's rows re-interns them into this one's pool.
        let mut copy = index_of(&rows[..copy_from.min(rows.len())]);
        copy.append(&idx, copy_from.min(rows.len()));
        for (i, r) in rows.iter().enumerate() {
            r.check(&copy, i);
        }
    }
}

#[test]
fn rows_are_found_by_line_across_comment_gaps() {
    let mut line = 4;
    let rows: Vec<Plain> = (0..SEG_ROWS + 300)
        .map(|i| {
            line += if i % 97 == 0 { 3 } else { 1 };
            Plain { line, ..typical(i) }
        })
        .collect();
    let idx = index_of(&rows);
    let mut data_lines = std::collections::HashSet::new();
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(idx.row_of_line(r.line), Some(i));
        data_lines.insert(r.line);
    }
    for l in 0..line + 5 {
        if !data_lines.contains(&l) {
            assert_eq!(idx.row_of_line(l), None, "line {l}");
        }
    }
}
