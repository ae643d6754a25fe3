//! Filters in the explorer without a terminal: the rule stack (live regex, bad regex, toggle,
//! remove), quick field filters, the fuzzy finder, hit counts, stale scans, and search inside a
//! filtered pane. Scans run synchronously through the real filter job.

use crate::scenario;

use hcwlens::filter::{CandidateKind, RuleKind};
use hcwlens::index::Field;
use hcwlens::tui::keymap::Mode;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::overlay::Overlay;
use hcwlens::tui::model::pane::PaneId;
use hcwlens::tui::model::row::RowRef;
use hcwlens::tui::msg::Msg;
use hcwlens::tui::view::status::status_line;
use hcwlens::tui::view::theme::Theme;
use hcwlens::tui::worker::WorkerMsg;
use hcwlens::tui::worker::scan::{self, FilterJob};
use scenario::*;
use std::sync::atomic::AtomicBool;

fn iis_rows(m: &Model) -> Vec<usize> {
    (0..m.pane_len(PaneId::Iis))
        .map(|p| match m.row_at(PaneId::Iis, p) {
            Some(RowRef::Iis(_, r)) => r as usize,
            other => panic!("not an IIS row: {other:?}"),
        })
        .collect()
}

fn iis_line_at(m: &Model) -> u64 {
    match m.cursor_row(PaneId::Iis) {
        Some(RowRef::Iis(k, r)) => m.data.analysis.requests[k as usize].line_no(r as usize),
        other => panic!("no IIS cursor: {other:?}"),
    }
}

fn status(m: &Model) -> String {
    status_line(m, &Theme::new(false))
        .spans
        .iter()
        .map(|s| s.content.to_string())
        .collect()
}

