//! Handshake grouping on about a million realistic requests (generated Exchange front-end
//! traffic: MAPI/EWS/Autodiscover NTLM and Kerberos, 401 floods, probes), isolated from parsing:
//! the records are parsed once up front and replayed from interned fields.
//!
//! `cargo bench --bench handshake`

use criterion::{Criterion, criterion_group, criterion_main};
use hcwlens::analyze::handshake::HandshakeGrouper;
use hcwlens::analyze::mrs::MrsCollector;
use hcwlens::generate::{GenOptions, generate_w3c};
use hcwlens::record::{RequestSink, W3cRecord};
use hcwlens::source::{SourceId, SourceKind};
use hcwlens::time::UtcMs;
use std::collections::HashMap;
use std::hint::black_box;

/// Days of traffic replayed (one generated file each, in time order).
const DAYS: u32 = 3;
/// Bytes per day: three days of this are about a million requests.
const BYTES_PER_DAY: u64 = 96 << 20;

#[derive(Default)]
struct Strings {
    ids: HashMap<String, u32>,
    text: Vec<String>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.text.len() as u32;
        self.ids.insert(s.to_string(), id);
        self.text.push(s.to_string());
        id
    }
}

/// One request with its text fields interned.
struct Req {
    line: u64,
    offset: u64,
    ts: i64,
    status: Option<u16>,
    substatus: Option<u16>,
    win32: Option<u32>,
    time_taken: Option<u32>,
    /// server, s-ip, method, uri stem, user, c-ip, c-port, X-Forwarded-For, user agent.
    f: [u32; 9],
}

struct Workload {
    strings: Vec<String>,
    reqs: Vec<Req>,
}

fn workload() -> Workload {
    let opts = GenOptions {
        bytes: BYTES_PER_DAY * u64::from(DAYS),
        days: DAYS,
        ..GenOptions::default()
    };
    let mut strings = Strings::default();
    let mut reqs = Vec::new();
    for day in 0..DAYS {
        let mut text = Vec::new();
        generate_w3c(&opts, 0, day, &mut text).expect("generate into memory");
        let mut keep = |_: SourceId, r: &W3cRecord<'_>| {
            let f = [
                r.server,
                r.server_ip,
                r.method,
                r.uri_stem,
                r.username,
                r.client_ip,
                r.client_port,
                r.forwarded_for,
                r.user_agent,
            ]
            .map(|s| strings.id(s));
            reqs.push(Req {
                line: r.line,
                offset: r.offset,
                ts: r.ts.0,
                status: r.status,
                substatus: r.substatus,
                win32: r.win32,
                time_taken: r.time_taken,
                f,
            });
        };
        let Ok(_) = hcwlens::parse::w3c::W3cParser::new(SourceId(0))
            .kind(SourceKind::Iis)
            .server_label("EX01")
            .total(text.len() as u64)
            .bytes(&text, &mut keep);
    }
    Workload {
        strings: strings.text,
        reqs,
    }
}

fn replay(w: &Workload, sink: &mut impl RequestSink) {
    let s = |id: u32| w.strings[id as usize].as_str();
    for r in &w.reqs {
        let rec = W3cRecord {
            line: r.line,
            offset: r.offset,
            ts: UtcMs(r.ts),
            server: s(r.f[0]),
            server_ip: s(r.f[1]),
            method: s(r.f[2]),
            uri_stem: s(r.f[3]),
            username: s(r.f[4]),
            client_ip: s(r.f[5]),
            client_port: s(r.f[6]),
            forwarded_for: s(r.f[7]),
            user_agent: s(r.f[8]),
            status: r.status,
            substatus: r.substatus,
            win32: r.win32,
            time_taken: r.time_taken,
            ..W3cRecord::default()
        };
        if sink.request(SourceId(0), &rec).ok() != Some(true) {
            return;
        }
    }
}

fn bench(c: &mut Criterion) {
    let w = workload();
    eprintln!(
        "handshake bench: {} requests, {} distinct strings",
        w.reqs.len(),
        w.strings.len()
    );
    let mut g = c.benchmark_group("handshake");
    g.sample_size(10);
    g.bench_function("replay_only", |b| {
        b.iter(|| {
            let mut n = 0u64;
            replay(&w, &mut |_: SourceId, r: &W3cRecord<'_>| {
                n += u64::from(r.status == Some(401));
            });
            black_box(n)
        })
    });
    g.bench_function("group_report", |b| {
        b.iter(|| {
            let mut grouper = HandshakeGrouper::new(false);
            replay(&w, &mut grouper);
            black_box(grouper.finish())
        })
    });
    g.bench_function("group_keep_success", |b| {
        b.iter(|| {
            let mut grouper = HandshakeGrouper::new(true);
            replay(&w, &mut grouper);
            black_box(grouper.finish())
        })
    });
    g.bench_function("mrs", |b| {
        b.iter(|| {
            let mut mrs = MrsCollector::new();
            replay(&w, &mut mrs);
            black_box(mrs.finish())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
