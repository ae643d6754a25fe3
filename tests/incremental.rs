//! Live follow is the load, continued: for every fixture folder and random cuts of each of its
//! files, loading the folder with the file cut short and then following the rest must end with
//! what loading the whole folder gives — calls, handshakes (legs on the right rows), MRS
//! requests, spans, counts, findings, and for the explorer every row. The same after the file
//! is rotated (replaced by another file) and after it is truncated in place.

use hcwlens::pipeline::{Analysis, Follow, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every fixture folder with logs: the diagnosis scenarios, the grouping cases, the IIS probe
/// shapes (a handshake cut by a log rotation), the W3C shapes,
/// and a generated two-server day of a few MiB (files of many parse blocks, cut past the head
/// that decides a file's kind, so appended lines continue the loaded state).
fn folders(generated: &Path) -> Vec<PathBuf> {
    let spec = hcwlens::generate::GenOptions {
        seed: 11,
        bytes: 3 << 20,
        servers: 2,
        days: 1,
        ..hcwlens::generate::GenOptions::default()
    };
    hcwlens::generate::generate_tree(&spec, generated).expect("generate");
    let mut dirs = vec![generated.to_path_buf()];
    for group in ["scenarios", "grouping", "iis-probe"] {
        let entries = std::fs::read_dir(fixtures().join(group)).expect("fixtures");
        dirs.extend(
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_dir()),
        );
    }
    dirs.push(fixtures().join("w3c"));
    dirs.sort();
    dirs
}

/// Files under `dir`, relative to it.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else if p.extension().is_some_and(|x| x == "log") {
                out.push(p.strip_prefix(dir).expect("inside").to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// A copy of a fixture folder (every log ending with a line end, as a log being written is
/// followed up to its last complete line).
fn copy(dir: &Path) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for rel in files(dir) {
        let mut bytes = std::fs::read(dir.join(&rel)).expect("read");
        if bytes.last().is_some_and(|&b| b != b'\n') {
            bytes.push(b'\n');
        }
        let to = tmp.path().join(&rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        std::fs::write(to, bytes).expect("write");
    }
    tmp
}

fn opts(index: bool) -> LoadOptions {
    LoadOptions {
        index,
        ..LoadOptions::default()
    }
}

/// Everything the comparison covers, as text (a difference shows where).
fn fingerprint(a: &Analysis) -> Vec<String> {
    let mut out = vec![
        format!("sources {:#?}", a.sources),
        format!("hcw {:#?}", a.hcw),
        format!("calls {:#?}", a.cmdlets),
        format!("handshakes {:#?}", a.handshakes),
        format!("summary {:#?}", a.handshake_summary),
        format!("mrs dropped {}", a.mrs_dropped),
        format!("mrs {:#?}", a.mrs),
        format!("links {:#?}", a.links),
        format!("skew {:#?}", a.skew),
        format!("findings {:#?}", a.findings),
    ];
    for ix in &a.requests {
        let rows: Vec<_> = (0..ix.len())
            .map(|r| (ix.line_no(r), ix.offset(r), ix.ts(r)))
            .collect();
        out.push(format!("rows {:?} {rows:?}", ix.source));
    }
    // Each leg names a row that exists, in its own source.
    for h in &a.handshakes {
        for leg in &h.legs {
            if let Some(ix) = a.requests.iter().find(|ix| ix.source == leg.source) {
                let row = ix.row_of_line(u64::from(leg.line));
                out.push(format!("leg {:?}:{} row {row:?}", leg.source, leg.line));
            }
        }
    }
    out
}

fn assert_same(followed: &Analysis, whole: &Analysis, what: &str) {
    let (f, w) = (fingerprint(followed), fingerprint(whole));
    assert_eq!(f.len(), w.len(), "{what}");
    for (a, b) in f.iter().zip(&w) {
        if a != b {
            let (al, bl): (Vec<_>, Vec<_>) = (a.lines().collect(), b.lines().collect());
            let at = al.iter().zip(&bl).take_while(|(x, y)| x == y).count();
            let from = at.saturating_sub(12);
            panic!(
                "{what}: followed and whole differ in {}\nfollowed:\n{}\nwhole:\n{}",
                al.first().unwrap_or(&""),
                al[from..(at + 6).min(al.len())].join("\n"),
                bl[from..(at + 6).min(bl.len())].join("\n"),
            );
        }
    }
}

/// Small deterministic random numbers (xorshift).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n.max(1) as u64).unwrap_or(0)
    }
}

