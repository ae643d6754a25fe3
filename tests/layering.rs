//! The boundary rule: the domain never imports the terminal layer, tokio, or reads the clock.

use crate::sources;

use sources::rust_files;
use std::path::Path;

const SHELL: &[&str] = &[
    "src/main.rs",
    "src/cli.rs",
    "src/cli/",
    "src/tui.rs",
    "src/tui/",
];
const BANNED: &[&str] = &[
    "ratatui",
    "crossterm",
    "tokio",
    "crate::tui",
    "SystemTime::now",
    "Instant::now",
    "Utc::now",
    "Local::now",
    "OffsetDateTime::now",
    "Zoned::now",
];

/// True when `rel` is one of `places`: a file path, or a folder ending in `/`.
fn under(rel: &str, places: &[&str]) -> bool {
    places
        .iter()
        .any(|p| rel == *p || (p.ends_with('/') && rel.starts_with(p)))
}

/// Every non-comment line of the Rust files under `src/` that `inside` selects (by path
/// relative to the crate) and that contains one of `banned`, as `path:line: banned`.
fn lines_naming(inside: &dyn Fn(&str) -> bool, banned: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut hits = Vec::new();
    for file in files {
        let rel = file
            .strip_prefix(root)
            .expect("prefix")
            .to_string_lossy()
            .replace('\\', "/");
        if !inside(&rel) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read");
        for (no, line) in text.lines().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            for b in banned {
                if code.contains(b) {
                    hits.push(format!("{rel}:{}: {b}", no + 1));
                }
            }
        }
    }
    hits
}

#[test]
fn domain_does_not_import_the_shell_or_read_the_clock() {
    let hits = lines_naming(&|rel| !under(rel, SHELL), BANNED);
    assert!(
        hits.is_empty(),
        "domain files reach into the shell or the clock:\n{}",
        hits.join("\n")
    );
}

#[test]
fn no_mod_rs_files() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let bad: Vec<_> = files.iter().filter(|f| f.ends_with("mod.rs")).collect();
    assert!(bad.is_empty(), "mod.rs files: {bad:?}");
}

/// The grammar knows only its sink: parsers and the record types import neither the analysis
/// nor the index (per-block work reaches the parser as a `BlockHook`).
#[test]
fn parsers_do_not_import_their_consumers() {
    let hits = lines_naming(
        &|rel| under(rel, &["src/parse.rs", "src/parse/", "src/record.rs"]),
        &["crate::analyze", "crate::index", "crate::pipeline"],
    );
    assert!(
        hits.is_empty(),
        "the parser reaches into its consumers:\n{}",
        hits.join("\n")
    );
}

/// Live follow still parses W3C lines and groups handshakes in the shell; moving it into an
/// incremental loader under `src/pipeline/` is under way (remove the entries then).
/// The shell neither parses logs nor groups handshakes: it asks the pipeline.
#[test]
fn the_shell_does_not_parse_or_group() {
    let hits = lines_naming(
        &|rel| under(rel, &["src/tui.rs", "src/tui/"]),
        &[
            "crate::parse",
            "W3cParser",
            "HandshakeGrouper",
            "MrsCollector",
            "RequestSink",
        ],
    );
    assert!(
        hits.is_empty(),
        "the shell parses or groups:\n{}",
        hits.join("\n")
    );
}

/// `update` and `view` do no file I/O: a line shown or copied as logged is read on a worker
/// (the line cache in `src/tui/model/lines.rs`, ticket texts in `src/tui/ticket.rs`
/// built by the loop), never while handling a key or drawing a frame.
#[test]
fn update_and_view_do_no_file_io() {
    let hits = lines_naming(
        &|rel| {
            under(
                rel,
                &[
                    "src/tui/update.rs",
                    "src/tui/update/",
                    "src/tui/view.rs",
                    "src/tui/view/",
                ],
            )
        },
        &[
            "line_text",
            "LineText",
            "FileReader",
            "std::fs",
            "File::open",
            "evidence_text",
            "for_each_text",
            "line_at",
            "idx.text(",
        ],
    );
    assert!(
        hits.is_empty(),
        "update or view reads a log file:\n{}",
        hits.join("\n")
    );
}

/// Applying a live follow poll is domain work done on a worker
/// (`src/tui/worker/follow.rs`): `update` only swaps in the data it built and puts cursors,
/// marks and filters back. It never takes a delta in, builds `Data` or forks an analysis.
#[test]
fn update_does_not_apply_follow_polls() {
    let hits = lines_naming(
        &|rel| under(rel, &["src/tui/update.rs", "src/tui/update/"]),
        &[
            "Data::new",
            "Analysis::apply",
            ".apply(delta",
            ".fork(",
            "FollowJob",
            "Watch",
            "Timeline::build",
        ],
    );
    assert!(
        hits.is_empty(),
        "update applies follow polls itself:\n{}",
        hits.join("\n")
    );
    // The follow path in particular neither re-times nor merges: the worker did.
    let hits = lines_naming(
        &|rel| under(rel, &["src/tui/update/live.rs", "src/tui/update/worker.rs"]),
        &[".retime(", "merge(", "insert(", "Data {"],
    );
    assert!(
        hits.is_empty(),
        "the follow update re-times or merges:\n{}",
        hits.join("\n")
    );
}

/// With `autotests = false` a test file `tests/suite.rs` does not name is never built nor run:
/// each one must be listed there (`wine_smoke` is its own binary, in Cargo.toml).
#[test]
fn every_test_file_is_a_module_of_the_suite() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let suite = std::fs::read_to_string(tests.join("suite.rs")).expect("tests/suite.rs");
    let listed: Vec<&str> = suite
        .lines()
        .filter_map(|l| l.trim().strip_prefix("mod ")?.strip_suffix(';'))
        .collect();
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&tests).expect("tests/") {
        let path = entry.expect("entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let rust = path.extension().is_some_and(|e| e == "rs");
        if rust && !["suite", "wine_smoke"].contains(&stem) && !listed.contains(&stem) {
            missing.push(stem.to_string());
        }
    }
    missing.sort();
    assert!(missing.is_empty(), "not in tests/suite.rs: {missing:?}");
}
