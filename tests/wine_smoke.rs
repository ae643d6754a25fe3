//! The Windows build against this (Linux) build: the real `hcwlens.exe` runs under Wine on
//! the same inputs, and must give the same report (sources, calls, handshakes, findings,
//! paths aside), the same `decode` output and the same exit codes.
//!
//! Runs only when `HCWLENS_WINE_EXE` names the Windows build and `HCWLENS_WINE` the wine
//! binary (`scripts/wine-test.sh` sets both, with the prefix in `WINEPREFIX`); otherwise each
//! test prints why it is skipped. Inputs are handed to the `.exe` as Windows paths on drive
//! `Z:` (Wine's view of `/`), so drive letters and backslashes are exercised too.

#[path = "support/corpus.rs"]
mod corpus;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXE: &str = "HCWLENS_WINE_EXE";
const WINE: &str = "HCWLENS_WINE";

/// The two builds, or None (skip) when the Windows one is not named.
struct Builds {
    wine: PathBuf,
    exe: PathBuf,
}

fn builds() -> Option<Builds> {
    match (std::env::var_os(WINE), std::env::var_os(EXE)) {
        (Some(wine), Some(exe)) => Some(Builds {
            wine: wine.into(),
            exe: exe.into(),
        }),
        _ => {
            println!("skipped: set {EXE} and {WINE} (scripts/wine-test.sh does) to compare");
            None
        }
    }
}

/// An argument for one build: paths (absolute, `/`-rooted) become `Z:\…` for Windows.
#[derive(Clone)]
enum Arg {
    Text(&'static str),
    Path(PathBuf),
}

fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

impl Builds {
    fn linux(&self, args: &[Arg]) -> Output {
        let args = args.iter().map(|a| match a {
            Arg::Text(t) => (*t).to_string(),
            Arg::Path(p) => p.display().to_string(),
        });
        Command::new(env!("CARGO_BIN_EXE_hcwlens"))
            .args(args)
            .output()
            .expect("run the Linux build")
    }

    fn windows(&self, args: &[Arg]) -> Output {
        let args: Vec<String> = args
            .iter()
            .map(|a| match a {
                Arg::Text(t) => (*t).to_string(),
                Arg::Path(p) => windows_path(p),
            })
            .collect();
        let run = || {
            Command::new(&self.wine)
                .arg(&self.exe)
                .args(&args)
                .output()
                .expect("run the Windows build under Wine")
        };
        // A Wine process ended by a signal (no exit code, nothing on stderr) is Wine's own
        // hiccup on a busy machine, seen once in CI, not the program's exit: run it again once.
        let out = run();
        if out.status.code().is_none() {
            eprintln!(
                "wine ended by a signal ({:?}): running {args:?} again",
                out.status
            );
            return run();
        }
        out
    }
}

fn demo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo")
}

fn corpus() -> Option<PathBuf> {
    corpus::corpus("hcw").and_then(|p| p.canonicalize().ok())
}

/// Every string naming a file below `root` (as this build or the Windows one spells it)
/// with the root replaced by `<root>` and `/` separators.
fn without_paths(value: &mut Value, root: &Path) {
    let unix = root.display().to_string();
    let windows = windows_path(root);
    match value {
        Value::String(s) => {
            for prefix in [&windows, &unix] {
                if let Some(rest) = s.strip_prefix(prefix.as_str()) {
                    *s = format!("<root>{}", rest.replace('\\', "/"));
                    return;
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| without_paths(v, root)),
        Value::Object(map) => map.values_mut().for_each(|v| without_paths(v, root)),
        _ => {}
    }
}

fn report(out: &Output, root: &Path, build: &str) -> Value {
    let mut v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{build}: no JSON report ({e})"));
    without_paths(&mut v, root);
    v
}

/// The JSON reports of both builds on `root` are the same, section by section; returns it.
fn same_report(b: &Builds, root: &Path) -> Value {
    let args = [
        Arg::Text("report"),
        Arg::Path(root.to_path_buf()),
        Arg::Text("--format"),
        Arg::Text("json"),
    ];
    let (lx, win) = (b.linux(&args), b.windows(&args));
    assert_eq!(lx.status.code(), win.status.code(), "exit code of report");
    let (lx, win) = (report(&lx, root, "linux"), report(&win, root, "windows"));
    let sections = lx.as_object().expect("report object").keys().cloned();
    for section in sections.chain(win.as_object().expect("object").keys().cloned()) {
        assert_eq!(
            lx.get(&section),
            win.get(&section),
            "report section `{section}` differs between the Linux and the Windows build on {}",
            root.display()
        );
    }
    assert!(
        lx["cmdlets"].as_array().is_some_and(|c| !c.is_empty()),
        "no calls to compare in {}",
        root.display()
    );
    lx
}

#[test]
#[cfg_attr(
    windows,
    ignore = "compares the Windows build with the Linux one: runs on Linux"
)]
fn demo_report_is_the_same_on_windows() {
    let Some(b) = builds() else { return };
    let report = same_report(&b, &demo());
    assert!(report["findings"].as_array().is_some_and(|f| !f.is_empty()));
}

