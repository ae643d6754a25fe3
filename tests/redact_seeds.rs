//! The redactor's user seeds: worked out once, when the data is built, from each index's
//! distinct user ids; equal to walking every row's user (what the explorer did on first copy
//! before); and live follow looks only at the rows a poll appended.

#![allow(clippy::unwrap_used)]

use crate::files;

use files::append;
use hcwlens::index::Field;
use hcwlens::pipeline::{Analysis, Follow, LoadOptions};
use hcwlens::progress::NoProgress;
use hcwlens::tui::model::data::Data;
use std::path::PathBuf;

fn opts() -> LoadOptions {
    LoadOptions {
        index: true,
        ..Default::default()
    }
}

/// The seeds as the explorer used to find them: every row of every index, each distinct
/// user once per index, the first 10 000 counted, bare names of four characters or more.
fn walked(a: &Analysis) -> Vec<String> {
    let mut out = Vec::new();
    let mut counted = 0;
    for idx in &a.requests {
        let mut seen = vec![false; idx.strings.len()];
        for row in 0..idx.len() {
            let id = idx.field_id(Field::User, row) as usize;
            if id == 0 || seen[id] || counted >= 10_000 {
                continue;
            }
            seen[id] = true;
            counted += 1;
            let user = idx.field(Field::User, row).trim();
            if !user.contains(['\\', '@', '/']) && user.chars().count() >= 4 {
                out.push(user.to_string());
            }
        }
    }
    out
}

fn names(d: &Data) -> Vec<String> {
    d.user_seeds()
        .names(&d.analysis.requests)
        .into_iter()
        .map(str::to_string)
        .collect()
}

#[test]
fn seeds_equal_walking_every_row_on_every_fixture() {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut dirs = vec![fixtures.join("redact-seeds")];
    for entry in std::fs::read_dir(fixtures.join("scenarios")).unwrap() {
        dirs.push(entry.unwrap().path());
    }
    let mut seeded = 0;
    for dir in dirs.into_iter().filter(|d| d.is_dir()) {
        let a = hcwlens::pipeline::load(std::slice::from_ref(&dir), &opts(), &NoProgress).unwrap();
        let expected = walked(&a);
        let rows: usize = a.requests.iter().map(|i| i.len()).sum();
        let d = Data::new(a);
        assert_eq!(names(&d), expected, "{}", dir.display());
        if dir.ends_with("redact-seeds") {
            let want = [
                "mrsadmin", "hcwtest", "backup01", "hcwtest", "EXCH-SVC", "mrsadmin",
            ];
            assert_eq!(
                names(&d),
                want,
                "per file, first seen first, no short or qualified names"
            );
        }
        assert_eq!(d.user_seeds().walked(), rows, "each row looked at once");
        seeded += expected.len();
    }
    assert!(seeded >= 4, "the fixture logs bare user names: {seeded}");
}

const HEAD: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 13:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

fn line(sec: u32, user: &str) -> String {
    format!(
        "2024-11-05 13:23:{sec:02} 10.0.0.5 POST /EWS/Exchange.asmx - 443 {user} 10.0.5.20 - - 200 0 0 4\r\n"
    )
}

#[test]
fn live_follow_looks_only_at_appended_rows_and_keeps_unchanged_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let grows = dir.path().join("u_ex241105.log");
    let stays = dir.path().join("u_ex241104.log");
    std::fs::write(&grows, format!("{HEAD}{}{}", line(1, "jdoe"), line(2, "-"))).unwrap();
    std::fs::write(&stays, format!("{HEAD}{}", line(3, "svc-backup"))).unwrap();
    let (a, mut follow) = Follow::load(&[dir.path().to_path_buf()], &opts(), &NoProgress).unwrap();
    let data = Data::new(a);
    assert_eq!(data.user_seeds().walked(), 3);
    append(
        &grows,
        &format!("{}{}", line(4, "mrsadmin"), line(5, "jdoe")),
    );
    let delta = follow.poll();
    let mut next = data.analysis.fork(&delta);
    next.apply(delta);
    let after = Data::after(next, &data, &[]);
    assert_eq!(after.user_seeds().walked(), 2, "only the two appended rows");
    assert_eq!(names(&after), walked(&after.analysis));
    assert!(names(&after).contains(&"mrsadmin".to_string()));
    assert_eq!(names(&data).len() + 1, names(&after).len());
    // Read again whole (rotated): all its rows are looked at again.
    let source = after
        .analysis
        .requests
        .iter()
        .find(|i| i.len() == 4)
        .unwrap()
        .source;
    let again = Data::after(after.analysis.fork(&Default::default()), &after, &[source]);
    assert_eq!(again.user_seeds().walked(), 4);
    assert_eq!(names(&again), names(&after));
}