fn cuts() -> usize {
    std::env::var("HCWLENS_CUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2)
}

/// One poll taken in: in place (as `watch` does), or into a fork (as the explorer's follow job
/// does, leaving the analysis on screen as it was).
fn poll_into(a: &mut Analysis, f: &mut Follow, forked: bool) {
    let delta = f.poll();
    if !forked {
        a.apply(delta);
        return;
    }
    let before = fingerprint(a);
    let mut next = a.fork(&delta);
    next.apply(delta);
    assert_eq!(
        fingerprint(a),
        before,
        "the forked-from analysis is unchanged"
    );
    *a = next;
}

#[test]
fn loading_a_prefix_then_following_the_rest_equals_loading_the_whole() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let generated = tempfile::tempdir().expect("temp dir");
    for dir in folders(generated.path()) {
        for rel in files(&dir) {
            let tmp = copy(&dir);
            let path = tmp.path().join(&rel);
            let whole = std::fs::read(&path).expect("read");
            for index in [false, true] {
                let expected = load(&[tmp.path().to_path_buf()], &opts(index), &NoProgress)
                    .expect("load whole");
                for _ in 0..cuts() {
                    let cut = rng.below(whole.len() + 1);
                    std::fs::write(&path, &whole[..cut]).expect("cut");
                    let (mut a, mut f) =
                        Follow::load(&[tmp.path().to_path_buf()], &opts(index), &NoProgress)
                            .expect("load prefix");
                    // Cut so short it is no log yet: it joins as a new source, numbered last.
                    let joins = a.skipped.iter().any(|s| s.path == path);
                    // Appended in two writes, polled after each.
                    let mid = cut + rng.below(whole.len() - cut + 1);
                    for (i, end) in [mid, whole.len()].into_iter().enumerate() {
                        let mut file = std::fs::OpenOptions::new()
                            .append(true)
                            .open(&path)
                            .expect("open");
                        let done = std::fs::metadata(&path).expect("meta").len() as usize;
                        std::io::Write::write_all(&mut file, &whole[done..end]).expect("append");
                        drop(file);
                        poll_into(&mut a, &mut f, i == 0);
                    }
                    let what = format!("{} cut at {cut}, index {index}", rel.display());
                    if joins {
                        let count = |a: &Analysis| {
                            let events: u64 = a.sources.iter().map(|s| s.stats.events).sum();
                            (a.sources.len(), events, a.cmdlets.len(), a.handshakes.len())
                        };
                        assert!(a.sources.iter().any(|s| s.path == path), "{what}");
                        assert_eq!(count(&a), count(&expected), "{what}");
                        assert_eq!(a.findings.len(), expected.findings.len(), "{what}");
                    } else {
                        assert_same(&a, &expected, &what);
                    }
                }
                std::fs::write(&path, &whole).expect("restore");
            }
        }
    }
}

/// The byte offset after the first `n` lines.
fn after_lines(bytes: &[u8], n: usize) -> usize {
    bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| if n == 0 { 0 } else { i + 1 })
}

