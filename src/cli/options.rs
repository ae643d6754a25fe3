//! Argument definitions (clap derive) and the `--tz` / `--skew` value parsers.

use crate::pipeline::window::{Window, WindowMode, parse_bound};
use crate::pipeline::{LoadOptions, Selector};
use crate::source::SourceKind;
use crate::time::ZoneSpec;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// hcwlens: explore HCW and IIS logs side by side, find why the Hybrid Configuration Wizard
/// failed.
#[derive(Debug, Parser)]
#[command(
    name = "hcwlens",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Log files or folders (searched recursively) to open in the explorer.
    pub paths: Vec<PathBuf>,
    /// Find the logs yourself: this Exchange server's (no DIR), or those of a copied server
    /// tree DIR (`DIR/inetpub/…`, `DIR/Users/<name>/AppData/…`); loads the days of the HCW runs.
    #[arg(long, value_name = "DIR", num_args = 0..=1, conflicts_with = "paths")]
    pub auto: Option<Option<PathBuf>>,
    /// Source clocks for the explorer.
    #[command(flatten)]
    pub clock: ClockArgs,
    /// Where the explorer writes notes.
    #[command(flatten)]
    pub notes: NotesArgs,
    /// The time window.
    #[command(flatten)]
    pub window: WindowArgs,
    /// Subcommand (none: open the explorer).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--tz` and `--skew`: only on the commands that load logs (explorer, `report`, `demo`).
#[derive(Debug, Clone, Default, Args)]
pub struct ClockArgs {
    /// Clock of a source: `hcw=+01:00`, `hcw=Europe/Berlin`, `EX01=+00:00`. SRC is a kind
    /// (`hcw`, `iis` = IIS logs, `httperr`, `w3c` = W3C logs of other writers) or text of a
    /// file's path or server name. `evtx` and `httpproxy` times are UTC by format: use --skew.
    #[arg(long = "tz", value_name = "SRC=ZONE", value_parser = parse_tz)]
    pub tz: Vec<(Selector, ZoneSpec)>,
    /// Clock skew to add to a source: `iis=+7s`, `hcw=-1500ms`, `EX02=+2m` (SRC as for --tz,
    /// also `httpproxy` and `evtx`).
    #[arg(long = "skew", value_name = "SRC=DELTA", value_parser = parse_skew)]
    pub skew: Vec<(Selector, i64)>,
}

/// `--since`, `--until`, `--all`: the time window of the commands that load logs.
#[derive(Debug, Clone, Default, Args)]
pub struct WindowArgs {
    /// Read only from this instant: `2024-11-05 13:23` (UTC), `2024-11-05` (midnight),
    /// `2024-11-05T13:23:00+01:00`. W3C files wholly before it are skipped unread.
    #[arg(long, value_name = "TIME")]
    pub since: Option<String>,
    /// Read only before this instant (same forms; also `+2h` or `14:30` after --since).
    /// Without --since/--until, when HCW logs come with IIS logs spanning more than a day, the
    /// window runs from 1 h before the first HCW run to 1 h after the last (said in the report
    /// header; `T` widens it in the explorer).
    #[arg(long, value_name = "TIME")]
    pub until: Option<String>,
    /// Read everything: no default window around the HCW runs.
    #[arg(long, conflicts_with_all = ["since", "until"])]
    pub all: bool,
}

impl WindowArgs {
    /// The window these flags ask for.
    pub fn mode(&self) -> Result<WindowMode, String> {
        if self.all {
            return Ok(WindowMode::All);
        }
        if self.since.is_none() && self.until.is_none() {
            return Ok(WindowMode::runs());
        }
        let since = match &self.since {
            Some(t) => Some(parse_bound(t, None).map_err(|e| format!("--since: {e}"))?),
            None => None,
        };
        let until = match &self.until {
            Some(t) => Some(parse_bound(t, since).map_err(|e| format!("--until: {e}"))?),
            None => None,
        };
        if let (Some(s), Some(u)) = (since, until)
            && u <= s
        {
            return Err(format!(
                "--until ({}) is not after --since ({})",
                u.rfc3339(),
                s.rfc3339()
            ));
        }
        Ok(WindowMode::Given(Window { since, until }))
    }
}

/// `--notes-dir`: only where the explorer opens (no subcommand, `demo`).
#[derive(Debug, Clone, Default, Args)]
pub struct NotesArgs {
    /// Folder the explorer writes notes to (`w`, `W`); default: your documents folder
    /// (`Documents\hcwlens` on Windows).
    #[arg(long = "notes-dir", value_name = "DIR")]
    pub notes_dir: Option<PathBuf>,
}

/// Output format of `report`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Plain text for a terminal.
    Text,
    /// Markdown for a ticket.
    Markdown,
    /// JSON (the documented contract).
    Json,
    /// One self-contained HTML page (findings, timeline chart, overview, handshakes).
    Html,
}

