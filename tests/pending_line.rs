//! A followed W3C log whose last line is still being written (IIS flushes its buffer in pieces):
//! the line is not read until its newline arrives, and the sources list (`I`) says that it is
//! pending and how long it is, from the load on and after every poll.

use crate::explorer;
use crate::files;
use crate::scenario;

use explorer::screen;
use files::append;
use hcwlens::pipeline::{Analysis, Delta, Follow, LoadOptions};
use hcwlens::progress::NoProgress;
use hcwlens::source::SourceId;
use hcwlens::tui::model::Model;
use scenario::{follow, press, settings};

const HEADER: &str = "#Software: Microsoft Internet Information Services 10.0\r\n\
#Version: 1.0\r\n\
#Date: 2024-11-05 10:00:00\r\n\
#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken\r\n";

fn line(s: u32) -> String {
    format!(
        "2024-11-05 10:00:{s:02} 10.0.0.11 POST /EWS/Exchange.asmx - 443 CONTOSO\\alice 10.1.2.3 Outlook 200 0 0 15\r\n"
    )
}

fn options() -> LoadOptions {
    LoadOptions {
        index: true,
        ..LoadOptions::default()
    }
}

fn sources_screen(a: &Analysis) -> String {
    let mut m = Model::ready(a.fork(&Delta::default()), settings(None), (140, 30));
    press(&mut m, &["I"]);
    screen(&m)
}

#[test]
fn a_last_line_still_being_written_is_said_pending_until_its_newline() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("EX01").join("W3SVC1");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("u_ex241105.log");
    let head = line(3);
    let (written, rest) = head.split_at(31);
    std::fs::write(&path, format!("{HEADER}{}{}{written}", line(1), line(2))).expect("write");

    let root = [tmp.path().to_path_buf()];
    let (mut a, mut f) = Follow::load(&root, &options(), &NoProgress).expect("load");
    assert_eq!(a.sources[0].stats.events, 2, "the cut line is not read");
    assert_eq!(a.pending_of(SourceId(0)), 31, "pending from the load on");
    let s = sources_screen(&a);
    assert!(s.contains("last line pending (31 bytes)"), "{s}");

    // Nothing written: a poll says nothing, and it stays pending.
    assert!(f.poll().is_empty());
    assert_eq!(a.pending_of(SourceId(0)), 31);

    // The line ends: read, no longer pending.
    append(&path, rest);
    let delta = f.poll();
    a.apply(delta);
    assert_eq!(a.sources[0].stats.events, 3);
    assert_eq!(a.pending_of(SourceId(0)), 0);
    let s = sources_screen(&a);
    assert!(!s.contains("pending"), "{s}");

    // A piece of the next one: pending again, and the poll says so on its own.
    append(&path, "2024-11-05 10:00:04 10.0");
    let delta = f.poll();
    assert!(!delta.is_empty(), "a pending line is news");
    a.apply(delta);
    assert_eq!(a.pending_of(SourceId(0)), 24);
}

/// The explorer takes the news through its follow job like any other delta.
#[test]
fn the_explorer_shows_a_pending_line_that_appears_while_it_follows() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path().join("EX01").join("W3SVC1");
    std::fs::create_dir_all(&dir).expect("dir");
    let path = dir.join("u_ex241105.log");
    std::fs::write(&path, format!("{HEADER}{}", line(1))).expect("write");
    let root = [tmp.path().to_path_buf()];
    let (a, mut f) = Follow::load(&root, &options(), &NoProgress).expect("load");
    let mut m = Model::ready(a, settings(None), (140, 30));
    append(&path, "2024-11-05 10:00:02 10.0.0.11 POST");
    follow(&mut m, vec![f.poll()]);
    press(&mut m, &["I"]);
    let s = screen(&m);
    assert!(s.contains("last line pending (34 bytes)"), "{s}");
}
