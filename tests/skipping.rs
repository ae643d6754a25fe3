//! The report passes over lines that no sink wants (decided from a hint the parser threads work
//! out) without building their records; the explorer load (`index`) sees every line. Both must
//! find the same handshakes, counts, MRS requests and time spans on realistic traffic that
//! spans many parse blocks.

use hcwlens::analyze::handshake::HandshakeOutcome;
use hcwlens::generate::{GenOptions, generate_tree};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;

fn analyse(dir: &std::path::Path, index: bool) -> Analysis {
    let opts = LoadOptions {
        index,
        ..LoadOptions::default()
    };
    load(&[dir.to_path_buf()], &opts, &NoProgress).expect("load")
}

/// A generated two-server day of `mb` MiB in a temp folder.
fn generated(seed: u64, mb: u64) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        seed,
        bytes: mb << 20,
        servers: 2,
        days: 1,
        ..GenOptions::default()
    };
    generate_tree(&spec, dir.path()).expect("generate");
    dir
}

#[test]
fn skipping_unwanted_lines_changes_no_result() {
    let dir = generated(7, 12);
    let report = analyse(dir.path(), false);
    let full = analyse(dir.path(), true);

    assert!(
        report
            .handshake_summary
            .iter()
            .map(|c| c.count)
            .sum::<u64>()
            > 1000
    );
    assert_eq!(report.handshake_summary, full.handshake_summary);

    let kept: Vec<_> = full
        .handshakes
        .iter()
        .filter(|h| h.outcome != HandshakeOutcome::Success)
        .collect();
    assert!(kept.len() > 10, "the workload has failures");
    assert_eq!(report.handshakes.iter().collect::<Vec<_>>(), kept);

    assert!(!report.mrs.is_empty());
    assert_eq!(report.mrs, full.mrs);
    let spans = |a: &Analysis| a.sources.iter().map(|s| s.span).collect::<Vec<_>>();
    assert_eq!(spans(&report), spans(&full));
    let lines = |a: &Analysis| a.sources.iter().map(|s| s.stats.lines).collect::<Vec<_>>();
    assert_eq!(lines(&report), lines(&full));
}

/// The same on every diagnosis scenario (X-Forwarded-For and client ports, several servers,
/// HCW logs beside IIS) and on the W3C fixtures (mid-file `#Fields` changes, headerless files,
/// HTTPERR).
#[test]
fn skipping_changes_nothing_on_the_scenarios_and_fixtures() {
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let mut dirs: Vec<_> = std::fs::read_dir(root.join("scenarios"))
        .expect("scenarios")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    dirs.push(root.join("w3c"));
    dirs.sort();
    assert!(dirs.len() >= 6);
    for dir in dirs {
        let report = analyse(&dir, false);
        let full = analyse(&dir, true);
        let name = dir.display();
        assert_eq!(report.handshake_summary, full.handshake_summary, "{name}");
        let kept: Vec<_> = full
            .handshakes
            .iter()
            .filter(|h| h.outcome != HandshakeOutcome::Success)
            .collect();
        assert_eq!(report.handshakes.iter().collect::<Vec<_>>(), kept, "{name}");
        assert_eq!(report.mrs, full.mrs, "{name}");
        let ids = |a: &Analysis| a.findings.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&report), ids(&full), "{name}");
        let spans = |a: &Analysis| a.sources.iter().map(|s| s.span).collect::<Vec<_>>();
        assert_eq!(spans(&report), spans(&full), "{name}");
    }
}

/// The explorer's index is filled a block at a time from chunks the parser threads build; it
/// must hold exactly what pushing every record would (numbers, interned fields, the server
/// label when none is logged, zones and skews).
#[test]
fn index_chunks_equal_row_by_row_indexing() {
    use hcwlens::index::{Field, RequestIndex};
    use hcwlens::read::text::LineText;
    use hcwlens::source::SourceId;

    let dir = generated(3, 6);
    let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"));
    let mut dirs = vec![dir.path().to_path_buf(), root.join("w3c")];
    dirs.push(root.join("scenarios/ep-tls-offload"));
    for dir in dirs {
        for skew in [None, Some(7_000i64)] {
            let mut opts = LoadOptions {
                index: true,
                ..LoadOptions::default()
            };
            if let Some(ms) = skew {
                opts.skews = vec![(
                    hcwlens::pipeline::Selector::Kind(hcwlens::source::SourceKind::Iis),
                    ms,
                )];
            }
            let a = load(std::slice::from_ref(&dir), &opts, &NoProgress).expect("load");
            assert!(!a.requests.is_empty(), "{}", dir.display());
            for ix in &a.requests {
                let info = &a.sources[usize::from(ix.source.0)];
                let mut opened = hcwlens::read::open(&info.path).expect("open");
                // Rows that log no `s-computername` take the source's name (a file is one
                // server's log, whatever names its lines give).
                opened.server_label.clone_from(&info.server);
                let mut by_row = RequestIndex::new(SourceId(0), LineText::None);
                let mut sink = |_: SourceId, r: &hcwlens::record::W3cRecord<'_>| {
                    let mut r = *r;
                    r.ts = r.ts.plus_ms(info.skew_ms);
                    by_row.push(&r);
                };
                hcwlens::parse::w3c::W3cParser::new(SourceId(0))
                    .opened(opened, &mut sink)
                    .expect("parse");
                let name = info.path.display();
                assert_eq!(ix.len(), by_row.len(), "{name}");
                for i in 0..ix.len() {
                    assert_eq!(ix.ts(i), by_row.ts(i), "{name} row {i}");
                    assert_eq!(ix.line_no(i), by_row.line_no(i), "{name} row {i}");
                    assert_eq!(ix.offset(i), by_row.offset(i), "{name} row {i}");
                    assert_eq!(ix.status(i), by_row.status(i), "{name} row {i}");
                    assert_eq!(ix.time_taken(i), by_row.time_taken(i), "{name} row {i}");
                    for f in Field::ALL {
                        assert_eq!(ix.field(f, i), by_row.field(f, i), "{name} row {i} {f:?}");
                    }
                }
            }
        }
    }
}