#[test]
#[cfg_attr(
    windows,
    ignore = "renaming a file over a log that any handle holds open fails with Access denied (os error 5) under Wine whatever the share mode (FILE_SHARE_DELETE included), as MoveFileEx does on Windows without POSIX rename semantics; the loader keeps UTF-8 W3C logs open to read lines back (read::text::FileReader). Rotation and truncation are checked on Linux"
)]
fn after_a_rotation_or_a_truncation_nothing_of_the_old_file_stays() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let generated = tempfile::tempdir().expect("temp dir");
    for dir in folders(generated.path()) {
        for rel in files(&dir) {
            let tmp = copy(&dir);
            let aside = tempfile::tempdir().expect("temp dir");
            let path = tmp.path().join(&rel);
            let whole = std::fs::read(&path).expect("read");
            let lines = whole.iter().filter(|&&b| b == b'\n').count();
            let short = &whole[..after_lines(&whole, 1 + rng.below(lines))];
            let root = [tmp.path().to_path_buf()];

            // Rotated: the whole file is replaced by a shorter one (another file, renamed over it).
            let (mut a, mut f) = Follow::load(&root, &opts(true), &NoProgress).expect("load");
            let next = aside.path().join("next.log");
            std::fs::write(&next, short).expect("write");
            std::fs::rename(&next, &path).expect("rotate");
            poll_into(&mut a, &mut f, true);
            let expected = load(&root, &opts(true), &NoProgress).expect("load short");
            assert_same(&a, &expected, &format!("{} rotated", rel.display()));

            // Truncated in place, then written on to its whole length.
            std::fs::write(&path, &whole).expect("restore");
            let (mut a, mut f) = Follow::load(&root, &opts(true), &NoProgress).expect("load");
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .expect("open");
            file.set_len(0).expect("truncate");
            drop(file);
            std::fs::write(&path, short).expect("write short");
            poll_into(&mut a, &mut f, false);
            let expected = load(&root, &opts(true), &NoProgress).expect("load short");
            assert_same(&a, &expected, &format!("{} truncated", rel.display()));
            let mut file = std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .expect("open");
            std::io::Write::write_all(&mut file, &whole[short.len()..]).expect("append");
            drop(file);
            poll_into(&mut a, &mut f, true);
            let expected = load(&root, &opts(true), &NoProgress).expect("load whole");
            assert_same(
                &a,
                &expected,
                &format!("{} truncated, grown", rel.display()),
            );
        }
    }
}

/// A W3C log of one server: the header, then `rows` (time, status, substatus, win32, user).
fn server_log(ip: &str, rows: &[(&str, u16, u16, u64, &str)]) -> Vec<String> {
    let mut out = vec![
        "#Software: Microsoft Internet Information Services 10.0".to_string(),
        "#Version: 1.0".to_string(),
        "#Date: 2024-11-05 10:00:00".to_string(),
        "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken".to_string(),
    ];
    for (time, status, sub, win32, user) in rows {
        out.push(format!(
            "2024-11-05 {time} {ip} POST /EWS/Exchange.asmx - 443 {user} 10.9.0.7 Microsoft+Office/16.0 - {status} {sub} {win32} 15"
        ));
    }
    out
}

/// Writes the first `n` lines of each log (every line ends with a line end).
fn write_lines(root: &Path, logs: &[(&str, Vec<String>)], n: &[usize]) {
    for ((rel, lines), &n) in logs.iter().zip(n) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        let text: String = lines[..n].iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(path, text).expect("write");
    }
}

