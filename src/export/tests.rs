use super::*;
use crate::source::{SourceKind, SourceStats, TextEncoding, ZoneOrigin};

fn source(id: u16, path: &str) -> SourceInfo {
    SourceInfo {
        id: SourceId(id),
        path: path.into(),
        kind: SourceKind::Iis,
        encoding: TextEncoding::Utf8,
        server: "EX01".into(),
        zone: ZoneSpec::Fixed(0),
        zone_origin: ZoneOrigin::Utc,
        skew_ms: 0,
        stats: SourceStats::default(),
        span: None,
    }
}

#[test]
fn consecutive_lines_of_one_source_share_a_block() {
    let sources = [
        source(0, "/logs/W3SVC1/u_ex241105.log"),
        source(1, "/x/u_ex2.log"),
    ];
    let items = [
        ExportItem::Line {
            source: SourceId(0),
            line: 7,
            text: "a b c",
        },
        ExportItem::Line {
            source: SourceId(0),
            line: 9,
            text: "d e f\r",
        },
        ExportItem::Line {
            source: SourceId(1),
            line: 1,
            text: "g",
        },
    ];
    let out = marked_markdown(&items, &sources, &ZoneSpec::Fixed(0), &|_| None);
    assert_eq!(
        out,
        "`u_ex241105.log` lines 7, 9 (`EX01`, IIS, clock UTC):\n\n```text\na b c\nd e f\n```\n\
         \n---\n\n\
         `u_ex2.log:1` (`EX01`, IIS, clock UTC):\n\n```text\ng\n```\n"
    );
}

#[test]
fn unknown_source_is_named_by_id() {
    let out = marked_markdown(
        &[ExportItem::Line {
            source: SourceId(4),
            line: 2,
            text: "x",
        }],
        &[],
        &ZoneSpec::Fixed(0),
        &|_| None,
    );
    assert!(out.starts_with("`source #4:2`:\n\n"), "{out}");
}
