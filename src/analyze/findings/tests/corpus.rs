//! The HCW rules on the real published HCW logs (skipped when the corpus is absent). A minimal
//! test-only reader turns the `.log` lines into entries; the real parser lives elsewhere.

use crate::record::{HcwEntry, HcwLevel};
use crate::source::SourceId;
use crate::time::UtcMs;

const ROOTS: &[&str] = &[
    concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/hcw"),
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/corpus/hcw"),
];

/// Entries of a corpus log, or None (with a note) when the corpus is not there.
pub fn load(rel: &str) -> Option<Vec<HcwEntry>> {
    let text = ROOTS
        .iter()
        .find_map(|r| std::fs::read_to_string(format!("{r}/{rel}")).ok());
    let Some(text) = text else {
        println!("note: corpus file {rel} not found; skipping");
        return None;
    };
    let mut out: Vec<HcwEntry> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        match header(line, i as u64 + 1) {
            Some(e) => out.push(e),
            None => {
                if let Some(last) = out.last_mut() {
                    if !last.body.is_empty() {
                        last.body.push('\n');
                    }
                    last.body.push_str(line.trim());
                    last.end_line = i as u64 + 1;
                }
            }
        }
    }
    Some(out)
}

fn header(line: &str, no: u64) -> Option<HcwEntry> {
    let b = line.as_bytes();
    if b.len() < 31 || b[4] != b'.' || b[10] != b' ' || b[19] != b'.' {
        return None;
    }
    let num = |a: usize, z: usize| line.get(a..z)?.parse::<u32>().ok();
    let ts = UtcMs::from_civil(
        num(0, 4)? as i32,
        num(5, 7)?,
        num(8, 10)?,
        num(11, 13)?,
        num(14, 16)?,
        num(17, 19)?,
        num(20, 23)?,
    )?;
    let level = match line.get(24..31)? {
        "WARNING" => HcwLevel::Warning,
        "*ERROR*" => HcwLevel::Error,
        _ => HcwLevel::Info,
    };
    let rest = line.get(31..)?.trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let event_id = rest[..digits].parse().ok();
    let rest = rest[digits..].trim_start();
    let (context, message) = match rest.strip_prefix('[').and_then(|r| r.split_once("] ")) {
        Some((ctx, msg)) => (
            ctx.split(", ")
                .filter_map(|kv| kv.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            msg.to_string(),
        ),
        None => (Vec::new(), rest.to_string()),
    };
    Some(HcwEntry {
        source: SourceId(0),
        line: no,
        end_line: no,
        offset: 0,
        local: ts,
        ts,
        level,
        event_id,
        context,
        message,
        body: String::new(),
    })
}
