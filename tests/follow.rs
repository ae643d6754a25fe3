//! Live follow against real files in a temp folder: growth, partial lines, truncation,
//! rotation, deletion, the read cap and a writer that keeps its handle open.

use hcwlens::follow::{DEFAULT_READ_CAP, FollowEvent, Follower, LineUnit, Position};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::Path;

const HEADER: &str = "#Software: Microsoft Internet Information Services 10.0\r\n\
#Version: 1.0\r\n\
#Date: 2024-03-05 14:51:02\r\n\
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

fn request(n: u32, status: &str) -> String {
    format!(
        "2024-03-05 14:51:{:02} 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 52.98.1.{n} - - {status} 0\r\n",
        n % 60
    )
}

fn append(path: &Path, text: &[u8]) {
    let mut f = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("open for append");
    f.write_all(text).expect("append");
}

fn appended(event: FollowEvent) -> (Vec<u8>, u64, u64, u64) {
    match event {
        FollowEvent::Appended {
            bytes,
            start_offset,
            first_line_no,
            lines,
        } => (bytes, start_offset, first_line_no, lines),
        other => panic!("expected Appended, got {other:?}"),
    }
}

#[test]
fn appended_complete_lines_carry_offset_and_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex240305.log");
    append(&path, HEADER.as_bytes());
    let mut f = Follower::new(&path, LineUnit::Byte);
    let (bytes, start, first, lines) = appended(f.poll().unwrap());
    assert_eq!(
        (bytes.as_slice(), start, first, lines),
        (HEADER.as_bytes(), 0, 1, 4)
    );
    assert_eq!(f.poll().unwrap(), FollowEvent::Unchanged);

    let more = format!(
        "{}{}",
        request(1, "401 2 5"),
        request(2, "401 1 2148074254")
    );
    append(&path, more.as_bytes());
    let (bytes, start, first, lines) = appended(f.poll().unwrap());
    assert_eq!(bytes, more.as_bytes());
    assert_eq!((start, first, lines), (HEADER.len() as u64, 5, 2));
    assert_eq!(
        f.position(),
        Position {
            offset: (HEADER.len() + more.len()) as u64,
            line_no: 7
        }
    );
}

#[test]
fn a_partial_line_waits_until_its_newline_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    let line = request(3, "401 1 2148074310");
    let (part1, part2) = line.split_at(30);
    append(&path, HEADER.as_bytes());
    append(&path, part1.as_bytes());
    let mut f = Follower::new(&path, LineUnit::Byte);
    let (bytes, ..) = appended(f.poll().unwrap());
    assert_eq!(bytes, HEADER.as_bytes());
    assert_eq!(f.pending_len(), 30);
    assert_eq!(f.poll().unwrap(), FollowEvent::Unchanged);

    // The CR arrives, the LF not yet: still incomplete.
    append(&path, part2.trim_end_matches('\n').as_bytes());
    assert_eq!(f.poll().unwrap(), FollowEvent::Unchanged);
    append(&path, b"\n");
    let (bytes, start, first, lines) = appended(f.poll().unwrap());
    assert_eq!(bytes, line.as_bytes());
    assert!(bytes.ends_with(b"\r\n"));
    assert_eq!((start, first, lines), (HEADER.len() as u64, 5, 1));
    assert_eq!(f.pending_len(), 0);
}

#[test]
fn shrinking_file_is_truncated_and_followed_again_from_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    append(
        &path,
        format!("{HEADER}{}", request(4, "200 0 0")).as_bytes(),
    );
    let mut f = Follower::new(&path, LineUnit::Byte);
    appended(f.poll().unwrap());
    let file = OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(10).unwrap();
    assert_eq!(f.poll().unwrap(), FollowEvent::Truncated);
    assert_eq!(f.position(), Position::START);
    assert!(f.has_more());
    file.set_len(0).unwrap();
    append(&path, b"#Software: x\r\n");
    let (bytes, start, first, _) = appended(f.poll().unwrap());
    assert_eq!(
        (bytes.as_slice(), start, first),
        (&b"#Software: x\r\n"[..], 0, 1)
    );
}

#[test]
fn rename_away_and_new_file_is_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("20240305_145102.log");
    append(&path, b"2024.03.05 14:51:02.035 first run\r\n");
    let mut f = Follower::new(&path, LineUnit::Byte);
    appended(f.poll().unwrap());
    fs::rename(&path, dir.path().join("old.log")).unwrap();
    append(
        &path,
        b"2024.03.05 15:02:44.120 second run, longer than the first\r\n",
    );
    assert_eq!(f.poll().unwrap(), FollowEvent::Rotated);
    let (bytes, start, first, _) = appended(f.poll().unwrap());
    assert!(bytes.starts_with(b"2024.03.05 15:02:44.120"));
    assert_eq!((start, first), (0, 1));
}

#[test]
fn rewritten_in_place_with_another_head_is_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    append(&path, b"#Date: 2024-03-05 00:00:00\r\n");
    let mut f = Follower::new(&path, LineUnit::Byte);
    appended(f.poll().unwrap());
    fs::write(&path, b"#Date: 2024-03-06 00:00:00\r\nmore\r\n").unwrap();
    assert_eq!(f.poll().unwrap(), FollowEvent::Rotated);
}