#[test]
#[cfg_attr(
    windows,
    ignore = "compares the Windows build with the Linux one: runs on Linux"
)]
fn corpus_reports_are_the_same_on_windows() {
    let (Some(b), Some(corpus)) = (builds(), corpus()) else {
        return;
    };
    let mut runs: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    runs.sort();
    assert!(!runs.is_empty(), "no runs in {}", corpus.display());
    let findings: usize = runs
        .iter()
        .map(|run| {
            same_report(&b, run)["findings"]
                .as_array()
                .map_or(0, Vec::len)
        })
        .sum();
    assert!(findings > 0, "the corpus runs gave no findings to compare");
}

#[test]
#[cfg_attr(
    windows,
    ignore = "compares the Windows build with the Linux one: runs on Linux"
)]
fn decode_output_is_identical_on_windows() {
    let Some(b) = builds() else { return };
    for input in [
        &["2148074310"][..],
        &["0x80090346"],
        &["401", "1", "2148074310"],
        &["401.2"],
        &["1326"],
        &["0xC000006D"],
    ] {
        let args: Vec<Arg> = std::iter::once("decode")
            .chain(input.iter().copied())
            .map(Arg::Text)
            .collect();
        let (lx, win) = (b.linux(&args), b.windows(&args));
        assert_eq!(
            lx.status.code(),
            win.status.code(),
            "exit code of decode {input:?}"
        );
        assert_eq!(
            String::from_utf8_lossy(&lx.stdout),
            String::from_utf8_lossy(&win.stdout),
            "decode {input:?}"
        );
        assert!(!lx.stdout.is_empty(), "decode {input:?} printed nothing");
    }
}

#[test]
#[cfg_attr(
    windows,
    ignore = "compares the Windows build with the Linux one: runs on Linux"
)]
fn exit_codes_are_identical_on_windows() {
    let Some(b) = builds() else { return };
    let scenario = |name: &str| {
        Arg::Path(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/scenarios")
                .join(name),
        )
    };
    let missing = || Arg::Path(PathBuf::from("/no/such/u_ex241105.log"));
    let cases: Vec<(Vec<Arg>, i32)> = vec![
        (vec![Arg::Text("report"), scenario("ep-hybrid-agent")], 0),
        (
            vec![
                Arg::Text("report"),
                scenario("ep-hybrid-agent"),
                Arg::Text("--fail-on"),
                Arg::Text("error"),
            ],
            1,
        ),
        (
            vec![
                Arg::Text("report"),
                scenario("healthy"),
                Arg::Text("--fail-on"),
                Arg::Text("warning"),
            ],
            0,
        ),
        (vec![Arg::Text("report"), missing()], 2),
        (vec![Arg::Text("report")], 2),
        (
            vec![
                Arg::Text("report"),
                Arg::Text("--format"),
                Arg::Text("yaml"),
                Arg::Text("x"),
            ],
            2,
        ),
        (vec![Arg::Text("decode"), Arg::Text("banana")], 2),
    ];
    let out = b.windows(&[Arg::Text("report"), missing()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.lines().count(),
        1,
        "a missing file is a one-line error on Windows: {err}"
    );
    assert!(
        err.contains("Z:\\no\\such\\u_ex241105.log"),
        "names the Windows path: {err}"
    );
    for (args, expected) in cases {
        let (lx, win) = (b.linux(&args), b.windows(&args));
        let shown: Vec<String> = args
            .iter()
            .map(|a| match a {
                Arg::Text(t) => (*t).to_string(),
                Arg::Path(p) => p.display().to_string(),
            })
            .collect();
        assert_eq!(lx.status.code(), Some(expected), "linux {shown:?}");
        assert_eq!(
            win.status.code(),
            lx.status.code(),
            "windows {shown:?}: {}",
            String::from_utf8_lossy(&win.stderr)
        );
    }
}