/// Polls as the logs grow, step by step, and checks after every poll (not only the last) that
/// the handshakes are those a load of the logs as they are then finds. The handshakes a poll
/// hands over while still open (a challenge closed as if the log ended now) are taken back
/// when it goes on: here a challenge left open on EX01 is first joined to a failed leg on
/// EX02 (split over two servers), then answered in the next poll (the failure stands alone
/// again); a later challenge and its failed leg on the other server arrive in two polls.
#[test]
fn after_every_poll_the_handshakes_are_those_a_load_finds() {
    let ex01 = server_log(
        "10.0.0.11",
        &[
            ("10:00:00", 401, 2, 5, "-"),
            ("10:00:00", 401, 1, 2_148_074_254, "-"),
            ("10:00:01", 200, 0, 0, "CONTOSO\\amy"),
            ("10:00:30", 401, 2, 5, "-"),
            ("10:00:30", 401, 1, 2_148_074_254, "-"),
            ("10:05:00", 200, 0, 0, "CONTOSO\\bo"),
        ],
    );
    let ex02 = server_log(
        "10.0.0.12",
        &[
            ("10:00:01", 401, 1, 2_148_074_248, "-"),
            ("10:00:31", 401, 1, 2_148_074_248, "-"),
            ("10:05:00", 200, 0, 0, "CONTOSO\\cy"),
        ],
    );
    let logs = [
        ("EX01/W3SVC1/u_ex241105.log", ex01),
        ("EX02/W3SVC1/u_ex241105.log", ex02),
    ];
    // Lines of each log after the load, then after each poll.
    let steps: [[usize; 2]; 6] = [[6, 5], [7, 5], [9, 5], [9, 6], [10, 6], [10, 7]];
    let splits = |a: &Analysis| a.handshakes.iter().filter(|h| h.split.is_some()).count();
    for index in [false, true] {
        for forked in [false, true] {
            let tmp = tempfile::tempdir().expect("temp dir");
            let root = [tmp.path().to_path_buf()];
            write_lines(tmp.path(), &logs, &steps[0]);
            let (mut a, mut f) = Follow::load(&root, &opts(index), &NoProgress).expect("load");
            assert_eq!(
                splits(&a),
                1,
                "the open challenge joins the failure on EX02"
            );
            for (i, n) in steps.iter().enumerate().skip(1) {
                write_lines(tmp.path(), &logs, n);
                poll_into(&mut a, &mut f, forked);
                let expected = load(&root, &opts(index), &NoProgress).expect("load");
                assert_same(&a, &expected, &format!("poll {i}, index {index}"));
                let want = [0, 0, 1, 1, 1][i - 1];
                assert_eq!(splits(&a), want, "poll {i}: {:#?}", a.handshakes);
            }
        }
    }
}

/// Every file of a folder grows a few lines at a time; after every poll the analysis equals a
/// load of the files as they are then.
#[test]
fn logs_growing_a_few_lines_at_a_time_equal_a_load_after_every_poll() {
    let mut rng = Rng(0x51_7cc1_b727_220a);
    for dir in [
        fixtures().join("grouping/shared-lb"),
        fixtures().join("grouping/xff"),
    ] {
        let rels = files(&dir);
        let wholes: Vec<Vec<u8>> = rels
            .iter()
            .map(|r| std::fs::read(dir.join(r)).expect("read"))
            .collect();
        for index in [false, true] {
            let tmp = copy(&dir);
            let root = [tmp.path().to_path_buf()];
            let lines: Vec<usize> = wholes
                .iter()
                .map(|w| {
                    w.iter().filter(|&&b| b == b'\n').count()
                        + usize::from(w.last() != Some(&b'\n'))
                })
                .collect();
            // The header and a row at least, so that each file is a log from the start.
            let mut n: Vec<usize> = lines.iter().map(|&l| l.min(5 + rng.below(3))).collect();
            let cut = |w: &[u8], n: usize| {
                let mut b = w[..after_lines(w, n)].to_vec();
                if n > 0 && b.last() != Some(&b'\n') {
                    b.extend_from_slice(&w[b.len()..]);
                    b.push(b'\n');
                }
                b
            };
            for ((r, w), &k) in rels.iter().zip(&wholes).zip(&n) {
                std::fs::write(tmp.path().join(r), cut(w, k)).expect("write");
            }
            let (mut a, mut f) = Follow::load(&root, &opts(index), &NoProgress).expect("load");
            let mut poll = 0;
            while n.iter().zip(&lines).any(|(k, l)| k < l) {
                poll += 1;
                for (i, (r, w)) in rels.iter().zip(&wholes).enumerate() {
                    n[i] = lines[i].min(n[i] + rng.below(4));
                    let path = tmp.path().join(r);
                    let now = cut(w, n[i]);
                    let done = std::fs::metadata(&path).expect("meta").len() as usize;
                    let mut file = std::fs::OpenOptions::new()
                        .append(true)
                        .open(&path)
                        .expect("open");
                    std::io::Write::write_all(&mut file, &now[done..]).expect("append");
                }
                poll_into(&mut a, &mut f, rng.below(2) == 0);
                let expected = load(&root, &opts(index), &NoProgress).expect("load");
                let what = format!("{} poll {poll}, index {index}", dir.display());
                assert_same(&a, &expected, &what);
            }
        }
    }
}

