//! Fuzz target: any bytes through detection and the W3C parser (IIS and HTTPERR) never panic.
#![no_main]

use hcwlens::record::W3cRecord;
use hcwlens::source::{SourceId, SourceKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut count = 0u64;
    let mut sink = |_: SourceId, r: &W3cRecord<'_>| {
        count += u64::from(r.status.unwrap_or(0) > 0);
    };
    for kind in [SourceKind::Iis, SourceKind::Httperr] {
        let total = data.len() as u64;
        let _ = hcwlens::parse::w3c::W3cParser::new(SourceId(0))
            .kind(kind)
            .total(total)
            .bytes(data, &mut sink);
    }
});
