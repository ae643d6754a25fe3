//! A W3C log whose lines end in CRLF, LF or a bare CR, mixed in any way (a log copied through
//! tools that rewrote part of it, logs of both kinds joined into one file), is read line by
//! line: the same lines, requests, handshakes and line texts as the log with CRLF line ends.
//! A mixed log read as a CRLF one ran every bare-CR line into one, with a misleading "values
//! beyond #Fields" diagnostic and most requests lost.

use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::Path;

/// The lines of a CRLF IIS log of two servers' handshakes (without their line ends).
fn crlf_lines() -> Vec<Vec<u8>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export22/lb-split/EX01/W3SVC1/u_ex250211.log");
    let bytes = std::fs::read(path).expect("fixture");
    let text = bytes.strip_suffix(b"\n").expect("ends in a line end");
    text.split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").expect("CRLF").to_vec())
        .collect()
}

/// The lines joined with line end `ends(i)` after line `i`.
fn joined(lines: &[Vec<u8>], ends: impl Fn(usize) -> &'static [u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        out.extend_from_slice(l);
        out.extend_from_slice(ends(i));
    }
    out
}

/// Loads `bytes` as `EX01/W3SVC1/u_ex250211.log` in a temporary folder.
fn load_log(bytes: &[u8]) -> (tempfile::TempDir, Analysis) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().join("EX01/W3SVC1");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("u_ex250211.log"), bytes).expect("write");
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let a = load(&[tmp.path().to_path_buf()], &opts, &NoProgress).expect("load");
    (tmp, a)
}

/// What a reader sees: counts, diagnostics, handshakes, and each row's line and text.
fn seen(a: &Analysis) -> Vec<String> {
    let s = &a.sources[0].stats;
    let mut out = vec![
        format!(
            "lines {} events {} unparsed {}",
            s.lines, s.events, s.unparsed
        ),
        format!("notes {:?}", s.diagnostics),
        format!("handshakes {}", a.handshakes.len()),
    ];
    let ix = &a.requests[0];
    for r in 0..ix.len() {
        let text = a.texts[0].line_at(ix.offset(r));
        out.push(format!("row {} {text}", ix.line_no(r)));
    }
    for h in &a.handshakes {
        let legs: Vec<_> = h.legs.iter().map(|l| l.line).collect();
        out.push(format!("handshake legs at {legs:?}"));
    }
    out
}

/// Small deterministic random numbers (xorshift).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn a_log_mixing_crlf_lf_and_bare_cr_line_ends_reads_as_its_crlf_self() {
    let lines = crlf_lines();
    let n = lines.len();
    let (_t, whole) = load_log(&joined(&lines, |_| b"\r\n"));
    let want = seen(&whole);
    assert_eq!(whole.sources[0].stats.events, 9, "{want:?}");
    for k in 0..=n {
        // CRLF lines, then bare-CR ones (two logs joined), and the other way round.
        let (_t, a) = load_log(&joined(&lines, |i| if i < k { b"\r\n" } else { b"\r" }));
        assert_eq!(seen(&a), want, "CRLF then bare CR from line {}", k + 1);
        let (_t, a) = load_log(&joined(&lines, |i| if i < k { b"\r" } else { b"\r\n" }));
        assert_eq!(seen(&a), want, "bare CR then CRLF from line {}", k + 1);
    }
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for round in 0..20 {
        let ends: Vec<&'static [u8]> = (0..n)
            .map(|_| match rng.below(3) {
                0 => &b"\r\n"[..],
                1 => &b"\n"[..],
                _ => &b"\r"[..],
            })
            .collect();
        let (_t, a) = load_log(&joined(&lines, |i| ends[i]));
        assert_eq!(seen(&a), want, "round {round}: {ends:?}");
    }
}

/// Everything a follow must give as a load does, as text (a difference shows where).
fn fingerprint(a: &Analysis) -> Vec<String> {
    let mut out = vec![
        format!("sources {:#?}", a.sources),
        format!("handshakes {:#?}", a.handshakes),
        format!("findings {:#?}", a.findings),
        format!("pending {:?}", a.pending),
    ];
    for (ix, text) in a.requests.iter().zip(&a.texts) {
        for r in 0..ix.len() {
            let line = text.line_at(ix.offset(r));
            out.push(format!("row {} {} {line}", ix.line_no(r), ix.offset(r)));
        }
    }
    out
}

/// Logs whose line ends are bare CRs, or CRLF and bare CR mixed.
fn mixed_logs() -> Vec<(&'static str, Vec<u8>)> {
    let lines = crlf_lines();
    let half = lines.len() / 2;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let ends: Vec<&'static [u8]> = (0..lines.len())
        .map(|_| match rng.below(3) {
            0 => &b"\r\n"[..],
            1 => &b"\n"[..],
            _ => &b"\r"[..],
        })
        .collect();
    vec![
        ("bare CR", joined(&lines, |_| b"\r")),
        (
            "CRLF then bare CR",
            joined(&lines, |i| if i < half { b"\r\n" } else { b"\r" }),
        ),
        (
            "bare CR then CRLF",
            joined(&lines, |i| if i < half { b"\r" } else { b"\r\n" }),
        ),
        ("mixed", joined(&lines, |i| ends[i])),
    ]
}

