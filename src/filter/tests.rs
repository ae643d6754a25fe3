use super::*;
use crate::index::{Merged, RequestIndex};
use crate::read::text::LineText;
use crate::record::W3cRecord;
use crate::source::SourceId;
use crate::time::UtcMs;
use proptest::prelude::*;
use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

const LINES: &[&str] = &[
    "2024-11-05 13:23:13 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.0.9 - - 401 2 5 0",
    "2024-11-05 13:23:13 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.0.9 - - 401 1 2148074254 0",
    "2024-11-05 13:23:13 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.0.9 - - 401 1 2148074310 15",
    "2024-11-05 13:23:14 10.0.0.5 GET /owa/ - 443 CONTOSO\\bob 10.0.0.7 Mozilla/5.0 - 200 0 0 31",
    "2024-11-05 13:23:15 10.0.0.5 GET /ecp/ - 443 - 10.0.0.7 Mozilla/5.0 - 302 0 0 4",
];

fn visible(stack: &FilterStack) -> Vec<usize> {
    (0..LINES.len())
        .filter(|&i| stack.matches(i, LINES[i], &NoFields))
        .collect()
}

#[test]
fn include_exclude_toggle_remove() {
    let mut s = FilterStack::new();
    assert_eq!(visible(&s), vec![0, 1, 2, 3, 4]);
    s.push(Rule::regex(RuleKind::Include, "mrsproxy").unwrap());
    assert_eq!(visible(&s), vec![0, 1, 2]);
    s.push(Rule::regex(RuleKind::Exclude, r"401 [12] (5|2148074254)\b").unwrap());
    assert_eq!(visible(&s), vec![2]);
    s.push(Rule::fuzzy(RuleKind::Include, "owa200"));
    assert_eq!(visible(&s), vec![2, 3], "includes are OR-ed");
    assert_eq!(s.toggle(1), Some(false));
    assert_eq!(visible(&s), vec![0, 1, 2, 3]);
    assert!(s.remove(0).is_some());
    assert_eq!(visible(&s), vec![3]);
    assert_eq!(s.toggle(9), None);
    assert!(s.remove(9).is_none());
    assert_eq!(s.toggle(1), Some(false));
    assert!(!s.is_active());
    assert_eq!(visible(&s), vec![0, 1, 2, 3, 4]);
}

#[test]
fn bad_regex_is_an_inline_message() {
    let err = Rule::regex(RuleKind::Include, "(abc").unwrap_err();
    assert_eq!(err, "bad regex: unclosed group");
    assert!(Rule::regex(RuleKind::Include, "").is_err());
    assert!(Rule::regex(RuleKind::Include, "a{99999}{99999}").is_err());
    assert!(Search::new("[z-a]").unwrap_err().starts_with("bad regex: "));
}

#[test]
fn smart_case() {
    let lower = Rule::regex(RuleKind::Include, r"mozilla/\S+").unwrap();
    let upper = Rule::regex(RuleKind::Include, "MOZILLA").unwrap();
    assert!(lower.is_match(0, LINES[3], &NoFields));
    assert!(!upper.is_match(0, LINES[3], &NoFields));
    assert!(FuzzyQuery::new("moz").is_match(LINES[3]));
    assert!(!FuzzyQuery::new("MOZ").is_match(LINES[3]));
    assert!(FuzzyQuery::new("größe").is_match("GRÖSSE größe"));
}

#[test]
fn labels_escape_controls() {
    let r = Rule::regex(RuleKind::Exclude, "a\x1bb").unwrap();
    assert_eq!(r.label(), "- /a\\x1Bb/");
    let f = Rule::field(RuleKind::Include, FilterField::ClientIp, "10.0.0.9");
    assert_eq!(f.label(), "+ ip=10.0.0.9");
    assert_eq!(FilterField::parse("IP"), Some(FilterField::ClientIp));
}

/// Rows with a client id space per row parity, and a status text.
struct Fake {
    resolves: AtomicUsize,
    texts_read: AtomicUsize,
}

