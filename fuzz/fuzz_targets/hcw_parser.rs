//! Fuzz target: any bytes through the HCW parser and cmdlet pairing never panic.
#![no_main]

use hcwlens::source::SourceId;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let log = hcwlens::parse::hcw::parse_hcw(&text, SourceId(0));
    let _ = hcwlens::parse::hcw::header_zone(&log.header);
    let _ = hcwlens::analyze::cmdlet::pair_cmdlets(&log.entries);
});