/// Rows of the scenario whose line text matches, computed from the rows themselves.
fn rows_where(
    pred: impl Fn(&(&str, &str, &str, &str, &str, &str, u16, u16, u32, u32)) -> bool,
) -> Vec<usize> {
    ROWS.iter()
        .enumerate()
        .filter(|(_, r)| pred(r))
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn quick_filter_on_the_agent_ip_keeps_its_requests_and_removing_it_restores_the_view() {
    let mut m = model(80, 24);
    press(&mut m, &["]"]);
    assert_eq!(m.focus, PaneId::Iis);
    let on = iis_line_at(&m);
    press(&mut m, &["c"]);
    assert_eq!(m.mode(), Mode::Quick);
    press(&mut m, &["i"]);
    assert_eq!(m.mode(), Mode::Normal);
    let agent = rows_where(|r| r.1 == "10.0.5.20");
    assert_eq!(agent.len(), 3);
    assert_eq!(iis_rows(&m), agent, "only the Hybrid Agent's requests");
    assert_eq!(iis_line_at(&m), on, "the cursor stays on its line");
    let rule = &m.filter(PaneId::Iis).stack.rules()[0];
    assert_eq!(rule.label(), "+ ip=10.0.5.20");
    assert_eq!(rule.hits, 3);
    let s = status(&m);
    assert!(s.contains(&format!("IIS 3 of {} lines", ROWS.len())), "{s}");
    assert_eq!(
        m.pane_len(PaneId::Hcw),
        m.data.analysis.hcw.len(),
        "HCW untouched"
    );

    press(&mut m, &["L"]);
    assert_eq!(m.mode(), Mode::Filters);
    press(&mut m, &["d"]);
    assert_eq!(m.overlay, None, "the list closes with its last rule");
    assert_eq!(m.pane_len(PaneId::Iis), ROWS.len());
    assert_eq!(iis_line_at(&m), on);
    assert!(!status(&m).contains("of 18 lines"));
}

#[test]
fn capital_letter_in_the_quick_menu_hides_the_value() {
    let mut m = model(80, 24);
    press(&mut m, &["]", "c", "I"]);
    assert_eq!(iis_rows(&m), rows_where(|r| r.1 != "10.0.5.20"));
    assert_eq!(
        m.filter(PaneId::Iis).stack.rules()[0].kind,
        RuleKind::Exclude
    );
    assert!(
        m.cursor_row(PaneId::Iis).is_some(),
        "the cursor lands on the nearest visible line"
    );
}

#[test]
fn quick_filter_on_a_cmdlet_in_the_hcw_pane() {
    let mut m = model(80, 24);
    press(&mut m, &["c"]);
    let Some(Overlay::Quick { row }) = m.overlay else {
        panic!("no quick menu: {:?}", m.overlay)
    };
    let keys: Vec<char> = hcwlens::tui::update::quick::choices(&m, row)
        .iter()
        .map(|c| c.key)
        .collect();
    assert_eq!(keys, ['c', 't'], "cmdlet and thread of the START entry");
    press(&mut m, &["c"]);
    let want = m
        .data
        .analysis
        .hcw
        .iter()
        .filter(|e| e.ctx("Cmdlet") == Some("Test-MigrationServerAvailability"))
        .count();
    assert_eq!(want, 2);
    assert_eq!(m.pane_len(PaneId::Hcw), want);
    assert_eq!(m.pane_len(PaneId::Iis), ROWS.len(), "IIS untouched");
}

#[test]
fn regex_filters_apply_while_typing_and_a_bad_regex_is_a_message() {
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>", "i"]);
    assert_eq!(m.mode(), Mode::Input);
    type_text(&mut m, "mapi");
    let mapi = rows_where(|r| r.3.contains("mapi"));
    assert_eq!(iis_rows(&m), mapi, "applied while typing");
    type_text(&mut m, "(");
    let err = m.input.as_ref().and_then(|i| i.error.clone());
    assert_eq!(err.as_deref(), Some("bad regex: unclosed group"));
    assert_eq!(iis_rows(&m), mapi, "the last good pattern stays applied");
    press(&mut m, &["<Enter>"]);
    assert_eq!(
        m.mode(),
        Mode::Input,
        "Enter on a bad regex keeps the input"
    );
    press(&mut m, &["<Backspace>", "<Enter>"]);
    assert_eq!(m.mode(), Mode::Normal);
    assert_eq!(m.filter(PaneId::Iis).stack.len(), 1);

    press(&mut m, &["x"]);
    type_text(&mut m, "401");
    let mapi_ok = rows_where(|r| r.3.contains("mapi") && r.6 != 401);
    assert_eq!(iis_rows(&m), mapi_ok);
    press(&mut m, &["<Esc>"]);
    assert_eq!(iis_rows(&m), mapi, "Esc drops the rule being typed");
    assert_eq!(m.filter(PaneId::Iis).stack.len(), 1);

    press(&mut m, &["x"]);
    type_text(&mut m, "401");
    press(&mut m, &["<Enter>", "L"]);
    let hits: Vec<u64> = m
        .filter(PaneId::Iis)
        .stack
        .rules()
        .iter()
        .map(|r| r.hits)
        .collect();
    assert_eq!(
        hits,
        [mapi.len() as u64, rows_where(|r| r.6 == 401).len() as u64],
        "each rule counts every line it matches"
    );
    press(&mut m, &["<Space>"]);
    assert!(!m.filter(PaneId::Iis).stack.rules()[0].enabled);
    assert_eq!(
        iis_rows(&m),
        rows_where(|r| r.6 != 401),
        "include switched off"
    );
    press(&mut m, &["j", "d"]);
    assert_eq!(m.filter(PaneId::Iis).stack.len(), 1);
    assert_eq!(
        m.pane_len(PaneId::Iis),
        ROWS.len(),
        "only a disabled rule left"
    );
    press(&mut m, &["<Space>"]);
    assert_eq!(iis_rows(&m), mapi, "switched on again");
    press(&mut m, &["<Esc>", "X"]);
    assert!(m.filter(PaneId::Iis).stack.is_empty());
    assert_eq!(m.pane_len(PaneId::Iis), ROWS.len());
}

#[test]
fn the_fuzzy_finder_lists_every_fields_values_by_count_and_filters_to_the_pick() {
    let mut m = model(80, 24);
    press(&mut m, &["f"]);
    assert_eq!(m.mode(), Mode::Picker);
    let Some(Overlay::Picker(p)) = &m.overlay else {
        panic!()
    };
    assert_eq!(p.scope, None, "every field at once");
    let idx = &m.data.analysis.requests[0];
    let mut distinct: Vec<&str> = (0..idx.len())
        .map(|r| idx.field(Field::Client, r))
        .collect();
    distinct.sort_unstable();
    distinct.dedup();
    let ips: Vec<(&str, u64)> = p
        .all
        .iter()
        .filter(|c| c.kind == CandidateKind::Ip)
        .map(|c| (c.value.as_str(), c.count))
        .collect();
    assert_eq!(ips.len(), distinct.len());
    let busiest = rows_where(|r| r.1 == "10.0.1.15").len() as u64;
    assert_eq!(ips[0], ("10.0.1.15", busiest), "most frequent first");
    let kinds: Vec<CandidateKind> = p.kinds();
    for k in [
        CandidateKind::Ip,
        CandidateKind::User,
        CandidateKind::Uri,
        CandidateKind::Cmdlet,
        CandidateKind::Server,
        CandidateKind::Failure,
    ] {
        assert!(kinds.contains(&k), "{k:?} offered: {kinds:?}");
    }
    type_text(&mut m, "5.20");
    let Some(Overlay::Picker(p)) = &m.overlay else {
        panic!()
    };
    let c = p.chosen().expect("a pick");
    assert_eq!((c.kind, c.value.as_str()), (CandidateKind::Ip, "10.0.5.20"));
    press(&mut m, &["<Enter>"]);
    assert_eq!(m.overlay, None);
    assert_eq!(m.focus, PaneId::Iis, "the value's pane gets the focus");
    assert_eq!(iis_rows(&m), rows_where(|r| r.1 == "10.0.5.20"));

    press(&mut m, &["f", "<Tab>", "<Tab>"]);
    let Some(Overlay::Picker(p)) = &m.overlay else {
        panic!()
    };
    assert_eq!(p.scope, Some(CandidateKind::User), "Tab keeps one field");
    assert!(
        p.hits.iter().any(|&i| p.all[i].value == "-"),
        "no user is a value too"
    );
    type_text(&mut m, "asmith");
    press(&mut m, &["<Enter>"]);
    assert_eq!(
        iis_rows(&m),
        rows_where(|r| r.1 == "10.0.5.20" || r.4 == "CONTOSO\\asmith"),
        "include rules are alternatives"
    );

    press(&mut m, &["f"]);
    type_text(&mut m, "cmdlet test-mig");
    let Some(Overlay::Picker(p)) = &m.overlay else {
        panic!()
    };
    let hits: Vec<(CandidateKind, &str, u64)> = p
        .hits
        .iter()
        .map(|&i| (p.all[i].kind, p.all[i].value.as_str(), p.all[i].count))
        .collect();
    assert_eq!(
        hits,
        vec![(CandidateKind::Cmdlet, "Test-MigrationServerAvailability", 2)],
        "a field name first keeps that field; START and FINISH are its lines"
    );
    press(&mut m, &["<Enter>"]);
    assert_eq!(m.focus, PaneId::Hcw);
    assert_eq!(m.pane_len(PaneId::Hcw), 2);
}

#[test]
fn a_failure_name_filters_to_the_legs_that_failed_with_it() {
    let mut m = model(80, 24);
    press(&mut m, &["f"]);
    type_text(&mut m, "bad_bind");
    let Some(Overlay::Picker(p)) = &m.overlay else {
        panic!()
    };
    let c = p.chosen().expect("the failure").clone();
    assert_eq!(c.kind, CandidateKind::Failure);
    assert!(
        c.value.starts_with("SEC_E_BAD_BINDINGS 401.1"),
        "{}",
        c.value
    );
    press(&mut m, &["<Enter>"]);
    assert_eq!(
        iis_rows(&m),
        rows_where(|r| r.8 == 2_148_074_310),
        "the lines that failed with it"
    );
}

#[test]
fn the_candidates_are_built_once_per_load() {
    let mut m = model(80, 24);
    press(&mut m, &["f", "<Esc>", "f"]);
    type_text(&mut m, "10");
    press(&mut m, &["<Esc>", "f", "<Esc>"]);
    assert_eq!(m.finder.built, 1);
}

#[test]
fn a_stale_scan_result_is_dropped() {
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>", "i"]);
    type_text(&mut m, "owa");
    let stale = FilterJob::new(&m, PaneId::Iis, true);
    type_text(&mut m, "/ ");
    let want = rows_where(|r| r.3 == "/owa/");
    assert_eq!(iis_rows(&m), want);
    let old = scan::filter(&stale, &AtomicBool::new(false), &mut |_| {}).unwrap();
    assert!(old.generation < m.filter(PaneId::Iis).generation);
    send(&mut m, Msg::Worker(WorkerMsg::Filtered(Box::new(old))));
    assert_eq!(iis_rows(&m), want, "the older generation changed nothing");
    let cancelled = scan::filter(&stale, &AtomicBool::new(true), &mut |_| {});
    assert!(cancelled.is_none(), "a raised cancel flag stops the scan");
}

#[test]
fn search_inside_a_filtered_pane_counts_and_highlights_visible_matches() {
    let mut m = model(80, 24);
    press(&mut m, &["]", "c", "i", "/"]);
    type_text(&mut m, "2148074");
    press(&mut m, &["<Enter>"]);
    let Some(hcwlens::tui::model::search::SearchState::Done { matches }) =
        m.search.run.as_ref().map(|r| &r.state)
    else {
        panic!("search not done")
    };
    assert_eq!(matches.len(), 2, "two of the agent's three legs");
    // The position once: the note says it, the search part steps aside.
    assert!(status(&m).starts_with("Match 2 of 2 |"), "{}", status(&m));
    press(&mut m, &["L", "d", "<Esc>"]);
    let Some(hcwlens::tui::model::search::SearchState::Done { matches }) =
        m.search.run.as_ref().map(|r| &r.state)
    else {
        panic!("search not re-run")
    };
    assert_eq!(
        matches.len(),
        rows_where(|r| r.8.to_string().contains("2148074")).len(),
        "re-counted over the whole pane once the filter is gone"
    );
}

#[test]
fn the_finder_puts_values_containing_the_typed_text_first() {
    let mut m = model(80, 24);
    press(&mut m, &["f"]);
    type_text(&mut m, "15");
    let Some(Overlay::Picker(p)) = &m.overlay else {
        panic!()
    };
    assert_eq!(p.chosen().map(|c| c.value.as_str()), Some("10.0.1.15"));
    let shown: Vec<&str> = p.hits.iter().map(|&i| p.all[i].value.as_str()).collect();
    assert!(
        shown.contains(&"10.0.5.20"),
        "fuzzy matches still listed: {shown:?}"
    );
}

#[test]
fn jumps_skip_lines_the_filter_hides_and_say_so_when_asked_for_one() {
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>", "i"]);
    type_text(&mut m, "mapi");
    press(&mut m, &["<Enter>", "<BackTab>", "]"]);
    let h = m.current_handshake().expect("a visible handshake");
    assert!(
        m.data.analysis.handshakes[h].uri.contains("mapi"),
        "the hidden mrsproxy handshake is skipped"
    );
    press(&mut m, &["g", "e"]);
    assert_eq!(m.focus, PaneId::Hcw, "the hidden failed leg is no stop");
    let ev = m.data.analysis.findings[0].evidence[0];
    let row = m.data.row_of(ev.source, ev.line).unwrap();
    assert!(!hcwlens::tui::update::jump::goto(&mut m, row));
    let note = m.note.as_ref().unwrap().text.clone();
    assert!(note.contains("hidden by the IIS filter"), "{note}");
}

#[test]
fn a_clock_nudge_keeps_the_filtered_rows_in_the_new_order() {
    let mut m = model(80, 24);
    press(&mut m, &["]", "c", "i"]);
    let before = iis_line_at(&m);
    press(&mut m, &["+", "+", ">"]);
    assert_eq!(m.clock.offset(IIS), 3_602_000);
    assert_eq!(iis_rows(&m), rows_where(|r| r.1 == "10.0.5.20"));
    assert_eq!(iis_line_at(&m), before);
}

mod properties {
    use super::*;
    use hcwlens::filter::{MergedFields, Rule};
    use hcwlens::index::RequestIndex;
    use hcwlens::read::text::LineText;
    use hcwlens::record::W3cRecord;
    use hcwlens::time::UtcMs;
    use proptest::prelude::*;

    const IPS: [&str; 4] = ["10.0.5.20", "10.0.1.15", "10.0.1.22", "10.9.9.9"];
    const URIS: [&str; 3] = ["/EWS/mrsproxy.svc", "/mapi/emsmdb/", "/owa/"];

    #[derive(Debug, Clone)]
    enum Op {
        /// Quick filter on a field of the n-th visible row (capital: exclude).
        Quick(usize, char, bool),
        Toggle(usize),
        Remove(usize),
        /// New rows: (ip, uri, status) each.
        Append(Vec<(usize, usize, bool)>),
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            (
                0usize..30,
                prop::sample::select(vec!['i', 'u', 's', 'm']),
                any::<bool>()
            )
                .prop_map(|(n, c, x)| Op::Quick(n, c, x)),
            (0usize..4).prop_map(Op::Toggle),
            (0usize..4).prop_map(Op::Remove),
            prop::collection::vec((0usize..4, 0usize..3, any::<bool>()), 1..5).prop_map(Op::Append),
        ]
    }

    /// The rows the domain's own matcher keeps, in pane order.
    fn expected(m: &Model) -> Vec<(u16, u32)> {
        let mut stack = m.filter(PaneId::Iis).stack.clone();
        let merged = &m.timeline.merged;
        let fields = MergedFields {
            indexes: &m.data.analysis.requests,
            merged,
            machines: &m.data.analysis.machines,
            sources: &m.data.analysis.sources,
        };
        stack.prepare(&fields);
        merged
            .iter()
            .enumerate()
            .filter(|&(pos, _)| !stack.is_active() || stack.matches(pos, "", &fields))
            .map(|(_, row)| row)
            .collect()
    }

    fn hits(m: &Model) -> Vec<u64> {
        let f = m.filter(PaneId::Iis);
        f.stack
            .rules()
            .iter()
            .filter(|r| r.enabled)
            .map(|r: &Rule| r.hits)
            .collect()
    }

    /// Rows each enabled rule matches on its own, counted over the whole pane.
    fn counted(m: &Model) -> Vec<u64> {
        let mut stack = m.filter(PaneId::Iis).stack.clone();
        let merged = &m.timeline.merged;
        let fields = MergedFields {
            indexes: &m.data.analysis.requests,
            merged,
            machines: &m.data.analysis.machines,
            sources: &m.data.analysis.sources,
        };
        stack.prepare(&fields);
        stack
            .rules()
            .iter()
            .filter(|r| r.enabled)
            .map(|r| {
                (0..merged.len())
                    .filter(|&p| r.is_match(p, "", &fields))
                    .count() as u64
            })
            .collect()
    }

    fn shown(m: &Model) -> Vec<(u16, u32)> {
        (0..m.pane_len(PaneId::Iis))
            .filter_map(|p| match m.row_at(PaneId::Iis, p) {
                Some(RowRef::Iis(k, r)) => Some((k, r)),
                _ => None,
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn the_pane_shows_what_the_stack_matches_through_edits_and_appends(
            ops in prop::collection::vec(op(), 1..10)
        ) {
            let mut m = model(80, 24);
            press(&mut m, &["<Tab>"]);
            let mut next_line = iis_line(ROWS.len() - 1) + 1;
            let mut second = 0u32;
            for op in ops {
                match op {
                    Op::Quick(n, c, exclude) => {
                        let len = m.pane_len(PaneId::Iis);
                        if len == 0 {
                            continue;
                        }
                        hcwlens::tui::update::navigate::to(&mut m, PaneId::Iis, n % len);
                        let key = if exclude { c.to_ascii_uppercase() } else { c };
                        press(&mut m, &["c", &key.to_string()]);
                        press(&mut m, &["<Esc>"]);
                        prop_assert_eq!(m.overlay.clone(), None);
                    }
                    Op::Toggle(i) | Op::Remove(i) if hcwlens::tui::update::filter::count(&m) > 0 => {
                        let n = hcwlens::tui::update::filter::count(&m);
                        press(&mut m, &["L"]);
                        for _ in 0..(i % n) {
                            press(&mut m, &["j"]);
                        }
                        let key = if matches!(op, Op::Toggle(_)) { "<Space>" } else { "d" };
                        press(&mut m, &[key, "<Esc>"]);
                    }
                    Op::Toggle(_) | Op::Remove(_) => {}
                    Op::Append(rows) => {
                        let mut idx = RequestIndex::new(IIS, LineText::None);
                        for (ip, uri, ok) in rows {
                            second += 1;
                            idx.push(&W3cRecord {
                                line: next_line,
                                ts: UtcMs::from_civil(2024, 11, 5, 13, 30, second % 60, 0).unwrap_or_default(),
                                method: "POST",
                                client_ip: IPS[ip],
                                uri_stem: URIS[uri],
                                status: Some(if ok { 200 } else { 401 }),
                                substatus: Some(if ok { 0 } else { 1 }),
                                win32: Some(0),
                                ..Default::default()
                            });
                            next_line += 1;
                        }
                        let info = m.data.analysis.sources.iter().find(|s| s.id == IIS).unwrap().clone();
                        let delta = hcwlens::pipeline::Delta {
                            changes: vec![hcwlens::pipeline::SourceChange {
                                info,
                                how: hcwlens::pipeline::Change::Appended,
                                text: None,
                                rows: Some(idx),
                                hcw: None,
                                proxy: None,
                            }],
                            ..Default::default()
                        };
                        follow(&mut m, vec![delta]);
                    }
                }
                prop_assert_eq!(shown(&m), expected(&m));
                prop_assert!(m.filter(PaneId::Iis).hits_known() || !m.filter(PaneId::Iis).is_active());
                prop_assert_eq!(hits(&m), counted(&m));
            }
        }
    }
}