impl FieldLookup for Fake {
    fn field_at(&self, row: usize, field: FilterField) -> Option<FieldAt<'_>> {
        match field {
            FilterField::ClientIp => Some(FieldAt::Id {
                space: row % 2,
                id: (row % 3) as u32,
                text: ["", "10.0.0.9", "10.0.0.7"][row % 3],
            }),
            FilterField::Status => Some(FieldAt::Text(Cow::Borrowed(
                ["401 2 5", "401 1 2148074254", "200 0 0"][row % 3],
            ))),
            _ => None,
        }
    }

    fn resolve(&self, field: FilterField, value: &str) -> Vec<Vec<u32>> {
        self.resolves.fetch_add(1, Ordering::Relaxed);
        match (field, value) {
            (FilterField::ClientIp, "10.0.0.9") => vec![vec![1], vec![1]],
            (FilterField::ClientIp, "10.0.0.7") => vec![vec![2], vec![]],
            _ => Vec::new(),
        }
    }
}

fn fake() -> Fake {
    Fake {
        resolves: AtomicUsize::new(0),
        texts_read: AtomicUsize::new(0),
    }
}

#[test]
fn field_rules_compare_ids_per_space() {
    let f = fake();
    let mut s = FilterStack::new();
    s.push(Rule::field(
        RuleKind::Include,
        FilterField::ClientIp,
        "10.0.0.7",
    ));
    let before: Vec<usize> = (0..6).filter(|&r| s.matches(r, "", &f)).collect();
    assert_eq!(before, vec![2, 5], "unresolved: compared by text");
    s.prepare(&f);
    assert_eq!(f.resolves.load(Ordering::Relaxed), 1);
    let after: Vec<usize> = (0..6).filter(|&r| s.matches(r, "", &f)).collect();
    assert_eq!(after, vec![2], "space 1 never saw the value");
    assert!(
        !s.matches(0, "", &NoFields),
        "rows without the field never match"
    );
}

#[test]
fn status_matches_by_leading_parts() {
    let f = fake();
    let rule = |v: &str| Rule::field(RuleKind::Include, FilterField::Status, v);
    let rows = |r: &Rule| {
        (0..3)
            .filter(|&i| r.is_match(i, "", &f))
            .collect::<Vec<_>>()
    };
    assert_eq!(rows(&rule("401")), vec![0, 1]);
    assert_eq!(rows(&rule("401.1")), vec![1]);
    assert_eq!(rows(&rule("401 1 2148074254")), vec![1]);
    assert_eq!(rows(&rule("401 1 2148074254 7")), Vec::<usize>::new());
    assert_eq!(rows(&rule("")), Vec::<usize>::new());
}

#[test]
fn field_only_stacks_never_read_text() {
    let f = fake();
    let mut s = FilterStack::new();
    s.push(Rule::field(RuleKind::Exclude, FilterField::Status, "401"));
    s.prepare(&f);
    let text_of = |_row: usize| -> Cow<'static, str> {
        f.texts_read.fetch_add(1, Ordering::Relaxed);
        Cow::Borrowed("")
    };
    let cancel = AtomicBool::new(false);
    let res = run_filter(9, &text_of, &s, &f, &cancel, 1, &mut |_| {});
    assert_eq!(res.matched, 3);
    assert_eq!(res.hits, vec![6]);
    assert_eq!(f.texts_read.load(Ordering::Relaxed), 0);
}

fn numbered(row: usize) -> Cow<'static, str> {
    Cow::Owned(format!(
        "row {row} status {}",
        if row.is_multiple_of(7) { 500 } else { 200 }
    ))
}