#[test]
fn deleted_file_vanishes_once_and_a_new_one_there_is_rotated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    append(&path, HEADER.as_bytes());
    let mut f = Follower::new(&path, LineUnit::Byte);
    appended(f.poll().unwrap());
    fs::remove_file(&path).unwrap();
    assert_eq!(f.poll().unwrap(), FollowEvent::Vanished);
    assert!(f.is_vanished());
    assert_eq!(f.poll().unwrap(), FollowEvent::Unchanged);
    assert_eq!(f.position().line_no, 5, "keeps its place while gone");
    // Longer than what was consumed, so even a reused inode is told apart by its first bytes.
    let next = HEADER
        .replace("10.0", "8.5")
        .replace("14:51:02", "00:00:00");
    append(&path, format!("{next}{}", request(1, "200 0 0")).as_bytes());
    assert_eq!(f.poll().unwrap(), FollowEvent::Rotated);
    assert!(!f.is_vanished());
}

#[test]
fn renamed_away_and_back_carries_on() {
    let dir = tempfile::tempdir().unwrap();
    let (path, away) = (dir.path().join("u_ex.log"), dir.path().join("away.log"));
    append(&path, HEADER.as_bytes());
    let mut f = Follower::new(&path, LineUnit::Byte);
    appended(f.poll().unwrap());
    fs::rename(&path, &away).unwrap();
    assert_eq!(f.poll().unwrap(), FollowEvent::Vanished);
    append(&away, request(5, "200 0 0").as_bytes());
    fs::rename(&away, &path).unwrap();
    let (_, start, first, lines) = appended(f.poll().unwrap());
    assert_eq!((start, first, lines), (HEADER.len() as u64, 5, 1));
}

#[test]
fn the_read_cap_splits_a_big_backlog_across_polls() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex_big.log");
    let line = request(6, "401 1 2148074254");
    let count = DEFAULT_READ_CAP / line.len() + 1000;
    let mut w = std::io::BufWriter::new(fs::File::create(&path).unwrap());
    for _ in 0..count {
        w.write_all(line.as_bytes()).unwrap();
    }
    w.flush().unwrap();
    drop(w);

    let mut f = Follower::new(&path, LineUnit::Byte);
    let (bytes, start, first, lines) = appended(f.poll().unwrap());
    assert!(bytes.len() <= DEFAULT_READ_CAP);
    assert!(bytes.len() > DEFAULT_READ_CAP - line.len());
    assert_eq!(bytes.len() % line.len(), 0, "ends at a line boundary");
    assert_eq!((start, first), (0, 1));
    assert!(f.has_more());
    let (rest, start2, first2, lines2) = appended(f.poll().unwrap());
    assert_eq!(start2, bytes.len() as u64);
    assert_eq!(first2, lines + 1);
    assert_eq!(lines + lines2, count as u64);
    assert_eq!(rest.len() % line.len(), 0);
    assert!(!f.has_more());
    assert_eq!(f.poll().unwrap(), FollowEvent::Unchanged);
}

#[test]
fn a_line_longer_than_the_cap_comes_in_pieces() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.log");
    append(&path, &[b'x'; 25]);
    append(&path, b"\nok\n");
    let mut f = Follower::new(&path, LineUnit::Byte).with_read_cap(10);
    let mut pieces = Vec::new();
    loop {
        if let FollowEvent::Appended { bytes, lines, .. } = f.poll().unwrap() {
            pieces.push((bytes.len(), lines));
        }
        if !f.has_more() {
            break;
        }
    }
    assert_eq!(pieces, vec![(10, 0), (10, 0), (9, 2)]);
    assert_eq!(f.position().line_no, 3);
}

#[test]
fn writer_keeping_its_handle_open_is_followed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex240305.log");
    let mut writer = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .unwrap();
    writer.write_all(HEADER.as_bytes()).unwrap();
    writer.flush().unwrap();
    let mut f = Follower::new(&path, LineUnit::Byte);
    appended(f.poll().unwrap());
    for n in 0..3 {
        let line = request(10 + n, "401 2 5");
        writer.write_all(line.as_bytes()).unwrap();
        writer.flush().unwrap();
        let (bytes, _, first, _) = appended(f.poll().unwrap());
        assert_eq!(bytes, line.as_bytes());
        assert_eq!(first, 5 + u64::from(n));
    }
    // The follower holds no handle between polls: the writer can rename and delete freely.
    fs::rename(&path, dir.path().join("rotated.log")).unwrap();
    assert_eq!(f.poll().unwrap(), FollowEvent::Vanished);
}

#[test]
fn resume_after_a_load_delivers_only_what_came_later() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    let loaded = format!("{HEADER}{}2024-03-05 14:5", request(7, "200 0 0"));
    append(&path, loaded.as_bytes());
    let at = Position::after_complete_lines(loaded.as_bytes(), LineUnit::Byte);
    assert_eq!(at.line_no, 6);
    let mut f = Follower::resume(&path, LineUnit::Byte, at, loaded.as_bytes()).unwrap();
    assert_eq!(f.poll().unwrap(), FollowEvent::Unchanged);
    append(&path, b"1:59 rest of the line\r\n");
    let (bytes, start, first, lines) = appended(f.poll().unwrap());
    assert_eq!(bytes, b"2024-03-05 14:51:59 rest of the line\r\n");
    assert_eq!((start, first, lines), (at.offset, 6, 1));
}

#[test]
fn resume_notices_a_file_replaced_since_the_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex.log");
    let loaded = format!("{HEADER}{}", request(8, "200 0 0"));
    append(&path, loaded.replace("14:51:02", "09:00:00").as_bytes());
    let at = Position::after_complete_lines(loaded.as_bytes(), LineUnit::Byte);
    let mut f = Follower::resume(&path, LineUnit::Byte, at, loaded.as_bytes()).unwrap();
    append(&path, request(9, "200 0 0").as_bytes());
    assert_eq!(f.poll().unwrap(), FollowEvent::Rotated);
}