/// Output format of `watch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WatchFormatArg {
    /// One readable line each.
    Text,
    /// JSON Lines (one object a line).
    Json,
}

/// Which findings make `report` exit with status 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Findings of severity error.
    Error,
    /// Findings of severity error or warning.
    Warning,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Analyse logs without a terminal UI and print findings and evidence.
    Report {
        /// Log files or folders.
        #[arg(required_unless_present = "auto")]
        paths: Vec<PathBuf>,
        /// Find the logs yourself: this Exchange server's (no DIR), or those of a copied server
        /// tree DIR; loads the days of the HCW runs.
        #[arg(long, value_name = "DIR", num_args = 0..=1, conflicts_with = "paths")]
        auto: Option<Option<PathBuf>>,
        /// Output format.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// Replace user names, IPs, host names and GUIDs with stable placeholders.
        #[arg(long)]
        redact: bool,
        /// Exit with status 1 when findings of this severity (or worse) exist.
        #[arg(long = "fail-on", value_enum)]
        fail_on: Option<FailOn>,
        /// Also build the explorer's per-line index (for benchmarking the explorer's load).
        #[arg(long, hide = true)]
        index: bool,
        /// Load as the explorer does (index, lookups, merged timeline), print the rows and the
        /// time to fully indexed instead of a report (for benchmarking the explorer's load).
        #[arg(long, hide = true)]
        explorer_load: bool,
        /// Source clocks.
        #[command(flatten)]
        clock: ClockArgs,
        /// The time window.
        #[command(flatten)]
        window: WindowArgs,
    },
    /// Follow logs as they grow and print each new failed call, failed handshake and finding.
    ///
    /// One line each (`--format json`: JSON Lines) while the wizard is re-run and IIS logs;
    /// new files in the folders (the next run's log, the next day's IIS log) join. Ends with
    /// Ctrl-C.
    Watch {
        /// Log files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format: one readable line each, or JSON Lines.
        #[arg(long, value_enum, default_value = "text")]
        format: WatchFormatArg,
        /// How often the files are looked at, in milliseconds.
        #[arg(long, value_name = "MS", default_value_t = 1500, value_parser = clap::value_parser!(u64).range(10..))]
        interval: u64,
        /// Source clocks.
        #[command(flatten)]
        clock: ClockArgs,
    },
    /// Stream every request, HCW call and finding as JSON Lines with Elastic Common Schema
    /// names, for a SIEM (Elastic, Sentinel, Splunk): `hcwlens export LOGS > hcwlens.jsonl`.
    Export {
        /// Log files or folders.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "jsonl")]
        format: super::export::ExportFormat,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        out: Option<PathBuf>,
        /// Source clocks.
        #[command(flatten)]
        clock: ClockArgs,
        /// The time window (as for `report`).
        #[command(flatten)]
        window: WindowArgs,
    },
    /// Decode IIS status, Win32, SSPI, HTTPERR and HCW codes (`2148074310`, `0x80090346`,
    /// `401.2`, `401 1 2148074310`, `1326`, `HCW8078`).
    Decode {
        /// Codes to decode.
        #[arg(required = true, allow_hyphen_values = true)]
        codes: Vec<String>,
    },
    /// Open the bundled sample scenario (an Extended Protection / Hybrid Agent failure).
    Demo {
        /// Print the report of the sample instead of opening the explorer.
        #[arg(long)]
        report: bool,
        /// Report format with `--report`.
        #[arg(long, value_enum, default_value = "text", requires = "report")]
        format: Format,
        /// Source clocks.
        #[command(flatten)]
        clock: ClockArgs,
        /// Where the explorer writes notes.
        #[command(flatten)]
        notes: NotesArgs,
    },
    /// Write a deterministic, realistic Exchange IIS workload (for benchmarks).
    Generate {
        /// Total size, e.g. `100M`, `1G`.
        #[arg(long, default_value = "100M", value_parser = parse_size)]
        size: u64,
        /// Number of servers.
        #[arg(long, default_value_t = 1)]
        servers: u32,
        /// Number of days (files rotate at UTC midnight).
        #[arg(long, default_value_t = 1)]
        days: u32,
        /// Random seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
        /// Also write each server's Exchange HttpProxy logs (`EX01/HttpProxy/<Protocol>/…`),
        /// one row per proxied IIS request, with its `cafeReqId` as `RequestId`.
        #[arg(long)]
        httpproxy: bool,
    },
    /// Print a shell completion script: `hcwlens completions powershell >> $PROFILE`,
    /// `hcwlens completions bash > /etc/bash_completion.d/hcwlens`, zsh, fish.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

impl ClockArgs {
    /// The load options these flags describe.
    pub fn load_options(&self, index: bool) -> LoadOptions {
        LoadOptions {
            zones: self.tz.clone(),
            skews: self.skew.clone(),
            index,
            window: WindowMode::runs(),
            listed: None,
        }
    }
}