#[test]
fn chunks_arrive_in_order_and_cover_everything() {
    let mut s = FilterStack::new();
    s.push(Rule::regex(RuleKind::Include, "status 500").unwrap());
    let cancel = AtomicBool::new(false);
    for workers in [1, 2, 3] {
        let mut chunks = Vec::new();
        let opts = ScanOptions {
            chunk_rows: 10_000,
            workers,
        };
        let res = run_filter_with(
            opts,
            25_001,
            &numbered,
            &s,
            &NoFields,
            &cancel,
            7,
            &mut |c| chunks.push(c),
        );
        let ranges: Vec<_> = chunks.iter().map(|c| c.rows.clone()).collect();
        assert_eq!(ranges, vec![0..10_000, 10_000..20_000, 20_000..25_001]);
        assert!(chunks.iter().all(|c| c.generation == 7));
        let all: Vec<u32> = chunks.into_iter().flat_map(|c| c.matches).collect();
        let want: Vec<u32> = (0..25_001u32).filter(|r| r % 7 == 0).collect();
        assert_eq!(all, want, "workers={workers}");
        assert_eq!(res.scanned, 25_001);
        assert_eq!(res.matched, want.len());
        assert_eq!(res.hits, vec![want.len() as u64]);
        assert!(!res.cancelled);
    }
}

#[test]
fn cancel_between_chunks_stops_the_scan() {
    let s = FilterStack::new();
    let cancel = AtomicBool::new(false);
    let mut seen = 0;
    let opts = ScanOptions {
        chunk_rows: 100,
        workers: 1,
    };
    let res = run_filter_with(
        opts,
        1_000,
        &numbered,
        &s,
        &NoFields,
        &cancel,
        3,
        &mut |c| {
            seen += 1;
            assert_eq!(c.matches.len(), 100);
            cancel.store(true, Ordering::Relaxed);
        },
    );
    assert_eq!(seen, 1);
    assert!(res.cancelled);
    assert_eq!(res.scanned, 100);
}

#[test]
fn cancel_inside_a_chunk_stops_within_a_slice() {
    let mut s = FilterStack::new();
    s.push(Rule::fuzzy(RuleKind::Include, "row"));
    let cancel = AtomicBool::new(false);
    let reads = AtomicUsize::new(0);
    let text_of = |row: usize| {
        if reads.fetch_add(1, Ordering::Relaxed) == 5_000 {
            cancel.store(true, Ordering::Relaxed);
        }
        numbered(row)
    };
    let opts = ScanOptions {
        chunk_rows: CHUNK_ROWS,
        workers: 1,
    };
    let mut chunks = 0;
    let res = run_filter_with(
        opts,
        1_000_000,
        &text_of,
        &s,
        &NoFields,
        &cancel,
        9,
        &mut |_| chunks += 1,
    );
    assert!(res.cancelled);
    assert_eq!(chunks, 0, "the interrupted chunk is not delivered");
    assert!(reads.load(Ordering::Relaxed) <= 5_000 + 1_024 + 1);
}

#[test]
fn search_ranges_for_highlighting() {
    let s = Search::new("401 [12]").unwrap();
    let at = LINES[1].find("401 1").unwrap();
    assert_eq!(s.find_ranges(LINES[1]), vec![at..at + 5]);
    let empty = Search::new("x*").unwrap();
    assert!(empty.find_ranges("abc").is_empty());
    let lit = Search::literal("a.b").unwrap();
    assert_eq!(lit.find_ranges("axb a.b A.B"), vec![4..7, 8..11]);
    assert_eq!(lit.find_from("a.b a.b", 1), Some(4..7));
    assert_eq!(lit.find_from("é", 1), None);
}

#[test]
fn fuzzy_pick_orders_by_score_then_length() {
    let uris = [
        "/EWS/Exchange.asmx",
        "/EWS/mrsproxy.svc",
        "/Microsoft-Server-ActiveSync",
        "/mapi/emsmdb/",
        "/EWS/mrsproxy.svc/extra",
    ];
    let picked = fuzzy_pick("mrsprx", &uris, 10);
    let order: Vec<usize> = picked.iter().map(|p| p.0).collect();
    assert_eq!(order, vec![1, 4]);
    assert!(picked[0].1 >= picked[1].1);
    let chars: Vec<char> = uris[1].chars().collect();
    let hit: String = picked[0].2.iter().map(|&i| chars[i]).collect();
    assert_eq!(hit, "mrsprx");
    assert_eq!(
        fuzzy_pick("", &uris, 2),
        vec![(0, 0, vec![]), (1, 0, vec![])]
    );
    assert_eq!(fuzzy_pick("ews", &uris, 1).len(), 1);
    assert!(fuzzy_pick("zzz", &uris, 5).is_empty());
}