/// The handshake list holds no room left over from growing by doubling, after a load, a follow
/// load and a poll.
#[test]
fn the_handshake_list_is_exactly_sized() {
    let dir = fixtures().join("grouping/shared-lb");
    let tmp = copy(&dir);
    let root = [tmp.path().to_path_buf()];
    let exact = |a: &Analysis, what: &str| {
        assert!(a.handshakes.len() > 4, "{what}: {}", a.handshakes.len());
        assert_eq!(a.handshakes.capacity(), a.handshakes.len(), "{what}");
    };
    exact(
        &load(&root, &opts(true), &NoProgress).expect("load"),
        "load",
    );
    let (mut a, mut f) = Follow::load(&root, &opts(true), &NoProgress).expect("load");
    exact(&a, "follow load");
    let path = tmp.path().join("EX01/W3SVC1/u_ex241105.log");
    let text = std::fs::read_to_string(&path).expect("read");
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let later: String = rows
        .iter()
        .map(|l| format!("{}\n", l.replacen("2024-11-05 09:", "2024-11-05 11:", 1)))
        .collect();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .expect("open");
    std::io::Write::write_all(&mut file, later.as_bytes()).expect("append");
    drop(file);
    let before = a.handshakes.len();
    poll_into(&mut a, &mut f, false);
    assert!(a.handshakes.len() > before);
    exact(&a, "poll");
}

/// The explorer's load on several servers at once (busy generated logs whose handshakes share
/// start seconds and come out of each source's grouper in the order they end, sorted on the
/// threads that parsed them and merged, plus the split handshakes of the grouping cases)
/// equals the plain load; the request indexes are handed over once, complete, before the
/// handshakes are joined, and the explorer's IIS order merged from them early is the one
/// merged from the loaded data.
#[test]
fn the_explorer_load_of_several_servers_equals_a_load() {
    let generated = tempfile::tempdir().expect("temp dir");
    let spec = hcwlens::generate::GenOptions {
        seed: 11,
        bytes: 4 << 20,
        servers: 4,
        days: 1,
        ..hcwlens::generate::GenOptions::default()
    };
    hcwlens::generate::generate_tree(&spec, generated.path()).expect("generate");
    let paths = vec![generated.path().to_path_buf(), fixtures().join("grouping")];
    let whole = load(&paths, &opts(true), &NoProgress).expect("load");
    assert!(whole.handshakes.len() > 1000, "{}", whole.handshakes.len());
    assert!(whole.handshakes.iter().any(|h| h.split.is_some()));
    let mut told = Vec::new();
    let (a, _f) = Follow::load_with(&paths, &opts(true), &NoProgress, &mut |r| {
        told.push(r.len());
    })
    .expect("explorer load");
    assert_eq!(told, [a.requests.len()]);
    assert_same(&a, &whole, "four generated servers and the grouping cases");

    let loaded = hcwlens::tui::worker::load(&paths, &opts(true), &NoProgress).expect("load");
    let (data, timeline) = &*loaded;
    let clock = hcwlens::tui::model::clock::Clock::default();
    let merged = hcwlens::tui::model::timeline::merge(&data.analysis.requests, &clock);
    assert_eq!(*timeline.merged, merged);
    assert_same(&data.analysis, &whole, "the explorer's data");
}

/// A file the time window left out is not announced as new at the first poll (it is looked at
/// again when it changes).
#[test]
fn a_file_outside_the_window_is_not_new_at_the_first_poll() {
    use hcwlens::pipeline::window::{Window, WindowMode};
    let dir = tempfile::tempdir().expect("temp dir");
    let head = "#Software: Microsoft Internet Information Services 10.0\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";
    let line = |day: u32| {
        format!("2024-11-{day:02} 13:00:00 10.0.0.5 GET /owa/ - 443 - 10.0.0.9 x - 200 0 0 1\r\n")
    };
    for day in [5, 6] {
        let path = dir.path().join(format!("u_ex2411{day:02}.log"));
        std::fs::write(path, format!("{head}{}", line(day))).expect("write");
    }
    let at = |d: u32| hcwlens::time::UtcMs::from_civil(2024, 11, d, 0, 0, 0, 0).expect("date");
    let opts = LoadOptions {
        index: true,
        window: WindowMode::Given(Window {
            since: Some(at(5)),
            until: Some(at(6)),
        }),
        ..LoadOptions::default()
    };
    let (a, mut f) = Follow::load(&[dir.path().to_path_buf()], &opts, &NoProgress).expect("load");
    assert_eq!(a.sources.len(), 1);
    assert_eq!(a.window.as_ref().map(|w| w.skipped.len()), Some(1));
    let delta = f.poll();
    assert!(delta.changes.is_empty(), "{:?}", delta.changes.len());
}

