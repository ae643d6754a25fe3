//! Live follow: the model applying what a poll found (new W3C rows, an HCW log parsed again, a
//! rotated file, a vanished one), and the watcher itself on real files in a temp folder.

#![allow(clippy::unwrap_used)]

use crate::scenario;

use hcwlens::index::{Field, RequestIndex};
use hcwlens::pipeline::{Change, Delta, Follow, FollowNote, LoadOptions, SourceChange};
use hcwlens::progress::NoProgress;
use hcwlens::read::text::LineText;
use hcwlens::record::{HcwEntry, HcwLevel, W3cRecord};
use hcwlens::time::UtcMs;
use hcwlens::tui::live::Watch;
use hcwlens::tui::model::Model;
use hcwlens::tui::model::data::Data;
use hcwlens::tui::model::live::LiveUpdate;
use hcwlens::tui::model::marks::Mark;
use hcwlens::tui::model::pane::PaneId;
use hcwlens::tui::model::row::RowRef;
use hcwlens::tui::msg::Msg;
use hcwlens::tui::view::view;
use hcwlens::tui::worker::WorkerMsg;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use scenario::*;
use std::io::Write;
use std::path::{Path, PathBuf};

fn screen(m: &Model) -> Vec<String> {
    let mut t = Terminal::new(TestBackend::new(m.size.0, m.size.1)).unwrap();
    t.draw(|f| view(m, f)).unwrap();
    let buf = t.backend().buffer().clone();
    (0..buf.area.height)
        .map(|y| (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

/// Two agent requests after the loaded ones, as a poll would deliver them.
fn appended() -> RequestIndex {
    let mut idx = RequestIndex::new(IIS, LineText::None);
    let last = iis_line(ROWS.len() - 1);
    for (i, status) in [(1u64, 401u16), (2, 200)] {
        idx.push(&W3cRecord {
            line: last + i,
            offset: 10_000 + i,
            ts: UtcMs::from_civil(2024, 11, 5, 13, 26, i as u32, 0).unwrap(),
            server: "EX01",
            method: "POST",
            uri_stem: "/EWS/Exchange.asmx",
            client_ip: "10.0.5.20",
            status: Some(status),
            substatus: Some(0),
            win32: Some(0),
            ..Default::default()
        });
    }
    idx
}

/// A poll's delta for one source of the model's data.
fn change(m: &Model, source: hcwlens::source::SourceId, how: Change) -> SourceChange {
    let info = m
        .data
        .analysis
        .sources
        .iter()
        .find(|s| s.id == source)
        .unwrap()
        .clone();
    SourceChange {
        info,
        how,
        text: None,
        rows: None,
        hcw: None,
        proxy: None,
    }
}

/// Rows appended to the IIS source, as a poll would hand them over.
fn rows_arrived(m: &Model, rows: RequestIndex) -> LiveUpdate {
    Delta {
        changes: vec![SourceChange {
            rows: Some(rows),
            ..change(m, IIS, Change::Appended)
        }],
        ..Delta::default()
    }
}

fn live(m: &mut Model, updates: Vec<LiveUpdate>) {
    follow(m, updates);
}

#[test]
fn new_rows_appear_marked_new_and_a_cursor_at_the_end_follows() {
    let mut m = model(80, 24);
    send(&mut m, Msg::Worker(WorkerMsg::Following(2)));
    press(&mut m, &["<Tab>", "G"]);
    let update = rows_arrived(&m, appended());
    live(&mut m, vec![update]);
    assert_eq!(m.pane_len(PaneId::Iis), ROWS.len() + 2);
    let Some(RowRef::Iis(k, r)) = m.cursor_row(PaneId::Iis) else {
        panic!()
    };
    let idx = &m.data.analysis.requests[k as usize];
    assert_eq!(
        idx.line_no(r as usize),
        iis_line(ROWS.len() - 1) + 2,
        "tailing"
    );
    assert_eq!(idx.field(Field::Uri, r as usize), "/EWS/Exchange.asmx");
    let rows = screen(&m);
    let new: Vec<&String> = rows
        .iter()
        .filter(|l| l.contains("Exchange.asmx"))
        .collect();
    assert_eq!(
        new.len(),
        3,
        "the two new rows and the 13:23:25 one:\n{rows:#?}"
    );
    let flagged = new.iter().filter(|l| l.as_bytes()[1] == b'+').count();
    assert_eq!(flagged, 2, "only the new rows carry +");
    let status = &rows[22];
    assert!(status.contains("following, 2 new"), "{status}");
    press(&mut m, &["P"]);
    assert!(screen(&m)[22].contains("follow paused, 2 new"));
}

#[test]
fn an_active_filter_scans_only_the_new_rows() {
    let mut m = model(80, 24);
    press(&mut m, &["]", "c", "i"]);
    assert_eq!(m.pane_len(PaneId::Iis), 3);
    let mut more = appended();
    more.push(&W3cRecord {
        line: iis_line(ROWS.len() - 1) + 3,
        ts: UtcMs::from_civil(2024, 11, 5, 13, 27, 0, 0).unwrap(),
        client_ip: "10.0.1.15",
        ..Default::default()
    });
    let update = rows_arrived(&m, more);
    live(&mut m, vec![update]);
    assert_eq!(
        m.pane_len(PaneId::Iis),
        5,
        "the agent's two new requests join"
    );
    assert_eq!(m.filter(PaneId::Iis).stack.rules()[0].hits, 5);
    assert_eq!(m.base_len(PaneId::Iis), ROWS.len() + 3);
}

#[test]
fn a_job_reading_the_data_does_not_hold_up_new_rows_and_keeps_its_rows() {
    let mut m = model(80, 24);
    let held = m.data.clone();
    let update = rows_arrived(&m, appended());
    live(&mut m, vec![update]);
    assert_eq!(
        m.pane_len(PaneId::Iis),
        ROWS.len() + 2,
        "swapped in at once"
    );
    assert_eq!(
        held.analysis.requests[0].len(),
        ROWS.len(),
        "the data a job reads is not changed under it"
    );
    assert!(!std::sync::Arc::ptr_eq(&held, &m.data));
}

#[test]
fn a_changed_hcw_log_replaces_its_entries_and_keeps_marks_and_cursor() {
    let mut m = model(80, 24);
    press(&mut m, &["m"]);
    assert_eq!(m.marks.list, vec![Mark::Call(0)]);
    let mut entries: Vec<HcwEntry> = m.data.analysis.hcw.clone();
    let local = UtcMs::from_civil(2024, 11, 5, 14, 26, 0, 0).unwrap();
    entries.push(HcwEntry {
        source: HCW,
        line: 18,
        end_line: 18,
        local,
        ts: local.plus_ms(-3_600_000),
        level: HcwLevel::Error,
        event_id: Some(10165),
        message: "Hybrid configuration failed".into(),
        ..Default::default()
    });
    let calls = hcwlens::analyze::cmdlet::pair_cmdlets(&entries);
    let update = Delta {
        changes: vec![SourceChange {
            hcw: Some((entries, calls, None)),
            ..change(&m, HCW, Change::Replaced)
        }],
        ..Delta::default()
    };
    live(&mut m, vec![update]);
    assert_eq!(m.pane_len(PaneId::Hcw), 11);
    assert_eq!(m.data.analysis.cmdlets.len(), 1, "calls paired again");
    assert_eq!(m.marks.list, vec![Mark::Call(0)]);
    let Some(RowRef::Hcw(e)) = m.cursor_row(PaneId::Hcw) else {
        panic!()
    };
    assert_eq!(m.data.analysis.hcw[e as usize].line, 6, "cursor kept");
    assert!(m.live.is_new(HCW, 18) && !m.live.is_new(HCW, 17));
}

#[test]
fn a_rotated_file_is_read_again_and_a_vanished_one_is_a_message() {
    let mut m = model(80, 24);
    press(&mut m, &["<Tab>", "G", "m"]);
    assert_eq!(m.marks.len(), 1);
    let update = Delta {
        changes: vec![SourceChange {
            rows: Some(appended()),
            ..change(&m, IIS, Change::Replaced)
        }],
        ..Delta::default()
    };
    live(&mut m, vec![update]);
    assert_eq!(m.pane_len(PaneId::Iis), 2);
    assert!(m.marks.is_empty(), "marks on the old file's lines are gone");
    let gone = Delta {
        notes: vec![FollowNote::Vanished(IIS)],
        ..Delta::default()
    };
    live(&mut m, vec![gone]);
    let note = m.note.as_ref().unwrap().text.clone();
    assert!(note.contains("u_ex241105.log is gone"), "{note}");
    assert_eq!(m.pane_len(PaneId::Iis), 2, "what was loaded stays");
}

const IIS_HEAD: &str = "#Software: Microsoft Internet Information Services 10.0\r\n#Version: 1.0\r\n#Date: 2024-11-05 13:00:00\r\n#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

fn request(sec: u32, uri: &str) -> String {
    format!(
        "2024-11-05 13:23:{sec:02} 10.0.0.5 POST {uri} - 443 - 10.0.5.20 - - 401 1 2148074310 4\r\n"
    )
}

/// The one source change a poll found.
fn only_change(updates: &[LiveUpdate]) -> &SourceChange {
    match updates {
        [Delta { changes, .. }] if changes.len() == 1 => &changes[0],
        _ => panic!("{updates:?}"),
    }
}

fn append(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

/// Loads files the way the explorer does (the real pipeline, with the per-line index) and
/// follows them.
fn load(paths: &[&Path]) -> (Data, Watch) {
    let paths: Vec<PathBuf> = paths.iter().map(|p| p.to_path_buf()).collect();
    let opts = LoadOptions {
        index: true,
        ..Default::default()
    };
    let (a, follow) = Follow::load(&paths, &opts, &NoProgress).unwrap();
    (Data::new(a), Watch::new(follow))
}

#[test]
fn the_watcher_reads_appended_iis_lines_and_a_truncated_file_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex241105.log");
    std::fs::write(
        &path,
        format!("{IIS_HEAD}{}{}", request(1, "/a"), request(2, "/b")),
    )
    .unwrap();
    let (data, mut watch) = load(&[&path]);
    assert_eq!(data.analysis.requests[0].len(), 2);
    assert_eq!(watch.len(), 1);
    assert!(watch.poll().is_empty(), "nothing new yet");

    append(
        &path,
        "#Fields: date time cs-uri-stem c-ip sc-status\r\n2024-11-05 13:24:00 /EWS/Only-Three-Columns 10.9.9.9 503\r\n",
    );
    append(
        &path,
        "2024-11-05 13:24:01 /EWS/hcwlens-e2e-marker 10.9.9.9 200\r\n2024-11-05 13:24:02 /partial",
    );
    let updates = watch.poll();
    let c = only_change(&updates);
    assert_eq!(c.how, Change::Appended);
    let rows = c.rows.as_ref().unwrap();
    assert_eq!(
        rows.len(),
        2,
        "complete lines only, with the new column map"
    );
    assert_eq!(rows.line_no(0), 8);
    assert_eq!(rows.field(Field::Uri, 1), "/EWS/hcwlens-e2e-marker");
    assert_eq!(rows.status(0).0, 503);
    let mut analysis = data.analysis;
    analysis.apply(updates.into_iter().next().unwrap());
    assert_eq!(analysis.requests[0].len(), 4);
    assert_eq!(
        analysis.requests[0].text(3),
        "2024-11-05 13:24:01 /EWS/hcwlens-e2e-marker 10.9.9.9 200",
        "line text read back from the file at the recorded offset"
    );
    assert_eq!(analysis.sources[0].stats.lines, 9, "counts grow");

    std::fs::write(
        &path,
        format!("{IIS_HEAD}{}", request(9, "/after-rotation")),
    )
    .unwrap();
    let updates = watch.poll();
    let c = only_change(&updates);
    assert_eq!(c.how, Change::Replaced);
    let index = c.rows.as_ref().unwrap();
    assert_eq!(index.len(), 1);
    assert_eq!(index.field(Field::Uri, 0), "/after-rotation");
    assert_eq!(index.text(0), request(9, "/after-rotation").trim_end());
    analysis.apply(updates.into_iter().next().unwrap());
    append(&path, &request(10, "/later"));
    let updates = watch.poll();
    assert!(
        matches!(only_change(&updates).rows.as_ref(), Some(rows) if rows.line_no(0) == 6),
        "{updates:?}"
    );
    // The loaded data and the reloaded index read line text through open handles; on Windows
    // (and Wine) a file deleted while a handle is open stays under its name until they close.
    drop(updates);
    drop(analysis);
    std::fs::remove_file(&path).unwrap();
    let updates = watch.poll();
    assert!(
        matches!(updates.as_slice(), [d] if d.notes == [FollowNote::Vanished(hcwlens::source::SourceId(0))]),
        "{updates:?}"
    );
}

#[test]
fn the_watcher_parses_a_changed_hcw_log_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("20241105_142245.log");
    let head = "2024.11.05 14:22:45.100               Current Time Zone: W. Europe Standard Time (2:22:45 PM)\r\n\
                2024.11.05 14:22:45.160         10016 [Client=UX, Thread=1] Startup Options: boot\r\n";
    std::fs::write(&path, head).unwrap();
    let (data, mut watch) = load(&[&path]);
    assert_eq!(data.analysis.hcw.len(), 2);
    assert!(watch.poll().is_empty());
    append(
        &path,
        "2024.11.05 14:23:13.397         10276 [Client=UX, Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=12] START Test-MigrationServerAvailability\r\n",
    );
    let updates = watch.poll();
    let Some((entries, _, _)) = only_change(&updates).hcw.as_ref() else {
        panic!("{updates:?}")
    };
    assert_eq!(entries.len(), 3);
    assert_eq!(entries[2].line, 3);
    assert_eq!(
        entries[2].ts.rfc3339(),
        "2024-11-05T13:23:13.397Z",
        "on the clock it was loaded with"
    );
    assert!(watch.poll().is_empty(), "resumed after what was read");
}

#[test]
fn handshakes_in_appended_lines_are_grouped_and_linked_to_their_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("u_ex241105.log");
    let ok = "2024-11-05 13:20:00 10.0.0.5 GET /owa/ - 443 CONTOSO\\jdoe 10.0.1.15 Mozilla/5.0 - 200 0 0 9\r\n";
    std::fs::write(&path, format!("{IIS_HEAD}{ok}")).unwrap();
    let (data, mut watch) = load(&[&path]);
    assert_eq!(data.failed_handshakes, 0);
    let leg = |sec: u32, sub: u32, win32: u64| {
        format!(
            "2024-11-05 13:23:{sec:02} 10.0.0.5 POST /EWS/mrsproxy.svc - 443 - 10.0.5.20 MSRPC - 401 {sub} {win32} 4\r\n"
        )
    };
    append(
        &path,
        &format!(
            "{}{}{}",
            leg(14, 2, 5),
            leg(14, 1, 2_148_074_254),
            leg(15, 1, 2_148_074_310)
        ),
    );
    let updates = watch.poll();
    assert_eq!(only_change(&updates).rows.as_ref().unwrap().len(), 3);
    let mut analysis = data.analysis;
    for u in updates {
        analysis.apply(u);
    }
    let data = Data::new(analysis);
    let failed: Vec<_> = data
        .analysis
        .handshakes
        .iter()
        .enumerate()
        .filter(|(_, h)| h.outcome == hcwlens::analyze::handshake::HandshakeOutcome::Failed)
        .collect();
    assert_eq!(failed.len(), 1, "{:?}", data.analysis.handshakes);
    let (k, h) = failed[0];
    assert_eq!(h.failure_code, Some(2_148_074_310));
    assert_eq!(
        h.legs.iter().map(|l| l.line).collect::<Vec<_>>(),
        [6, 7, 8],
        "file line numbers"
    );
    assert_eq!(data.failed_handshakes, 1);
    for r in 1..4 {
        assert_eq!(data.handshake_of(RowRef::Iis(0, r)), Some(k));
    }
}

/// The HCW run of the ep-hybrid-agent scenario is loaded with an IIS log that does not yet hold
/// the agent's `/EWS/mrsproxy.svc` handshakes; when IIS writes them, live follow groups them,
/// and the diagnosis changes to Extended Protection without reopening anything.
#[test]
fn appended_bad_bindings_handshakes_bring_the_ep_finding() {
    let scenario = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/scenarios/ep-hybrid-agent"
    ));
    let dir = tempfile::tempdir().unwrap();
    let hcw = std::fs::read_dir(scenario.join("hcw"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let hcw_copy = dir.path().join(hcw.file_name().unwrap());
    std::fs::copy(&hcw, &hcw_copy).unwrap();
    let iis = std::fs::read_to_string(scenario.join("EXCH01/W3SVC1/u_ex241112.log")).unwrap();
    let (agent, rest): (Vec<&str>, Vec<&str>) = iis
        .split_inclusive('\n')
        .partition(|l| l.contains("/EWS/mrsproxy.svc"));
    assert!(agent.len() >= 6, "the scenario has agent handshakes");
    let iis_copy = dir.path().join("u_ex241112.log");
    std::fs::write(&iis_copy, rest.concat()).unwrap();

    let (data, mut watch) = load(&[&hcw_copy, &iis_copy]);
    let ids = |m: &Model| -> Vec<String> {
        m.data
            .analysis
            .findings
            .iter()
            .map(|f| f.id.to_string())
            .collect()
    };
    let mut m = Model::ready(
        data.analysis,
        hcwlens::tui::model::Settings::new("t"),
        (100, 30),
    );
    assert!(
        !ids(&m).contains(&"ep-hybrid-agent".to_string()),
        "{:?}",
        ids(&m)
    );
    let hcw_mark = ids(&m)
        .iter()
        .position(|id| id.starts_with("hcw-HCW"))
        .unwrap();
    m.marks.list.push(Mark::Finding(hcw_mark));

    append(&iis_copy, &agent.concat());
    let updates = watch.poll();
    let Some((grouped, mrs, _)) = updates[0].grouped.as_ref() else {
        panic!("{updates:?}")
    };
    assert!(grouped.handshakes.len() >= 2 && mrs.len() == agent.len());
    live(&mut m, updates);

    let now = ids(&m);
    assert!(now.contains(&"ep-hybrid-agent".to_string()), "{now:?}");
    assert!(m.data.failed_handshakes >= 2);
    let [Mark::Finding(i)] = m.marks.list.as_slice() else {
        panic!("{:?}", m.marks.list)
    };
    assert!(
        now[*i].starts_with("hcw-HCW"),
        "the mark stays on its finding"
    );

    // The appended handshakes are stepped to and attributed like loaded ones.
    let a = &m.data.analysis;
    let c = a
        .cmdlets
        .iter()
        .position(|c| c.name == "Test-MigrationServerAvailability")
        .unwrap();
    let row = m.data.call_row(&a.cmdlets[c]).unwrap();
    hcwlens::tui::update::jump::goto(&mut m, row);
    hcwlens::tui::update::jump::handshake(&mut m, true, false);
    let h = m
        .current_handshake()
        .expect("stepped to an appended handshake");
    assert_eq!(m.data.analysis.handshakes[h].uri, "/EWS/mrsproxy.svc");
    assert_eq!(m.timeline.attribution.call_of(h), Some(c));
    assert!(m.timeline.attribution.of_call(c).contains(&h));
}

#[test]
fn the_data_a_follow_job_built_is_swapped_in_as_it_is() {
    let mut m = model(80, 24);
    let job = hcwlens::tui::worker::follow::FollowJob::new(&m);
    let followed = job.build(vec![rows_arrived(&m, appended())]);
    let next = followed.next.as_ref().expect("the rows changed the data");
    let built = next.data.clone();
    let merged = next.timeline.merged.clone();
    send(&mut m, Msg::Worker(WorkerMsg::Live(Box::new(followed))));
    assert!(
        std::sync::Arc::ptr_eq(&m.data, &built),
        "update took the built data, it did not build its own"
    );
    assert!(std::sync::Arc::ptr_eq(&m.timeline.merged, &merged));
    assert_eq!(m.pane_len(PaneId::Iis), ROWS.len() + 2);
}

#[test]
fn one_poll_at_a_time_and_a_result_for_other_data_is_dropped() {
    use hcwlens::tui::effect::Effect;
    use hcwlens::tui::update::handle;
    let mut m = model(80, 24);
    send(&mut m, Msg::Worker(WorkerMsg::Following(1)));
    let fx = handle(&mut m, Msg::Poll);
    assert!(matches!(fx.as_slice(), [Effect::Poll]), "{fx:?}");
    // The tick comes again while the poll is being applied: nothing starts; what arrives
    // meanwhile is read by the next poll.
    assert!(handle(&mut m, Msg::Poll).is_empty());
    // The poll built its data from other data than is shown now (a reload): dropped.
    let other = model(80, 24);
    let stale = hcwlens::tui::worker::follow::FollowJob::new(&other)
        .build(vec![rows_arrived(&other, appended())]);
    send(&mut m, Msg::Worker(WorkerMsg::Live(Box::new(stale))));
    assert_eq!(m.pane_len(PaneId::Iis), ROWS.len());
    let fx = handle(&mut m, Msg::Poll);
    assert!(
        matches!(fx.as_slice(), [Effect::Poll]),
        "the result let the next poll start"
    );
    // A poll that panicked lets the next one start too.
    let crash = WorkerMsg::Crashed(
        hcwlens::tui::worker::job::JobKind::Follow,
        "live follow: boom".into(),
    );
    send(&mut m, Msg::Worker(crash));
    assert!(matches!(
        handle(&mut m, Msg::Poll).as_slice(),
        [Effect::Poll]
    ));
    press(&mut m, &["P"]);
    send(&mut m, Msg::Worker(WorkerMsg::Live(Box::default())));
    assert!(handle(&mut m, Msg::Poll).is_empty(), "paused: no poll");
}

#[test]
fn two_polls_taken_in_by_one_job_equal_two_jobs() {
    let mut once = model(80, 24);
    let mut twice = model(80, 24);
    let first = appended();
    let mut second = RequestIndex::new(IIS, LineText::None);
    second.push(&W3cRecord {
        line: iis_line(ROWS.len() - 1) + 3,
        ts: UtcMs::from_civil(2024, 11, 5, 13, 27, 0, 0).unwrap(),
        client_ip: "10.0.1.15",
        uri_stem: "/EWS/later",
        ..Default::default()
    });
    let copy = |idx: &RequestIndex| {
        let mut c = RequestIndex::new(IIS, LineText::None);
        c.append(idx, 0);
        c
    };
    let deltas = |m: &Model| {
        vec![
            rows_arrived(m, copy(&first)),
            rows_arrived(m, copy(&second)),
        ]
    };
    let both = deltas(&once);
    live(&mut once, both);
    let [a, b]: [LiveUpdate; 2] = deltas(&twice).try_into().unwrap();
    live(&mut twice, vec![a]);
    live(&mut twice, vec![b]);
    assert_eq!(screen(&once), screen(&twice));
    assert_eq!(once.pane_len(PaneId::Iis), ROWS.len() + 3);
    assert_eq!(once.live.new_rows, 3);
}
