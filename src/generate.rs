//! Deterministic synthetic workload: realistic Exchange front-end IIS W3C logs of any size, for
//! benchmarks and load tests (`hcwlens generate`).
//!
//! The same [`GenOptions`] always produce the same bytes: the generator has its own seeded
//! PRNG and never reads the clock. Files follow IIS conventions: default Exchange `#Fields`,
//! UTC stamps in time order, CRLF, one `u_exYYMMDD.log` per server and UTC day.

mod catalog;
mod clock;
mod out;
mod population;
mod proxy;
mod rng;
mod traffic;

#[cfg(test)]
mod tests;

use crate::time::UtcMs;
use population::Population;
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use traffic::FileSpec;

pub use proxy::httpproxy_for_iis;
pub use traffic::FIELDS;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenOptions {
    /// PRNG seed; equal seeds give equal output.
    pub seed: u64,
    /// Total bytes over all files (each file gets about `bytes / (servers * days)`).
    pub bytes: u64,
    /// Number of front-end servers (`EX01`, `EX02`, …).
    pub servers: u32,
    /// Number of UTC days (one file per server and day).
    pub days: u32,
    /// First instant of traffic; day `d` is the UTC date of `start + d` days.
    pub start: UtcMs,
}

impl Default for GenOptions {
    fn default() -> Self {
        GenOptions {
            seed: 1,
            bytes: 100 * 1024 * 1024,
            servers: 1,
            days: 1,
            start: UtcMs(1_730_764_800_000),
        }
    }
}

impl GenOptions {
    /// Target size of one file.
    pub fn bytes_per_file(&self) -> u64 {
        let files = u64::from(self.servers.max(1)) * u64::from(self.days.max(1));
        self.bytes / files
    }

    fn spec(&self, server: u32, day: u32) -> FileSpec {
        let start_s = self.start.0.div_euclid(1000);
        let first_day = start_s.div_euclid(86_400);
        let day_index = first_day + i64::from(day);
        let lo = if day == 0 {
            start_s.rem_euclid(86_400) as u32
        } else {
            0
        };
        let file_seed = rng::mix(rng::mix(self.seed, u64::from(server) + 1), day_index as u64);
        FileSpec {
            date: clock::civil_from_days(day_index),
            seconds: (lo, 86_400),
            target: self.bytes_per_file(),
            server,
            seed: file_seed,
        }
    }
}

/// Writes the log of server index `server` (0-based: 0 is `EX01`) for day `day` to `out`, and
/// returns the number of bytes written. Lines are in time order; the size is about
/// [`GenOptions::bytes_per_file`].
pub fn generate_w3c(
    opts: &GenOptions,
    server: u32,
    day: u32,
    out: &mut dyn Write,
) -> io::Result<u64> {
    let pop = Population::new(opts.seed);
    traffic::write_file(&opts.spec(server, day), &pop, out)
}

/// Writes every file under `dir` as `EX01/W3SVC1/u_ex241105.log` … and returns their paths
/// (server-major, then day).
pub fn generate_tree(opts: &GenOptions, dir: &Path) -> io::Result<Vec<PathBuf>> {
    let pop = Population::new(opts.seed);
    let mut paths = Vec::new();
    for server in 0..opts.servers {
        let folder = dir.join(server_name(server)).join("W3SVC1");
        fs::create_dir_all(&folder)?;
        for day in 0..opts.days {
            let spec = opts.spec(server, day);
            let path = folder.join(file_name(spec.date));
            let mut file = File::create(&path)?;
            traffic::write_file(&spec, &pop, &mut file)?;
            paths.push(path);
        }
    }
    Ok(paths)
}

/// Folder name of a server index: `EX01`, `EX02`, … `EX10`.
pub fn server_name(server: u32) -> String {
    format!("EX{:02}", u64::from(server) + 1)
}

/// `s-ip` the generator writes for a server index.
pub fn server_ip(server: u32) -> String {
    traffic::server_ip(server)
}

fn file_name((y, m, d): (i32, u32, u32)) -> String {
    format!("u_ex{:02}{:02}{:02}.log", y.rem_euclid(100), m, d)
}

/// Parses a size such as `1G`, `100M`, `512k`, `1.5GiB` or `4096` (binary multiples).
pub fn parse_size(text: &str) -> Option<u64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let value: f64 = num.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(&unit);
    let mult: u64 = match unit {
        "" => 1,
        "k" => 1 << 10,
        "m" => 1 << 20,
        "g" => 1 << 30,
        "t" => 1 << 40,
        _ => return None,
    };
    let bytes = value * mult as f64;
    (0.0..1.8e19).contains(&bytes).then_some(bytes as u64)
}
