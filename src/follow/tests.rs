use super::*;
use proptest::prelude::*;
use std::io::Write;

fn utf16(text: &str, unit: LineUnit) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| match unit {
            LineUnit::Utf16Be => u.to_be_bytes(),
            _ => u.to_le_bytes(),
        })
        .collect()
}

fn encode(text: &str, unit: LineUnit) -> Vec<u8> {
    match unit {
        LineUnit::Byte => text.as_bytes().to_vec(),
        _ => utf16(text, unit),
    }
}

fn append(path: &Path, bytes: &[u8]) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    f.write_all(bytes).unwrap();
}

#[test]
fn byte_lines_end_at_lf_so_crlf_counts_once() {
    let buf = b"a\r\nbb\r\ncc";
    assert_eq!(LineUnit::Byte.last_line_end(buf), 7);
    assert_eq!(LineUnit::Byte.count_lines(buf), 2);
    assert_eq!(LineUnit::Byte.last_line_end(b"no newline"), 0);
}

#[test]
fn utf16_newline_needs_the_whole_aligned_unit() {
    // U+0A0A and U+0A00 contain the byte 0A without being a newline in either byte order.
    let text = "x\u{0A0A}\u{0A00}y\r\nz\u{0A00}";
    for unit in [LineUnit::Utf16Le, LineUnit::Utf16Be] {
        let buf = utf16(text, unit);
        assert_eq!(unit.count_lines(&buf), 1, "{unit:?}");
        assert_eq!(
            unit.last_line_end(&buf),
            utf16("x\u{0A0A}\u{0A00}y\r\n", unit).len()
        );
    }
}

#[test]
fn position_after_complete_lines_leaves_the_tail_out() {
    let p = Position::after_complete_lines(b"#Version: 1.0\r\n#Date: x\r\n2024-", LineUnit::Byte);
    assert_eq!(
        p,
        Position {
            offset: 25,
            line_no: 3
        }
    );
    assert_eq!(
        Position::after_complete_lines(b"", LineUnit::Byte),
        Position::START
    );
}

#[test]
fn read_cap_is_whole_code_units() {
    let f = Follower::new("x", LineUnit::Utf16Le).with_read_cap(7);
    assert_eq!(f.read_cap(), 6);
    let f = Follower::new("x", LineUnit::Utf16Be).with_read_cap(0);
    assert_eq!(f.read_cap(), 2);
    let f = Follower::new("x", LineUnit::Byte).with_read_cap(0);
    assert_eq!(f.read_cap(), 1);
}

#[test]
fn utf16_file_is_followed_line_by_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hcw.log");
    let unit = LineUnit::Utf16Le;
    append(&path, &utf16("\u{FEFF}eins\r\nzwei\r\ndr", unit));
    let mut f = Follower::new(&path, unit);
    let FollowEvent::Appended { bytes, lines, .. } = f.poll().unwrap() else {
        panic!("expected lines")
    };
    assert_eq!(bytes, utf16("\u{FEFF}eins\r\nzwei\r\n", unit));
    assert_eq!(lines, 2);
    assert_eq!(f.pending_len(), 4);
    append(&path, &utf16("ei\r\n", unit));
    let FollowEvent::Appended {
        bytes,
        first_line_no,
        ..
    } = f.poll().unwrap()
    else {
        panic!("expected lines")
    };
    assert_eq!(bytes, utf16("drei\r\n", unit));
    assert_eq!(first_line_no, 3);
}