#[test]
fn a_growing_log_with_bare_cr_line_ends_followed_equals_a_load_of_it() {
    use hcwlens::pipeline::Follow;
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    for (what, whole) in mixed_logs() {
        let (tmp, expected) = load_log(&whole);
        let path = tmp.path().join("EX01/W3SVC1/u_ex250211.log");
        let want = fingerprint(&expected);
        // Cut at, before and after every line end, and halfway through each line.
        let mut cuts: Vec<usize> = Vec::new();
        let mut from = 0;
        for (i, &b) in whole.iter().enumerate() {
            if b == b'\r' || b == b'\n' {
                cuts.extend([i, i + 1, (from + i) / 2]);
                from = i + 1;
            }
        }
        cuts.retain(|&c| c > 400 && c <= whole.len());
        cuts.dedup();
        for cut in cuts {
            std::fs::write(&path, &whole[..cut]).expect("cut");
            let (mut a, mut f) =
                Follow::load(&[tmp.path().to_path_buf()], &opts, &NoProgress).expect("load");
            // The rest appended in two writes, polled after each; the second split at a CR.
            let mid = cut + (whole.len() - cut) / 2;
            for end in [mid, whole.len()] {
                let mut file = std::fs::OpenOptions::new()
                    .append(true)
                    .open(&path)
                    .expect("open");
                let done = std::fs::metadata(&path).expect("meta").len() as usize;
                std::io::Write::write_all(&mut file, &whole[done..end]).expect("append");
                drop(file);
                let delta = f.poll();
                a.apply(delta);
            }
            let got = fingerprint(&a);
            assert_eq!(got.len(), want.len(), "{what}, cut at {cut}: {got:#?}");
            for (g, w) in got.iter().zip(&want) {
                assert_eq!(g, w, "{what}, cut at {cut}");
            }
        }
    }
}

/// A generated server's two days (about 9 MiB a file, past the size the window seeks in),
/// its CRLF line ends rewritten by `ends`.
fn two_days(ends: fn(&[u8]) -> Vec<u8>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = hcwlens::generate::GenOptions {
        seed: 5,
        bytes: 18 << 20,
        servers: 1,
        days: 2,
        ..hcwlens::generate::GenOptions::default()
    };
    for file in hcwlens::generate::generate_tree(&spec, dir.path()).expect("generate") {
        let bytes = std::fs::read(&file).expect("read");
        std::fs::write(&file, ends(&bytes)).expect("write");
    }
    dir
}

/// What a windowed load read and found, without the files' paths and sizes.
fn windowed(dir: &Path) -> (Vec<String>, u64) {
    use hcwlens::pipeline::window::{Window, WindowMode};
    let at = |h, m| hcwlens::time::UtcMs::from_civil(2024, 11, 5, h, m, 0, 0).expect("civil");
    let opts = LoadOptions {
        window: WindowMode::Given(Window {
            since: Some(at(10, 0)),
            until: Some(at(12, 30)),
        }),
        ..LoadOptions::default()
    };
    let a = load(&[dir.to_path_buf()], &opts, &NoProgress).expect("load");
    let w = a.window.as_ref().expect("a window");
    // Where a probe lands depends on the bytes: so do the requests read and dropped outside.
    let events: u64 = a.sources.iter().map(|s| s.stats.events).sum();
    let mut out = vec![format!(
        "read {} skipped {:?} inside {}",
        w.files_read,
        w.skipped.iter().map(|p| p.file_name()).collect::<Vec<_>>(),
        events - w.requests_outside
    )];
    for s in &a.sources {
        out.push(format!(
            "{:?} unparsed {} notes {:?}",
            s.path.file_name(),
            s.stats.unparsed,
            s.stats.diagnostics
        ));
    }
    for h in &a.handshakes {
        let legs: Vec<_> = h.legs.iter().map(|l| l.line).collect();
        out.push(format!("{:?} {legs:?}", h.outcome));
    }
    out.extend(a.findings.iter().map(|f| format!("finding {:?}", f.id)));
    (out, w.bytes_skipped)
}

#[test]
fn the_time_window_seeks_in_a_log_with_bare_cr_line_ends_as_in_its_crlf_self() {
    let crlf = two_days(|b| b.to_vec());
    let (want, skipped) = windowed(crlf.path());
    assert!(skipped > 0, "the window seeks in the CRLF log");
    assert!(
        want[0].contains("skipped [Some(\"u_ex241106.log\")]"),
        "{want:?}"
    );
    let bare: fn(&[u8]) -> Vec<u8> = |b| {
        b.iter()
            .copied()
            .filter(|&c| c != b'\n')
            .collect::<Vec<u8>>()
    };
    // CRLF up to a point, bare CRs after it (two pieces joined).
    let mixed: fn(&[u8]) -> Vec<u8> = |b| {
        let cut = b.len() / 3;
        let mut out = b[..cut].to_vec();
        out.extend(b[cut..].iter().copied().filter(|&c| c != b'\n'));
        out
    };
    for (what, ends) in [("bare CR", bare), ("CRLF then bare CR", mixed)] {
        let dir = two_days(ends);
        let (got, skipped) = windowed(dir.path());
        assert!(skipped > 0, "{what}: the window seeks in the log");
        assert_eq!(got, want, "{what}");
    }
}