#[test]
fn a_header_block_adding_s_computername_while_followed_names_one_server_as_a_load_does() {
    // The field set changes while the log is followed: the lines before named the server by
    // its folder, the new ones by `s-computername`. The source is read again, as the load
    // reads such a file, so every handshake names the logged server.
    let dir = fixtures().join("w3c-shapes/fields-add-computername");
    let rel = Path::new("EX01/W3SVC1/u_ex241105.log");
    for index in [false, true] {
        let tmp = copy(&dir);
        let path = tmp.path().join(rel);
        let whole = std::fs::read(&path).expect("read");
        let expected = load(&[tmp.path().to_path_buf()], &opts(index), &NoProgress).expect("load");
        std::fs::write(&path, &whole[..after_lines(&whole, 77)]).expect("cut");
        let (mut a, mut f) =
            Follow::load(&[tmp.path().to_path_buf()], &opts(index), &NoProgress).expect("load");
        let done = std::fs::metadata(&path).expect("meta").len() as usize;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .expect("open");
        std::io::Write::write_all(&mut file, &whole[done..]).expect("append");
        drop(file);
        poll_into(&mut a, &mut f, index);
        let servers: Vec<&str> = a.handshakes.iter().map(|h| h.server.as_str()).collect();
        assert_eq!(servers, ["EX01", "EX01"], "index {index}");
        assert_same(&a, &expected, &format!("index {index}"));
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "renaming a file over a log that any handle holds open fails under Wine (see after_a_rotation_or_a_truncation_nothing_of_the_old_file_stays)"
)]
fn a_file_read_again_alone_takes_its_site_folder_s_name_as_the_load_gives_it() {
    // EX01/W3SVC1's older log logs no s-computername, its newer one logs EX01: the load names
    // both EX01. Followed, the older log rotated (read again alone) and another older one
    // joining were named EX01/W3SVC1, their folder: two servers, and the handshake the
    // rotation cut between the days was left open.
    let dir = fixtures().join("w3c-shapes/site-folder-named-later");
    let tmp = copy(&dir);
    let root = [tmp.path().to_path_buf()];
    let older = tmp.path().join("EX01/W3SVC1/u_ex241105.log");
    let (mut a, mut f) = Follow::load(&root, &opts(true), &NoProgress).expect("load");
    let aside = tempfile::tempdir().expect("temp dir");
    let next = aside.path().join("next.log");
    std::fs::copy(&older, &next).expect("copy");
    std::fs::rename(&next, &older).expect("rotate");
    let earlier = std::fs::read_to_string(&older)
        .expect("read")
        .replace("2024-11-05", "2024-11-04");
    std::fs::write(tmp.path().join("EX01/W3SVC1/u_ex241104.log"), earlier).expect("write");
    poll_into(&mut a, &mut f, true);
    let servers: Vec<&str> = a.sources.iter().map(|s| s.server.as_str()).collect();
    assert_eq!(servers, ["EX01", "EX01", "EX01"]);
    let expected = load(&root, &opts(true), &NoProgress).expect("load");
    let sorted = |a: &Analysis| {
        let mut s: Vec<String> = a
            .sources
            .iter()
            .map(|s| format!("{} {}", s.path.display(), s.server))
            .collect();
        s.sort();
        s
    };
    assert_eq!(sorted(&a), sorted(&expected));
    assert_eq!(a.handshakes.len(), expected.handshakes.len());
}
