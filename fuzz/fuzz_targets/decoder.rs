//! Fuzz target: any text through the `decode` query parser and renderer never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(items) = hcwlens::codes::decode_query(&text) {
        let _ = hcwlens::codes::render_decoded(&items);
    }
});
