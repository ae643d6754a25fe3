//! An ANSI IIS log (`ex*.log`, Windows-1252) is streamed like a UTF-8 one: read in blocks,
//! each line decoded as Windows-1252 where it is not UTF-8, its text read back from the file by
//! offset. It used to be read whole into memory and transcoded (a 256 MiB one took 536 MB),
//! so a time window could not seek in it and live follow skipped it.

use hcwlens::pipeline::window::{Window, WindowMode};
use hcwlens::pipeline::{Follow, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::read::text::LineText;
use hcwlens::source::{SourceId, TextEncoding};
use hcwlens::time::UtcMs;
use std::io::Write;
use std::path::{Path, PathBuf};

const HEADER: &[u8] = b"#Software: Microsoft Internet Information Services 10.0\r\n\
#Version: 1.0\r\n\
#Date: 2024-11-05 00:00:00\r\n\
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\r\n";

/// A request at second `s` of the day, its user agent naming Z\xfcrich in Windows-1252.
fn line(s: u32) -> Vec<u8> {
    let mut l = format!(
        "2024-11-05 {:02}:{:02}:{:02} 10.0.0.11 POST /EWS/Exchange.asmx - 443 CONTOSO\\alice 10.1.2.{} Outlook-iOS/2.0+(Z",
        s / 3600,
        s / 60 % 60,
        s % 60,
        s % 250
    )
    .into_bytes();
    l.push(0xFC);
    l.extend_from_slice(b"rich) 200 0 0 15\r\n");
    l
}

/// An ANSI log of at least `bytes`, a request every `step` seconds from midnight.
fn write_log(root: &Path, bytes: usize, step: u32) -> PathBuf {
    let dir = root.join("EX01").join("W3SVC1");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("ex241105.log");
    let mut out = HEADER.to_vec();
    let mut s = 0;
    while out.len() < bytes && s < 86_400 {
        out.extend(line(s));
        s += step;
    }
    std::fs::write(&path, out).expect("write");
    path
}

/// The explorer's load with the window `[since, until)`, hours of 2024-11-05.
fn window(since: u32, until: u32) -> LoadOptions {
    let at = |h: u32| UtcMs::from_civil(2024, 11, 5, h, 0, 0, 0).expect("civil");
    LoadOptions {
        index: true,
        window: WindowMode::Given(Window {
            since: Some(at(since)),
            until: Some(at(until)),
        }),
        ..LoadOptions::default()
    }
}

#[test]
fn a_big_ansi_log_is_read_only_around_the_window_and_its_lines_read_back_decoded() {
    let tmp = tempfile::tempdir().expect("tmp");
    // About 12 MiB: past the size from which a window seeks.
    write_log(tmp.path(), 12 << 20, 1);
    let root = [tmp.path().to_path_buf()];
    let a = load(&root, &window(10, 11), &NoProgress).expect("load");
    assert_eq!(a.sources[0].encoding, TextEncoding::Windows1252);
    let w = a.window.as_ref().expect("window");
    assert!(
        w.bytes_skipped > 6 << 20,
        "only the window's part is read: {w:?}"
    );
    let ix = &a.requests[0];
    assert_eq!(ix.len(), 3600, "an hour, a request a second");
    assert_eq!(
        ix.field(hcwlens::index::Field::Agent, 0),
        "Outlook-iOS/2.0+(Zürich)"
    );
    assert!(
        matches!(a.texts[0], LineText::File(_)),
        "read back from the file"
    );
    let text = a.texts[0].line_at(ix.offset(0));
    assert!(text.starts_with("2024-11-05 10:00:00 "), "{text}");
    assert!(text.contains("(Zürich) 200 0 0 15"), "{text}");
    assert_eq!(
        a.sources[0].stats.not_utf8, 0,
        "Windows-1252 is no damage here"
    );
}

#[test]
fn a_followed_ansi_log_takes_its_new_lines_decoded() {
    let tmp = tempfile::tempdir().expect("tmp");
    let path = write_log(tmp.path(), 4 << 10, 60);
    let root = [tmp.path().to_path_buf()];
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let (mut a, mut f) = Follow::load(&root, &opts, &NoProgress).expect("load");
    assert_eq!(f.len(), 1, "the ANSI log is followed");
    let before = a.requests[0].len();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    file.write_all(&line(86_000)).expect("append");
    drop(file);
    let delta = f.poll();
    a.apply(delta);
    let ix = &a.requests[0];
    assert_eq!(ix.len(), before + 1);
    assert_eq!(
        ix.field(hcwlens::index::Field::Agent, before),
        "Outlook-iOS/2.0+(Zürich)"
    );
    assert_eq!(a.sources[0].stats.not_utf8, 0);
    assert_eq!(a.sources[0].id, SourceId(0));
}

/// An ANSI log named `name` whose first 64 KiB and more are plain ASCII (read as UTF-8, the
/// start decides), then a logon of `CONTOSO\MÜLLER` written in Windows-1252 (`Ü` = 0xDC).
fn ascii_then_ansi(root: &Path, name: &str) -> PathBuf {
    let dir = root.join("EX01").join("W3SVC1");
    std::fs::create_dir_all(&dir).expect("dir");
    let mut out = HEADER.to_vec();
    let mut s = 0;
    while out.len() < 96 << 10 {
        out.extend(format!(
            "2024-11-05 00:{:02}:{:02} 10.0.0.11 GET /owa/ - 443 CONTOSO\\gina 10.1.2.44 Mozilla/5.0 200 0 0 12\r\n",
            s / 60 % 60,
            s % 60
        ).into_bytes());
        s += 1;
    }
    out.extend_from_slice(
        b"2024-11-05 02:00:00 10.0.0.11 POST /EWS/Exchange.asmx - 443 CONTOSO\\M\xdcLLER 10.1.2.45 Outlook 200 0 0 15\r\n",
    );
    let path = dir.join(name);
    std::fs::write(&path, out).expect("write");
    path
}

#[test]
fn an_ansi_log_that_starts_in_ascii_reads_its_later_ansi_bytes_as_windows_1252() {
    for (name, ansi) in [("ex241105.log", true), ("u_ex241105.log", false)] {
        let tmp = tempfile::tempdir().expect("tmp");
        ascii_then_ansi(tmp.path(), name);
        let opts = LoadOptions {
            index: true,
            ..LoadOptions::default()
        };
        let a = load(&[tmp.path().to_path_buf()], &opts, &NoProgress).expect("load");
        let ix = &a.requests[0];
        let last = ix.len() - 1;
        let user = ix.field(hcwlens::index::Field::User, last);
        let text = a.texts[0].line_at(ix.offset(last));
        let stats = &a.sources[0].stats;
        if ansi {
            // An `ex*` name is IIS's ANSI log: what is not UTF-8 is Windows-1252, no damage;
            // the line read back (explorer) says what the parse saw.
            assert_eq!(user, "CONTOSO\\MÜLLER", "{name}");
            assert!(
                text.contains(" CONTOSO\\MÜLLER 10.1.2.45 "),
                "{name}: {text}"
            );
            assert_eq!(stats.not_utf8, 0, "{name}");
        } else {
            // A `u_ex*` log is UTF-8: the stray byte is damage, said and shown as U+FFFD.
            assert_eq!(user, "CONTOSO\\M\u{FFFD}LLER", "{name}");
            assert!(text.contains("M\u{FFFD}LLER"), "{name}: {text}");
            assert_eq!(stats.not_utf8, 1, "{name}");
        }
    }
}

#[test]
fn an_ansi_log_block_that_reads_as_utf8_is_still_windows_1252_as_read_back() {
    // Detected as Windows-1252 from its start; a block further on (past 512 KiB) whose only
    // non-ASCII bytes happen to form UTF-8 (`Ã¼` is C3 BC in Windows-1252, `ü` in UTF-8).
    let tmp = tempfile::tempdir().expect("tmp");
    let path = write_log(tmp.path(), 640 << 10, 1);
    let mut log = std::fs::read(&path).expect("read");
    let mut tail = Vec::new();
    for s in 0..8_000u32 {
        tail.extend(
            format!(
                "2024-11-05 {:02}:{:02}:{:02} 10.0.0.11 GET /owa/ - 443 CONTOSO\\gina 10.1.2.44 Mozilla/5.0 200 0 0 12\r\n",
                20 + s / 3600,
                s / 60 % 60,
                s % 60
            )
            .into_bytes(),
        );
    }
    tail.extend_from_slice(
        b"2024-11-05 23:00:00 10.0.0.11 POST /EWS/Exchange.asmx - 443 CONTOSO\\M\xc3\xbcller 10.1.2.45 Outlook 200 0 0 15\r\n",
    );
    log.extend(tail);
    std::fs::write(&path, log).expect("write");
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = load(&[tmp.path().to_path_buf()], &opts, &NoProgress).expect("load");
    assert_eq!(a.sources[0].encoding, TextEncoding::Windows1252);
    let ix = &a.requests[0];
    let last = ix.len() - 1;
    let user = ix.field(hcwlens::index::Field::User, last);
    let text = a.texts[0].line_at(ix.offset(last));
    assert!(
        text.contains(&format!(" {user} 10.1.2.45 ")),
        "{user} / {text}"
    );
    assert_eq!(user, "CONTOSO\\M\u{C3}\u{BC}ller");
}
