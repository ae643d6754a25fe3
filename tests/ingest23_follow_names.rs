//! Live follow names a W3C log that joins later as a load of the logs as they are would name
//! it: a folder-named IIS log of a copied tree (`coll/W3SVC1`, no `s-computername`) takes the
//! machine the tree's other logs name (`tests/fixtures/names22b/coll`: its HttpProxy log names
//! `EX01`), whether it was there at the load or joined later. A joining one kept `coll/W3SVC1`.

use hcwlens::pipeline::{Analysis, Follow, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/names22b/coll")
}

const IIS: &str = "inetpub/logs/LogFiles/W3SVC1";

/// A copy of the tree, its IIS logs left out.
fn copy_without_iis(to: &Path) {
    let mut todo = vec![fixture()];
    while let Some(dir) = todo.pop() {
        for e in std::fs::read_dir(&dir).expect("read dir").flatten() {
            let p = e.path();
            let rel = p.strip_prefix(fixture()).expect("inside");
            if p.is_dir() {
                todo.push(p);
            } else if !rel.starts_with(IIS) {
                let dest = to.join(rel);
                std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
                std::fs::copy(&p, dest).expect("copy");
            }
        }
    }
}

/// Every source's kind, file and server.
fn names(a: &Analysis) -> Vec<String> {
    let mut out: Vec<String> = a
        .sources
        .iter()
        .map(|s| format!("{:?} {:?} {}", s.kind, s.path.file_name(), s.server))
        .collect();
    out.sort();
    out
}

#[test]
fn an_iis_log_joining_a_copied_tree_takes_the_machine_the_tree_names() {
    let log = std::fs::read(fixture().join(IIS).join("u_ex250312.log")).expect("fixture");
    // It joins alone (the tree held no IIS log), or beside the day before.
    for before in [&[][..], &["u_ex250311.log"][..]] {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().join("coll");
        copy_without_iis(&root);
        let dir = root.join(IIS);
        std::fs::create_dir_all(&dir).expect("mkdir");
        for name in before {
            std::fs::write(dir.join(name), &log).expect("write");
        }
        let opts = LoadOptions::default();
        let (mut a, mut f) =
            Follow::load(std::slice::from_ref(&root), &opts, &NoProgress).expect("load");
        std::fs::write(dir.join("u_ex250312.log"), &log).expect("write");
        let delta = f.poll();
        a.apply(delta);
        let fresh = load(std::slice::from_ref(&root), &opts, &NoProgress).expect("load");
        assert!(
            names(&fresh).iter().any(|n| n.ends_with("EX01/W3SVC1")),
            "{:?}",
            names(&fresh)
        );
        assert_eq!(names(&a), names(&fresh), "beside {before:?}");
        let followed: Vec<String> = a
            .handshakes
            .iter()
            .map(|h| a.server_named(&h.server).to_string())
            .collect();
        let loaded: Vec<String> = fresh
            .handshakes
            .iter()
            .map(|h| fresh.server_named(&h.server).to_string())
            .collect();
        assert_eq!(followed, loaded, "beside {before:?}");
    }
}

#[test]
fn a_log_naming_the_machine_joining_a_copied_tree_names_its_folder_named_logs() {
    // The tree's IIS log of W3SVC1 logs no machine; the HttpProxy log is left out, and an IIS
    // log of another site that logs `s-computername` EX01 joins while followed.
    let log = std::fs::read(fixture().join(IIS).join("u_ex250312.log")).expect("fixture");
    let text = String::from_utf8(log.clone()).expect("UTF-8");
    // `date time rest` becomes `date time EX01 rest`.
    let named: String = text
        .replace("#Fields: date time ", "#Fields: date time s-computername ")
        .lines()
        .map(|l| {
            if l.starts_with('#') || l.is_empty() {
                format!("{l}\r\n")
            } else {
                let mut parts = l.splitn(3, ' ');
                let (d, t, rest) = (
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                    parts.next().unwrap_or(""),
                );
                format!("{d} {t} EX01 {rest}\r\n")
            }
        })
        .collect();
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("coll");
    let dir = root.join(IIS);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("u_ex250312.log"), &log).expect("write");
    let opts = LoadOptions::default();
    let (mut a, mut f) =
        Follow::load(std::slice::from_ref(&root), &opts, &NoProgress).expect("load");
    assert!(
        names(&a).iter().any(|n| n.ends_with("coll/W3SVC1")),
        "{:?}",
        names(&a)
    );
    let other = root.join("inetpub/logs/LogFiles/W3SVC2");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::write(other.join("u_ex250312.log"), named).expect("write");
    let delta = f.poll();
    a.apply(delta);
    let fresh = load(std::slice::from_ref(&root), &opts, &NoProgress).expect("load");
    assert!(
        names(&fresh).iter().any(|n| n.ends_with("EX01/W3SVC1")),
        "{:?}",
        names(&fresh)
    );
    assert_eq!(names(&a), names(&fresh));
}
