//! A time window on IIS Advanced Logging files whose `#Fields:` list logs the server's wall
//! clock (`date-local time-local`) before the UTC `date time` the lines are placed by: the
//! files a window skips and the rows it keeps are those of loading the window's files by hand.

use hcwlens::pipeline::window::{Window, WindowMode};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::UtcMs;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const FIELDS: &str = "#Fields: date-local time-local s-computername cs-method cs-uri-stem \
                      cs-uri-query c-ip s-port cs-username cs(User-Agent) sc-status \
                      sc-substatus sc-win32-status TimeTakenMS date time";

fn at(h: u32, m: u32) -> UtcMs {
    UtcMs::from_civil(2024, 11, 5, h, m, 0, 0).expect("civil")
}

/// One hour of requests from `utc_hour` (UTC), written by a server `offset_min` ahead of UTC.
fn write_hour(dir: &Path, name: &str, utc_hour: u32, offset_min: i64) -> PathBuf {
    write_log(dir, name, (at(utc_hour, 0), 60, 60_000), offset_min)
}

/// `n` requests `step_ms` apart from `from` (UTC), by a server `offset_min` ahead of UTC.
fn write_log(dir: &Path, name: &str, rows: (UtcMs, i64, i64), offset_min: i64) -> PathBuf {
    let (from, n, step_ms) = rows;
    let mut text =
        format!("#Software: IIS Advanced Logging Module\r\n#Version: 1.0\r\n{FIELDS}\r\n");
    for i in 0..n {
        let utc = from.plus_ms(i * step_ms);
        let local = utc.plus_ms(offset_min * 60_000);
        let stamp = |t: UtcMs| {
            let s = t.rfc3339();
            format!("{} {}.125", &s[..10], &s[11..19])
        };
        text.push_str(&format!(
            "{} \"EX02\" \"POST\" \"/EWS/mrsproxy.svc\" \"-\" \"52.98.71.12\" 443 \"-\" \"-\" \
             200 0 0 4 {}\r\n",
            stamp(local),
            stamp(utc)
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn instants(a: &Analysis) -> BTreeSet<i64> {
    a.requests
        .iter()
        .flat_map(|ix| (0..ix.len()).map(move |i| ix.ts(i).0))
        .collect()
}

fn with(window: WindowMode) -> LoadOptions {
    LoadOptions {
        index: true,
        window,
        ..LoadOptions::default()
    }
}

#[test]
fn local_clock_fields_before_utc_ones_do_not_decide_the_window_s_files() {
    let tmp = tempfile::tempdir().expect("temp");
    let dir = tmp.path().join("EX02").join("W3SVC1");
    std::fs::create_dir_all(&dir).expect("dir");
    // +05:30 (India) and -08:00 (Pacific): the local stamps lie hours off the UTC ones.
    let inside_east = write_hour(&dir, "u_ex24110508.log", 8, 330);
    let inside_west = write_hour(&dir, "u_ex24110509.log", 9, -480);
    let before = write_hour(&dir, "u_ex24110501.log", 1, 330);
    let after = write_hour(&dir, "u_ex24110512.log", 12, -480);
    let w = Window {
        since: Some(at(7, 30)),
        until: Some(at(10, 0)),
    };
    let got = load(
        &[tmp.path().to_path_buf()],
        &with(WindowMode::Given(w)),
        &NoProgress,
    )
    .expect("load");
    let by_hand = load(
        &[inside_east, inside_west],
        &with(WindowMode::All),
        &NoProgress,
    )
    .expect("load");
    let want: BTreeSet<i64> = instants(&by_hand)
        .into_iter()
        .filter(|&t| w.contains(UtcMs(t)))
        .collect();
    assert_eq!(want.len(), 120);
    assert_eq!(instants(&got), want);
    let report = got.window.as_ref().expect("a window");
    let skipped: BTreeSet<&PathBuf> = report.skipped.iter().collect();
    assert_eq!(skipped, [&before, &after].into(), "{}", report.summary());
}

#[test]
fn a_big_local_clock_file_is_read_around_the_window_of_its_utc_lines() {
    // Big enough to be read only around the window (`window::seek`), whose probes find a
    // line's instant by its shape.
    let tmp = tempfile::tempdir().expect("temp");
    let dir = tmp.path().join("EX02").join("W3SVC1");
    std::fs::create_dir_all(&dir).expect("dir");
    let day = write_log(&dir, "u_ex241105.log", (at(0, 0), 86_400, 1000), 330);
    assert!(std::fs::metadata(&day).expect("meta").len() > 8 << 20);
    let w = Window {
        since: Some(at(7, 30)),
        until: Some(at(10, 0)),
    };
    let got = load(
        std::slice::from_ref(&day),
        &with(WindowMode::Given(w)),
        &NoProgress,
    )
    .expect("load");
    let all = load(&[day], &with(WindowMode::All), &NoProgress).expect("load");
    let want: BTreeSet<i64> = instants(&all)
        .into_iter()
        .filter(|&t| w.contains(UtcMs(t)))
        .collect();
    assert_eq!(want.len(), 9000);
    assert_eq!(instants(&got), want);
}