#[test]
fn merged_fields_use_interned_ids() {
    let rec = |line: u64, ip: &'static str, user: &'static str, status: u16| W3cRecord {
        line,
        ts: UtcMs(line as i64 * 1000),
        client_ip: ip,
        username: user,
        uri_stem: "/EWS/mrsproxy.svc",
        status: Some(status),
        substatus: Some(1),
        win32: Some(2148074310),
        ..Default::default()
    };
    let mut a = RequestIndex::new(SourceId(0), LineText::None);
    a.push(&rec(1, "10.0.0.9", "-", 401));
    a.push(&rec(3, "10.0.0.7", "CONTOSO\\bob", 200));
    let mut b = RequestIndex::new(SourceId(1), LineText::None);
    b.push(&rec(2, "10.0.0.7", "-", 401));
    let indexes = [std::sync::Arc::new(a), std::sync::Arc::new(b)];
    let merged = Merged::build(&indexes);
    let fields = MergedFields {
        indexes: &indexes,
        merged: &merged,
        machines: &[],
        sources: &[],
    };
    let mut s = FilterStack::new();
    s.push(Rule::field(
        RuleKind::Include,
        FilterField::ClientIp,
        "10.0.0.7",
    ));
    s.push(Rule::field(RuleKind::Exclude, FilterField::User, "-"));
    s.prepare(&fields);
    let rows: Vec<usize> = (0..3).filter(|&r| s.matches(r, "", &fields)).collect();
    assert_eq!(rows, vec![2], "row 1 (index b) is 10.0.0.7 but has no user");
    let mut s = FilterStack::new();
    s.push(Rule::field(RuleKind::Include, FilterField::Status, "401.1"));
    let rows: Vec<usize> = (0..3).filter(|&r| s.matches(r, "", &fields)).collect();
    assert_eq!(rows, vec![0, 1]);
}

proptest! {
    #[test]
    fn scan_equals_row_by_row(
        lines in proptest::collection::vec("[a-e ]{0,12}", 0..300),
        inc in "[a-e]{1,2}",
        exc in "[a-e]{1,2}",
        chunk in 1usize..64,
        workers in 1usize..4,
    ) {
        let mut s = FilterStack::new();
        s.push(Rule::regex(RuleKind::Include, &inc).unwrap());
        s.push(Rule::fuzzy(RuleKind::Exclude, &exc));
        let text_of = |r: usize| Cow::Borrowed(lines[r].as_str());
        let cancel = AtomicBool::new(false);
        let mut got = Vec::new();
        let opts = ScanOptions { chunk_rows: chunk, workers };
        let res = run_filter_with(opts, lines.len(), &text_of, &s, &NoFields, &cancel, 0, &mut |c| {
            got.extend(c.matches)
        });
        let want: Vec<u32> = (0..lines.len())
            .filter(|&r| s.matches(r, &lines[r], &NoFields))
            .map(|r| r as u32)
            .collect();
        prop_assert_eq!(&got, &want);
        prop_assert_eq!(res.matched, want.len());
    }
}

proptest! {
    #[test]
    fn ascii_fuzzy_agrees_with_char_walk(text in "[a-zA-Zé ]{0,30}", q in "[a-zA-Z]{1,4}") {
        let fast = FuzzyQuery::new(&q).is_match(&text);
        let sensitive = q.chars().any(char::is_uppercase);
        let norm = |c: char| if sensitive { c } else { c.to_ascii_lowercase() };
        let mut want = q.chars().map(norm).peekable();
        for c in text.chars().map(norm) {
            if want.peek() == Some(&c) {
                want.next();
            }
        }
        prop_assert_eq!(fast, want.peek().is_none());
    }
}
