//! Fuzz target: any JSON value through the EVTX record mapping never panics, and any bytes
//! through the EVTX file reader never panic (a damaged file is a counted diagnostic).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        let _ = hcwlens::parse::evtx::map_record(&value);
    }
    if data.starts_with(hcwlens::parse::evtx::MAGIC) {
        let _ = hcwlens::parse::evtx::read_evtx(data.to_vec());
    }
});
