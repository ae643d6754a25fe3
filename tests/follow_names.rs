//! Live follow names a site folder's files as a load of the folder names them, when a file
//! that logs a machine joins the folder late: the files before it that log no
//! `s-computername` take the name the folder's files now log (`pipeline/w3c/site_names.rs`),
//! or go back to the folder's label when they now log two machines — and the poll says which
//! sources it named anew.

use crate::explorer;
use crate::scenario;

use hcwlens::pipeline::{Analysis, Follow, FollowNote, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::{Path, PathBuf};

const FOLDER: &str = "tests/fixtures/w3c-shapes/site-folder-named-later/EX01/W3SVC1";

fn opts() -> LoadOptions {
    LoadOptions {
        index: true,
        ..LoadOptions::default()
    }
}

/// A copy of `EX01/W3SVC1`'s log of 2024-11-05, which logs no `s-computername` (its
/// handshake, cut by midnight, ends in the next day's log).
fn older_only() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    let site = tmp.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&site).expect("mkdir");
    std::fs::copy(
        Path::new(FOLDER).join("u_ex241105.log"),
        site.join("u_ex241105.log"),
    )
    .expect("copy");
    tmp
}

/// The next day's log, logging `s-computername` as `name`.
fn next_day(root: &Path, day: &str, name: &str) {
    let text = std::fs::read_to_string(Path::new(FOLDER).join("u_ex241106.log"))
        .expect("read")
        .replace(" EX01 ", &format!(" {name} "));
    std::fs::write(root.join(format!("EX01/W3SVC1/u_ex{day}.log")), text).expect("write");
}

/// Each source's file and server, sorted.
fn named(a: &Analysis) -> Vec<String> {
    let mut s: Vec<String> = a
        .sources
        .iter()
        .map(|s| {
            let file = s.path.file_name().map(|f| f.to_string_lossy().into_owned());
            format!("{} {}", file.unwrap_or_default(), s.server)
        })
        .collect();
    s.sort();
    s
}

/// Polls once; the notes of the poll.
fn poll(a: &mut Analysis, f: &mut Follow) -> Vec<FollowNote> {
    let delta = f.poll();
    let notes = delta.notes.clone();
    a.apply(delta);
    notes
}

fn assert_as_loaded(a: &Analysis, root: &[PathBuf]) {
    let expected = load(root, &opts(), &NoProgress).expect("load");
    assert_eq!(named(a), named(&expected));
    assert_eq!(a.handshakes.len(), expected.handshakes.len());
    assert_eq!(a.handshake_summary, expected.handshake_summary);
}

#[test]
fn a_file_joining_late_names_the_folder_s_older_files_as_a_load_does() {
    // Loaded alone, the older log is named by its folder, EX01/W3SVC1. The next day's log,
    // logging EX01, joins: a load names both EX01 and joins the handshake midnight cut. The
    // follow left the older one EX01/W3SVC1 (two servers, the handshake open).
    let tmp = older_only();
    let root = [tmp.path().to_path_buf()];
    let (mut a, mut f) = Follow::load(&root, &opts(), &NoProgress).expect("load");
    assert_eq!(named(&a), ["u_ex241105.log EX01/W3SVC1"]);
    next_day(tmp.path(), "241106", "EX01");
    let notes = poll(&mut a, &mut f);
    assert_eq!(named(&a), ["u_ex241105.log EX01", "u_ex241106.log EX01"]);
    assert_as_loaded(&a, &root);
    let renamed: Vec<String> = notes
        .iter()
        .filter_map(|n| match n {
            FollowNote::Renamed { from, to, .. } => Some(format!("{from} -> {to}")),
            _ => None,
        })
        .collect();
    assert_eq!(renamed, ["EX01/W3SVC1 -> EX01"]);
}

#[test]
fn a_file_logging_another_machine_joining_late_names_the_older_files_by_their_folder_again() {
    // The folder's two logs name EX01 (the older one by its neighbour). A third joins logging
    // EX02: the folder now holds two machines' logs, and a load names the one logging none
    // by its folder again. The follow left it EX01.
    let tmp = older_only();
    next_day(tmp.path(), "241106", "EX01");
    let root = [tmp.path().to_path_buf()];
    let (mut a, mut f) = Follow::load(&root, &opts(), &NoProgress).expect("load");
    assert_eq!(named(&a), ["u_ex241105.log EX01", "u_ex241106.log EX01"]);
    next_day(tmp.path(), "241107", "EX02");
    poll(&mut a, &mut f);
    assert_eq!(
        named(&a),
        [
            "u_ex241105.log EX01/W3SVC1",
            "u_ex241106.log EX01",
            "u_ex241107.log EX02"
        ]
    );
    assert_as_loaded(&a, &root);
}

#[test]
fn the_explorer_says_which_file_the_follow_named_anew() {
    let tmp = older_only();
    let root = [tmp.path().to_path_buf()];
    let (a, mut f) = Follow::load(&root, &opts(), &NoProgress).expect("load");
    let mut m = hcwlens::tui::model::Model::ready(a, scenario::settings(None), (80, 24));
    next_day(tmp.path(), "241106", "EX01");
    scenario::follow(&mut m, vec![f.poll()]);
    let s = explorer::screen(&m);
    assert!(
        s.contains(
            "u_ex241105.log: server now EX01 (was EX01/W3SVC1), a new log joined its folder"
        ),
        "{s}"
    );
}
