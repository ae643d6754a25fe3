mod chunks;
mod merged;
mod rows;

use super::*;
use crate::record::W3cRecord;

fn rec(line: u64, ts: i64, client: &'static str, status: u16) -> W3cRecord<'static> {
    W3cRecord {
        line,
        offset: 0,
        ts: UtcMs(ts),
        client_ip: client,
        uri_stem: "/EWS/mrsproxy.svc",
        method: "POST",
        status: Some(status),
        substatus: Some(1),
        win32: Some(2_148_074_310),
        ..Default::default()
    }
}

#[test]
fn pushes_and_reads_columns() {
    let mut idx = RequestIndex::new(SourceId(3), LineText::Memory(Arc::from("a\r\nb\n")));
    idx.push(&rec(5, 1000, "10.0.0.9", 401));
    idx.push(&rec(6, 2000, "-", 200));
    assert_eq!(idx.len(), 2);
    assert_eq!(idx.status(0), (401, 1, 2_148_074_310));
    assert_eq!(idx.field(Field::Client, 0), "10.0.0.9");
    assert_eq!(idx.field(Field::Client, 1), "");
    assert_eq!(idx.lower_bound(UtcMs(1500)), 1);
    assert_eq!(idx.row_of_line(6), Some(1));
    assert_eq!(idx.text(0), "a");
}

#[test]
fn merges_by_time() {
    let mut a = RequestIndex::new(SourceId(0), LineText::None);
    let mut b = RequestIndex::new(SourceId(1), LineText::None);
    a.push(&rec(1, 10, "x", 200));
    a.push(&rec(2, 30, "x", 200));
    b.push(&rec(1, 20, "y", 200));
    let m = Merged::build(&[a, b]);
    assert_eq!(m.to_vec(), vec![(0, 0), (1, 0), (0, 1)]);
}

#[test]
fn streams_line_texts_from_a_file_in_order_and_after_a_backwards_step() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    let mut text = String::from("#Fields: date time\r\n");
    let mut offsets = Vec::new();
    for i in 0..5000 {
        offsets.push(text.len() as u64);
        text.push_str(&format!(
            "2024-11-05 13:00:00 row-{i} {}\r\n",
            "x".repeat(i % 700)
        ));
        if i % 1000 == 999 {
            text.push_str("#Date: comment between rows\r\n");
        }
    }
    offsets.push(text.len() as u64);
    text.push_str("last-row-without-newline");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let reader =
        crate::read::text::FileReader::new(path.clone(), std::fs::File::open(&path).unwrap());
    let mut idx = RequestIndex::new(SourceId(0), LineText::File(Arc::new(reader)));
    for (i, &off) in offsets.iter().enumerate() {
        let mut r = rec(i as u64 + 2, i as i64, "x", 200);
        r.offset = off;
        idx.push(&r);
    }
    let mut seen = Vec::new();
    let rows: Vec<usize> = (0..idx.len()).chain([3, 4999, 2]).collect();
    let done = idx.for_each_text(&mut rows.iter().copied(), &mut |r, t| {
        seen.push((r, t.to_string()));
        true
    });
    assert!(done);
    assert_eq!(seen.len(), rows.len());
    for (r, t) in &seen {
        assert_eq!(*t, idx.text(*r), "row {r}");
    }
    assert_eq!(seen[5000].1, "last-row-without-newline");
    assert!(seen[4999].1.starts_with("2024-11-05 13:00:00 row-4999 "));
    let mut n = 0;
    let stopped = !idx.for_each_text(&mut (0..idx.len()), &mut |_, _| {
        n += 1;
        n < 10
    });
    assert!(stopped && n == 10);
}

#[test]
fn streams_line_texts_from_memory() {
    let mut idx = RequestIndex::new(SourceId(0), LineText::Memory(Arc::from("a\r\nbb\nccc")));
    for (i, off) in [0u64, 3, 6].into_iter().enumerate() {
        let mut r = rec(i as u64 + 1, 0, "x", 200);
        r.offset = off;
        idx.push(&r);
    }
    let mut seen = Vec::new();
    idx.for_each_text(&mut (0..3), &mut |r, t| {
        seen.push(format!("{r}:{t}"));
        true
    });
    assert_eq!(seen, ["0:a", "1:bb", "2:ccc"]);
}

#[test]
fn appends_rows_of_another_index_reinterning_values() {
    let mut a = RequestIndex::new(SourceId(0), LineText::Memory(Arc::from("l1\nl2\nl3\n")));
    a.push(&rec(1, 10, "10.0.0.9", 401));
    let mut b = RequestIndex::new(SourceId(0), LineText::None);
    b.push(&rec(2, 20, "10.0.5.20", 200));
    let mut r3 = rec(3, 30, "10.0.0.9", 500);
    r3.offset = 6;
    b.push(&r3);
    a.append(&b, 0);
    a.append(&b, 2);
    assert_eq!(a.len(), 3);
    assert_eq!(a.field(Field::Client, 1), "10.0.5.20");
    assert_eq!(a.field_id(Field::Client, 2), a.field_id(Field::Client, 0));
    assert_eq!(a.status(2).0, 500);
    assert_eq!(a.row_of_line(3), Some(2));
    assert_eq!(a.text(2), "l3", "text read from the first index's source");
    assert_eq!(a.field(Field::Uri, 2), "/EWS/mrsproxy.svc");
}
