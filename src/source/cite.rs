//! How findings and tickets name a loaded file: by its file name (`u_ex250401.log`) when no
//! other loaded file has that name, else by the shortest ending of its path that no other one
//! shares (`EXC02/W3SVC1/u_ex250401.log`, two servers' `W3SVC1` folders;
//! `W3SVC2/u_ex250401.log`, two sites of one server). Parts are joined with `/` whatever the
//! platform's separator, names compared ignoring ASCII case (as Windows does). Nothing is
//! escaped here; the writers escape.

use super::{SourceId, SourceInfo};
use std::path::{Component, Path};

/// The name a citation gives the file of `source` among the loaded `sources`; `source #3` for
/// an unknown source.
pub fn cited_name(sources: &[SourceInfo], source: SourceId) -> String {
    let Some(me) = super::by_id(sources, source) else {
        return format!("source #{}", source.0);
    };
    let name = last_part(&me.path);
    let others: Vec<&Path> = sources
        .iter()
        .filter(|s| s.id != me.id && last_part(&s.path).eq_ignore_ascii_case(&name))
        .map(|s| s.path.as_path())
        .collect();
    path_ending(&me.path, &others)
}

/// The shortest ending of `path` that no path of `others` ends with (`u_ex250401.log`,
/// `W3SVC2/u_ex250401.log`), parts joined with `/` and compared ignoring ASCII case; the path
/// as given when another one ends with all of it.
pub fn path_ending(path: &Path, others: &[&Path]) -> String {
    let mine = parts(path);
    let Some(name) = mine.last() else {
        return path.to_string_lossy().replace('\\', "/");
    };
    // Only files of the same name are split into parts: a citation costs one name comparison
    // per loaded file.
    let others: Vec<Vec<String>> = others
        .iter()
        .filter(|o| last_part(o).eq_ignore_ascii_case(name))
        .map(|o| parts(o))
        .collect();
    for take in 1..=mine.len() {
        let tail = &mine[mine.len() - take..];
        if !others.iter().any(|o| ends_with(o, tail)) {
            return tail.join("/");
        }
    }
    // Another file's path ends with this whole one: only the path as given tells them apart.
    path.to_string_lossy().replace('\\', "/")
}

/// `EXC02/W3SVC1/u_ex250401.log:17`: the file as [`cited_name`] names it and the line;
/// `line 17` for a source not loaded (an analysis given entries without their sources).
pub fn cited_line(sources: &[SourceInfo], source: SourceId, line: u64) -> String {
    match super::by_id(sources, source) {
        Some(_) => format!("{}:{line}", cited_name(sources, source)),
        None => format!("line {line}"),
    }
}

/// How every report, ticket and screen cites the HCW log of a later run that got past a
/// failure: as findings cite a file ([`cited_name`], `20241126_154933.log`), with the line of
/// the call that succeeded when there is one (`20241126_154933.log:32`). A fixed finding names
/// the run's log alone (`line: None`) when that log is the run, and the line of the call or
/// workflow end that got past it when the log holds other runs too (`FixedBy::line`: run 2
/// appended after the failing run 1); a failed call the run's successful call. The one home for it:
/// the text report once gave the path as loaded, the explorer the bare file name.
pub fn cited_run(sources: &[SourceInfo], source: SourceId, line: Option<u64>) -> String {
    match line {
        Some(l) => cited_line(sources, source, l),
        None => cited_name(sources, source),
    }
}

/// The folder and file names of a path, without root or drive; a Windows path read on another
/// platform is split at `\` too.
fn parts(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .flat_map(|s| {
            s.split('\\')
                .filter(|p| !p.is_empty())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The file name of a path (after the last `\\` too).
fn last_part(path: &Path) -> std::borrow::Cow<'_, str> {
    match path.file_name().map(|n| n.to_string_lossy()) {
        Some(std::borrow::Cow::Borrowed(n)) => {
            std::borrow::Cow::Borrowed(n.rsplit('\\').next().unwrap_or(n))
        }
        Some(owned) => {
            std::borrow::Cow::Owned(owned.rsplit('\\').next().unwrap_or_default().to_string())
        }
        None => std::borrow::Cow::Borrowed(""),
    }
}

fn ends_with(path: &[String], tail: &[String]) -> bool {
    path.len() >= tail.len()
        && path[path.len() - tail.len()..]
            .iter()
            .zip(tail)
            .all(|(a, b)| a.eq_ignore_ascii_case(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{SourceKind, SourceStats, TextEncoding, ZoneOrigin};
    use crate::time::ZoneSpec;

    fn loaded(paths: &[&str]) -> Vec<SourceInfo> {
        paths
            .iter()
            .enumerate()
            .map(|(i, p)| SourceInfo {
                id: SourceId(u16::try_from(i).expect("few")),
                path: p.into(),
                kind: SourceKind::Iis,
                encoding: TextEncoding::Utf8,
                server: String::new(),
                zone: ZoneSpec::Fixed(0),
                zone_origin: ZoneOrigin::Utc,
                skew_ms: 0,
                stats: SourceStats::default(),
                span: None,
            })
            .collect()
    }

    fn names(paths: &[&str]) -> Vec<String> {
        let s = loaded(paths);
        s.iter().map(|x| cited_name(&s, x.id)).collect()
    }

    #[test]
    fn a_unique_name_stays_short() {
        assert_eq!(
            names(&[
                "logs/EXC01/W3SVC1/u_ex250401.log",
                "logs/hcw/20250401_101500.log"
            ]),
            ["u_ex250401.log", "20250401_101500.log"]
        );
    }

    #[test]
    fn two_servers_are_told_apart_by_the_server_folder() {
        assert_eq!(
            names(&[
                "logs/EXC01/W3SVC1/u_ex250401.log",
                "logs/EXC02/W3SVC1/u_ex250401.log",
                "logs/EXC02/W3SVC1/u_ex250402.log",
            ]),
            [
                "EXC01/W3SVC1/u_ex250401.log",
                "EXC02/W3SVC1/u_ex250401.log",
                "u_ex250402.log"
            ]
        );
    }

    #[test]
    fn two_sites_are_told_apart_by_the_site_folder() {
        assert_eq!(
            names(&[
                r"C:\inetpub\logs\LogFiles\W3SVC1\u_ex250401.log",
                r"C:\inetpub\logs\LogFiles\W3SVC2\U_EX250401.LOG",
            ]),
            ["W3SVC1/u_ex250401.log", "W3SVC2/U_EX250401.LOG"]
        );
    }

    #[test]
    fn a_path_that_ends_another_is_given_whole() {
        assert_eq!(
            names(&["W3SVC1/u_ex250401.log", "EXC02/W3SVC1/u_ex250401.log"]),
            ["W3SVC1/u_ex250401.log", "EXC02/W3SVC1/u_ex250401.log"]
        );
        assert_eq!(cited_line(&loaded(&["a.log"]), SourceId(0), 17), "a.log:17");
        assert_eq!(cited_name(&[], SourceId(3)), "source #3");
        assert_eq!(cited_line(&[], SourceId(3), 17), "line 17");
    }

    #[test]
    fn a_later_run_is_cited_as_findings_cite_its_log() {
        let s = loaded(&[
            "/cases/4711/hcw/run1/20241126_151204.log",
            "/cases/4711/hcw/run2/20241126_154933.log",
        ]);
        assert_eq!(cited_run(&s, SourceId(1), None), "20241126_154933.log");
        assert_eq!(
            cited_run(&s, SourceId(1), Some(32)),
            "20241126_154933.log:32"
        );
    }
}
