//! The timeline strip on three million indexed requests (built in memory, one day of one
//! server, with HCW calls): drawing a whole explorer frame with the strip (target: under
//! 2 ms, the strip sums precomputed buckets), drawing the strip row alone, computing its
//! fine buckets (what a load or filter change costs, once) and building the fuzzy finder's
//! candidates (what the first `f` after a load costs, once).
//!
//! `cargo bench --bench strip` (`HCWLENS_BENCH_STRIP_ROWS` changes the row count).

use criterion::{Criterion, criterion_group, criterion_main};
use hcwlens::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use hcwlens::index::RequestIndex;
use hcwlens::pipeline::Analysis;
use hcwlens::read::text::LineText;
use hcwlens::record::W3cRecord;
use hcwlens::source::{SourceId, SourceInfo, SourceKind, SourceStats, TextEncoding, ZoneOrigin};
use hcwlens::time::{UtcMs, ZoneSpec};
use hcwlens::tui::model::{Model, Settings};
use hcwlens::tui::view::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::sync::Arc;

const DAY_START: i64 = 1_730_764_800_000; // 2024-11-05T00:00:00Z
const DAY_MS: i64 = 86_400_000;

fn rows() -> usize {
    std::env::var("HCWLENS_BENCH_STRIP_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000_000)
}

fn source(id: u16, kind: SourceKind, span: (i64, i64)) -> SourceInfo {
    SourceInfo {
        id: SourceId(id),
        path: format!("bench-{id}.log").into(),
        kind,
        encoding: TextEncoding::Utf8,
        server: "EX01".into(),
        zone: ZoneSpec::Fixed(0),
        zone_origin: ZoneOrigin::Utc,
        skew_ms: 0,
        stats: SourceStats::default(),
        span: Some((UtcMs(span.0), UtcMs(span.1))),
    }
}

fn analysis(n: usize) -> Analysis {
    let text: Arc<str> =
        Arc::from("2024-11-05 00:00:00 10.0.1.11 GET /owa/ - 443 - 10.1.2.3 - - 200 0 0 5\n");
    let mut idx = RequestIndex::new(SourceId(1), LineText::Memory(text));
    let uris = [
        "/owa/",
        "/mapi/emsmdb/",
        "/EWS/Exchange.asmx",
        "/EWS/mrsproxy.svc",
    ];
    for i in 0..n {
        let ts = DAY_START + (i as i64 * DAY_MS) / n as i64;
        let bad = i % 997 == 0;
        idx.push(&W3cRecord {
            line: i as u64 + 5,
            offset: 0,
            ts: UtcMs(ts),
            server: "EX01",
            method: "POST",
            uri_stem: uris[i % uris.len()],
            client_ip: "10.1.2.3",
            status: Some(if bad { 401 } else { 200 }),
            substatus: Some(u16::from(bad)),
            win32: Some(if bad { 2_148_074_310 } else { 0 }),
            time_taken: Some(5),
            ..Default::default()
        });
    }
    let cmdlets = (0..40)
        .map(|i| CmdletCall {
            name: "Get-ExchangeServer".into(),
            command: String::new(),
            session: None,
            thread: None,
            start: UtcMs(DAY_START + 13 * 3_600_000 + i * 10_000),
            end: None,
            duration_ms: None,
            outcome: if i % 10 == 9 {
                CmdletOutcome::Failed
            } else {
                CmdletOutcome::Success
            },
            error: None,
            source: SourceId(0),
            line: i as u64 + 1,
            finish_line: None,
            remote_server: None,
            urls: Vec::new(),
            http_status: None,
            start_missing: false,
            run: 0,
        })
        .collect();
    Analysis {
        sources: vec![
            source(
                0,
                SourceKind::Hcw,
                (DAY_START + 13 * 3_600_000, DAY_START + 14 * 3_600_000),
            ),
            source(1, SourceKind::Iis, (DAY_START, DAY_START + DAY_MS - 1)),
        ],
        requests: vec![std::sync::Arc::new(idx)],
        cmdlets,
        ..Default::default()
    }
}

fn bench(c: &mut Criterion) {
    let n = rows();
    let mut model = Model::ready(analysis(n), Settings::new("bench"), (120, 40));
    eprintln!("strip bench: {n} indexed rows");
    let mut g = c.benchmark_group("strip");
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        model.size = (w, h);
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        g.bench_function(format!("frame_{w}x{h}"), |b| {
            b.iter(|| term.draw(|f| view(black_box(&model), f)).map(|_| ()))
        });
    }
    let area = model.areas().strip;
    let mut term = Terminal::new(TestBackend::new(120, 40)).expect("terminal");
    g.bench_function("row_only", |b| {
        b.iter(|| {
            term.draw(|f| {
                let theme = hcwlens::tui::view::theme::Theme::new(true);
                hcwlens::tui::view::strip::draw(black_box(&model), f, area, &theme)
            })
            .map(|_| ())
        })
    });
    g.sample_size(10);
    g.bench_function("finder_candidates", |b| {
        b.iter(|| hcwlens::filter::candidates(black_box(&model.data.analysis)).len())
    });
    g.bench_function("compute_fine_buckets", |b| {
        b.iter(|| {
            model.strip.fine = None;
            hcwlens::tui::update::strip::refresh(&mut model);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
