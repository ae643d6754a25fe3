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
    assert_eq!(m.rows, vec![(0, 0), (1, 0), (0, 1)]);
}
