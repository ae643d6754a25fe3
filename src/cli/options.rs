//! Argument definitions (clap derive); the values of `--tz`, `--skew` and `--size` are read
//! in `values.rs`.

use crate::pipeline::window::{Window, WindowMode, parse_bound};
use crate::pipeline::{LoadOptions, Selector};
use crate::time::ZoneSpec;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use values::{parse_size, parse_skew, parse_tz};

mod values;

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