#[test]
fn follow_set_reports_only_changes_and_keeps_indices() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.log"), dir.path().join("b.log"));
    append(&a, b"a1\n");
    append(&b, b"b1\n");
    let mut set = FollowSet::new();
    assert_eq!(set.push(Follower::new(&a, LineUnit::Byte)), 0);
    assert_eq!(set.push(Follower::new(&b, LineUnit::Byte)), 1);
    assert_eq!(set.poll_all().len(), 2);
    assert!(set.poll_all().is_empty());
    append(&b, b"b2\n");
    let events = set.poll_all();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].0, 1);
    assert!(matches!(
        &events[0].1,
        Ok(FollowEvent::Appended {
            first_line_no: 2,
            ..
        })
    ));
    assert!(set.stop(0).is_some());
    std::fs::remove_file(&a).unwrap();
    assert!(set.poll_all().is_empty());
    assert!(set.get(0).is_none());
    assert_eq!(set.len(), 2);
    assert!(set.replace(3, Follower::new(&a, LineUnit::Byte)).is_none());
    assert_eq!(set.len(), 4);
    let events = set.poll_all();
    assert_eq!(events.len(), 1);
    assert!(matches!(events[0], (3, Ok(FollowEvent::Vanished))));
}

#[test]
fn follow_set_drains_a_backlog_with_poll_more() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    append(&path, "line\n".repeat(100).as_bytes());
    let mut set = FollowSet::new();
    set.push(Follower::new(&path, LineUnit::Byte).with_read_cap(64));
    let mut got = 0;
    let mut rounds = 0;
    while set.has_more() {
        for (_, event) in set.poll_more() {
            if let Ok(FollowEvent::Appended { lines, .. }) = event {
                got += lines;
            }
        }
        rounds += 1;
    }
    assert_eq!(got, 100);
    assert!(rounds >= 500 / 64);
}

fn text_chunk() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("\n".to_string()),
            Just("\r\n".to_string()),
            Just("\u{0A0A}".to_string()),
            Just("\u{0A00}".to_string()),
            "[a-z #:.-]{0,12}",
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn any_unit() -> impl Strategy<Value = LineUnit> {
    prop_oneof![
        Just(LineUnit::Byte),
        Just(LineUnit::Utf16Le),
        Just(LineUnit::Utf16Be)
    ]
}

proptest! {
    #[test]
    fn line_ends_match_the_text(text in text_chunk(), unit in any_unit()) {
        let buf = encode(&text, unit);
        prop_assert_eq!(unit.count_lines(&buf), text.matches('\n').count() as u64);
        let complete = text.rfind('\n').map_or("", |i| &text[..=i]);
        prop_assert_eq!(unit.last_line_end(&buf), encode(complete, unit).len());
    }

    #[test]
    fn appended_chunks_rebuild_the_complete_lines(
        chunks in proptest::collection::vec(text_chunk(), 1..8),
        unit in any_unit(),
        cap in 24usize..200,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("grow.log");
        append(&path, b"");
        let mut f = Follower::new(&path, unit).with_read_cap(cap);
        let (mut written, mut got) = (String::new(), Vec::new());
        let mut next = Position::START;
        for chunk in &chunks {
            append(&path, &encode(chunk, unit));
            written.push_str(chunk);
            loop {
                match f.poll().unwrap() {
                    FollowEvent::Appended { bytes, start_offset, first_line_no, lines } => {
                        prop_assert_eq!(start_offset, next.offset);
                        prop_assert_eq!(first_line_no, next.line_no);
                        prop_assert_eq!(lines, unit.count_lines(&bytes));
                        prop_assert!(bytes.len() <= f.read_cap());
                        next = Position {
                            offset: start_offset + bytes.len() as u64,
                            line_no: first_line_no + lines,
                        };
                        got.extend_from_slice(&bytes);
                    }
                    FollowEvent::Unchanged => {}
                    other => prop_assert!(false, "unexpected {:?}", other),
                }
                if !f.has_more() {
                    break;
                }
            }
            let whole = encode(&written, unit);
            let complete = unit.last_line_end(&whole);
            // Without over-long lines, exactly the complete lines arrive, the tail is pending.
            let longest = written.split('\n').map(|l| encode(l, unit).len() + unit.width()).max();
            if longest.unwrap_or(0) <= f.read_cap() {
                prop_assert_eq!(&got[..], &whole[..complete]);
                prop_assert_eq!(f.pending_len(), (whole.len() - complete) as u64);
            } else {
                prop_assert_eq!(&got[..], &whole[..got.len()]);
            }
            prop_assert_eq!(f.position(), next);
        }
    }
}