fn parse_selector(text: &str) -> Selector {
    match text.to_ascii_lowercase().as_str() {
        "hcw" => Selector::Kind(SourceKind::Hcw),
        "iis" => Selector::Kind(SourceKind::Iis),
        "w3c" => Selector::Kind(SourceKind::W3c),
        "httperr" => Selector::Kind(SourceKind::Httperr),
        "httpproxy" => Selector::Kind(SourceKind::HttpProxy),
        "evtx" => Selector::Kind(SourceKind::Evtx),
        _ => Selector::Name(text.to_string()),
    }
}

fn split_assignment(text: &str) -> Result<(&str, &str), String> {
    text.split_once('=')
        .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
        .ok_or_else(|| format!("expected SRC=VALUE, got `{text}`"))
}

fn parse_tz(text: &str) -> Result<(Selector, ZoneSpec), String> {
    let (src, zone) = split_assignment(text)?;
    let spec = ZoneSpec::parse(zone).ok_or_else(|| {
        format!(
            "unknown zone `{zone}`: use an offset like +01:00 or an IANA name like Europe/Berlin"
        )
    })?;
    let sel = parse_selector(src.trim());
    if let Selector::Kind(kind @ (SourceKind::Evtx | SourceKind::HttpProxy)) = sel {
        let name = kind.name();
        return Err(format!(
            "{name} times are UTC by format, a zone changes nothing; \
             for a server clock that is off, use --skew {name}=DELTA (e.g. +7s)"
        ));
    }
    Ok((sel, spec))
}

/// Parses `+7s`, `-1500ms`, `+2m`, `+1h` into milliseconds; a number needs its unit.
pub fn parse_duration_ms(text: &str) -> Option<i64> {
    let t = text.trim();
    let (sign, rest) = match t.strip_prefix('-') {
        Some(r) => (-1, r),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let split = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (num, unit) = rest.split_at(split);
    let value: f64 = num.parse().ok()?;
    let scale = match unit {
        "ms" => 1.0,
        "s" => 1000.0,
        "m" | "min" => 60_000.0,
        "h" => 3_600_000.0,
        _ => return None,
    };
    let ms = (value * scale).round();
    if !ms.is_finite() || ms.abs() > 1e12 {
        return None;
    }
    Some(sign * ms as i64)
}

fn parse_skew(text: &str) -> Result<(Selector, i64), String> {
    let (src, delta) = split_assignment(text)?;
    let delta = delta.trim();
    let bare = delta.trim_start_matches(['+', '-']);
    if !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return Err(format!(
            "skew `{delta}` has no unit: write `{delta}s` for seconds (or ms, m, h)"
        ));
    }
    let ms = parse_duration_ms(delta)
        .ok_or_else(|| format!("bad skew `{delta}`: use e.g. +7s, -1500ms, +2m, +1h"))?;
    Ok((parse_selector(src.trim()), ms))
}

fn parse_size(text: &str) -> Result<u64, String> {
    crate::generate::parse_size(text)
        .ok_or_else(|| format!("bad size `{text}`: use e.g. 100M or 1G"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration_ms("+7s"), Some(7000));
        assert_eq!(parse_duration_ms("-1500ms"), Some(-1500));
        assert_eq!(parse_duration_ms("+1h"), Some(3_600_000));
        assert_eq!(parse_duration_ms("2m"), Some(120_000));
        assert_eq!(parse_duration_ms("x"), None);
        assert_eq!(parse_duration_ms("7"), None, "a unit is required");
    }

    #[test]
    fn a_skew_without_unit_suggests_seconds() {
        let err = parse_skew("iis=7").expect_err("no unit");
        assert!(err.contains("`7s`"), "{err}");
        let err = parse_skew("EX02=-1.5").expect_err("no unit");
        assert!(err.contains("`-1.5s`"), "{err}");
        assert_eq!(
            parse_skew("iis=+7s"),
            Ok((Selector::Kind(SourceKind::Iis), 7000))
        );
    }

    #[test]
    fn tz_and_sizes() {
        let (sel, z) = parse_tz("hcw=+01:00").unwrap();
        assert_eq!(sel, Selector::Kind(SourceKind::Hcw));
        assert_eq!(z, ZoneSpec::Fixed(3600));
        assert!(parse_tz("hcw=Mars/Olympus").is_err());
        assert_eq!(
            parse_tz("W3C=+02:00").map(|(s, _)| s),
            Ok(Selector::Kind(SourceKind::W3c))
        );
        assert!(parse_tz("httpproxy=+02:00").is_err());
        assert_eq!(
            parse_skew("evtx=+2s"),
            Ok((Selector::Kind(SourceKind::Evtx), 2000))
        );
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("100M"), Ok(100 << 20));
    }
}
