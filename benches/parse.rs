//! Parse throughput: ~50 MB of generated Exchange front-end W3C text through `parse_bytes`
//! with a sink that only counts, so the numbers are the parser's own.

#[path = "../tests/fixtures/w3c/synth.rs"]
mod synth;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hcwlens::parse::w3c;
use hcwlens::record::W3cRecord;
use hcwlens::source::{SourceId, SourceKind};
use std::hint::black_box;

fn parse(c: &mut Criterion) {
    let text = synth::iis_text(50 << 20);
    let mut group = c.benchmark_group("w3c");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("parse_bytes_50MB", |b| {
        b.iter(|| {
            let mut n = 0u64;
            let mut sink = |_: SourceId, r: &W3cRecord<'_>| {
                n += u64::from(r.status.is_some()) + r.uri_stem.len() as u64;
            };
            let total = text.len() as u64;
            let Ok(stats) = w3c::W3cParser::new(SourceId(0))
                .kind(SourceKind::Iis)
                .total(total)
                .bytes(black_box(&text), &mut sink);
            black_box((stats.events, n))
        });
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
