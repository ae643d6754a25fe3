//! The explorer on about three million requests (a generated 850 MiB Exchange front-end day,
//! loaded and indexed once up front):
//!
//! - `filter/first_results`: a regex keystroke (`2148074310`, the SEC_E_BAD_BINDINGS code)
//!   until the first chunk of matches is ready, reading line text back from the file as the
//!   explorer's filter job does; the target is 100 ms.
//! - `filter/field_all_rows`: an exact field filter (`status:401`) over every row (index only).
//! - `frame/*`: drawing one frame of the loaded explorer (TestBackend) at 80x24 and 120x40; the
//!   first frame's target is 150 ms.
//!
//! `cargo bench --bench explore` (set `HCWLENS_BENCH_ROWS_MB` to change the workload size).

use criterion::{Criterion, criterion_group, criterion_main};
use hcwlens::filter::{FilterField, FilterStack, MergedFields, Rule, RuleKind};
use hcwlens::generate::{GenOptions, generate_tree};
use hcwlens::index::Merged;
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::tui::model::data::Data;
use hcwlens::tui::model::pane::PaneId;
use hcwlens::tui::model::{Model, Settings};
use hcwlens::tui::view::view;
use hcwlens::tui::worker::scan::{self, FilterJob};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

fn workload_mb() -> u64 {
    std::env::var("HCWLENS_BENCH_ROWS_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(850)
}

/// Generates and loads the workload; the directory lives as long as the returned guard.
fn loaded() -> (tempfile::TempDir, Analysis) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = GenOptions {
        bytes: workload_mb() << 20,
        ..GenOptions::default()
    };
    generate_tree(&spec, dir.path()).expect("generate");
    let opts = LoadOptions {
        index: true,
        ..LoadOptions::default()
    };
    let analysis = load(&[dir.path().to_path_buf()], &opts, &NoProgress).expect("load");
    (dir, analysis)
}

fn job(data: &Arc<Data>, rule: Rule) -> FilterJob {
    let mut stack = FilterStack::new();
    stack.push(rule);
    let ranges = data
        .analysis
        .requests
        .iter()
        .map(|ix| 0..ix.len())
        .collect();
    FilterJob {
        pane: PaneId::Iis,
        generation: 1,
        stack,
        ranges,
        full: true,
        data: data.clone(),
    }
}

fn bench(c: &mut Criterion) {
    let (_dir, analysis) = loaded();
    let rows: usize = analysis.requests.iter().map(|ix| ix.len()).sum();
    eprintln!("explore bench: {rows} indexed rows");
    let data = Arc::new(Data::new(analysis));

    let mut g = c.benchmark_group("filter");
    g.sample_size(20);
    let regex = job(
        &data,
        Rule::regex(RuleKind::Include, "2148074310").expect("regex"),
    );
    g.bench_function("first_results", |b| {
        b.iter(|| {
            let cancel = AtomicBool::new(false);
            // The first progress report means the first chunk's matches are in; stop there.
            let out = scan::filter(&regex, &cancel, &mut |_| {
                cancel.store(true, Ordering::Relaxed)
            });
            black_box(out.is_none())
        })
    });
    let mut field = job(
        &data,
        Rule::field(RuleKind::Include, FilterField::Status, "401"),
    );
    field.stack.prepare(&MergedFields {
        indexes: &data.analysis.requests,
        merged: &Merged::default(),
        machines: &data.analysis.machines,
        sources: &data.analysis.sources,
    });
    g.bench_function("field_all_rows", |b| {
        b.iter(|| {
            let cancel = AtomicBool::new(false);
            let out = scan::filter(&field, &cancel, &mut |_| {});
            black_box(out.map(|o| o.hits))
        })
    });
    g.finish();
    drop((regex, field));

    let analysis = Arc::try_unwrap(data)
        .map(|d| d.analysis)
        .unwrap_or_else(|_| panic!("data still shared"));
    let mut model = Model::ready(analysis, Settings::new("bench"), (80, 24));
    let mut g = c.benchmark_group("frame");
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        model.size = (w, h);
        let mut term = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        g.bench_function(format!("{w}x{h}"), |b| {
            b.iter(|| {
                term.draw(|f| view(&model, f)).expect("draw");
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
