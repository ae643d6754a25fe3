//! Runs a parsed command line and turns every outcome into an exit status:
//! 0 done, 1 `--fail-on` findings present, 2 usage or unreadable input.

use super::demo::DemoFiles;
use super::options::{Cli, ClockArgs, Command, FailOn, Format, NotesArgs};
use crate::analyze::finding::Severity;
use crate::pipeline::{self, Analysis};
use crate::progress::NoProgress;
use crate::report;
use std::io::Write;
use std::path::PathBuf;

/// Runs the command line and returns the process exit status.
pub fn main_with(cli: Cli) -> i32 {
    match cli.command {
        Some(Command::Report {
            ref paths,
            ref auto,
            format,
            redact,
            fail_on,
            index,
            explorer_load,
            ref clock,
            ref window,
        }) => {
            let auto = match auto
                .as_ref()
                .map(|dir| super::auto::resolve(dir.as_deref()))
            {
                Some(Ok(a)) => Some(a),
                Some(Err(e)) => return fail(&e),
                None => None,
            };
            let paths = auto.as_ref().map_or(paths, |a| &a.paths);
            // The HTML timeline counts every request, so it needs the per-line index.
            let mut opts = clock.load_options(index || format == Format::Html);
            if !opts.index && matches!(format, Format::Text | Format::Markdown) {
                // The text report lists only the first handshakes; JSON lists every one.
                opts.listed = Some(report::LISTED_HANDSHAKES);
            }
            opts.window = match window.mode() {
                Ok(m) => m,
                Err(e) => return fail(&e),
            };
            if explorer_load {
                return explorer_load_only(paths, opts);
            }
            match pipeline::load(paths, &opts, &NoProgress) {
                Ok(mut analysis) => {
                    if let Some(a) = &auto {
                        a.annotate(&mut analysis);
                    }
                    warn(&analysis);
                    let code = print_report(&analysis, format, redact, fail_on);
                    // The process ends next; freeing a large analysis piece by piece is wasted time.
                    std::mem::forget(analysis);
                    code
                }
                Err(e) => fail(&e.to_string()),
            }
        }
        Some(Command::Watch {
            ref paths,
            format,
            interval,
            ref clock,
        }) => {
            let format = match format {
                super::options::WatchFormatArg::Text => super::watch::WatchFormat::Text,
                super::options::WatchFormatArg::Json => super::watch::WatchFormat::Json,
            };
            let every = std::time::Duration::from_millis(interval);
            super::watch::run(paths, &clock.load_options(false), format, every)
        }
        Some(Command::Export {
            ref paths,
            format,
            ref out,
            ref clock,
            ref window,
        }) => super::export::run(paths, format, out.as_deref(), clock, window),
        Some(Command::Decode { ref codes }) => decode(codes),
        Some(Command::Demo {
            report,
            format,
            ref clock,
            ref notes,
        }) => demo(clock, notes, report, format),
        Some(Command::Generate {
            size,
            servers,
            days,
            seed,
            ref out,
            httpproxy,
        }) => generate(size, servers, days, seed, out, httpproxy),
        Some(Command::Completions { shell }) => completions(shell),
        None if cli.auto.is_some()
            || (cli.paths.is_empty() && super::auto::on_exchange_server()) =>
        {
            let dir = cli.auto.clone().flatten();
            match super::auto::resolve(dir.as_deref()) {
                Ok(auto) => {
                    super::signals::on_termination(|| {});
                    let paths = auto.paths.clone();
                    let annotate = std::sync::Arc::new(move |a: &mut pipeline::Analysis| {
                        auto.annotate(a);
                    });
                    match crate::tui::run_annotated(
                        paths,
                        cli.clock.load_options(true),
                        "hcwlens --auto".to_string(),
                        cli.notes.notes_dir.clone(),
                        annotate,
                    ) {
                        Ok(code) => code,
                        Err(e) => fail(&e.to_string()),
                    }
                }
                Err(e) => fail(&e),
            }
        }
        None if cli.paths.is_empty() => {
            let _ = writeln!(
                std::io::stderr(),
                "hcwlens: give log files or folders to open, or try `hcwlens demo` (see --help)"
            );
            2
        }
        None => {
            let mut opts = cli.clock.load_options(true);
            opts.window = match cli.window.mode() {
                Ok(m) => m,
                Err(e) => return fail(&e),
            };
            super::signals::on_termination(|| {});
            explore(cli.paths.clone(), opts, &cli.notes, "hcwlens".to_string())
        }
    }
}

/// The explorer's whole load (pipeline with index, lookups, merged timeline) without a terminal:
/// prints the rows indexed and the seconds until the explorer would be ready.
fn explorer_load_only(paths: &[PathBuf], mut opts: pipeline::LoadOptions) -> i32 {
    // What the explorer loads: the index and every handshake (the text report's listing
    // would park abandoned ones).
    opts.index = true;
    opts.listed = None;
    let start = std::time::Instant::now();
    match crate::tui::worker::load(paths, &opts, &NoProgress) {
        Ok(loaded) => {
            let secs = start.elapsed().as_secs_f64();
            let (data, timeline) = &*loaded;
            let requests = &data.analysis.requests;
            let rows: usize = requests.iter().map(|i| i.len()).sum();
            let index: usize = requests.iter().map(|i| i.heap_bytes()).sum();
            let _ = writeln!(
                std::io::stdout(),
                "explorer load: {rows} rows, index {:.1} MB, merged order {:.1} MB, \
                 {} handshakes, {secs:.3} s",
                index as f64 / 1e6,
                timeline.merged.heap_bytes() as f64 / 1e6,
                data.analysis.handshakes.len()
            );
            // The process ends next; freeing the loaded data piece by piece is wasted time.
            std::mem::forget(loaded);
            0
        }
        Err(e) => fail(&e.to_string()),
    }
}

fn fail(msg: &str) -> i32 {
    let _ = writeln!(std::io::stderr(), "hcwlens: {msg}");
    2
}

/// Options that meant nothing for these logs, one line each on stderr.
fn warn(a: &Analysis) {
    for w in &a.warnings {
        let _ = writeln!(std::io::stderr(), "hcwlens: warning: {w}");
    }
}

fn completions(shell: clap_complete::Shell) -> i32 {
    use clap::CommandFactory;
    let mut cmd = Cli::command();
    // Generated into memory: the generator panics on a write error (`| head` closing the pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "hcwlens", &mut script);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&script).and_then(|()| out.flush());
    0
}

fn print_report(a: &Analysis, format: Format, redact: bool, fail_on: Option<FailOn>) -> i32 {
    if format == Format::Json && !redact {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        let _ = report::json::write_to(a, &mut out).and_then(|()| out.flush());
        return exit_for(a, fail_on);
    }
    let mut text = match format {
        // Redacted piece by piece before escaping: the redactor never sees markup.
        Format::Html => return write_out(&report::html::render(a, redact), a, fail_on),
        Format::Text => report::text::render(a),
        Format::Markdown => report::markdown::render(a),
        Format::Json => report::json::render(a),
    };
    if redact {
        let mut r = crate::redact::for_analysis(a);
        // JSON value by value: a whole-text pass would read `\n` escapes as `DOMAIN\user`.
        text = match format {
            Format::Json => r.redact_json(&text),
            _ => r.redact(&text),
        };
    }
    write_out(&text, a, fail_on)
}

fn write_out(text: &str, a: &Analysis, fail_on: Option<FailOn>) -> i32 {
    let mut out = std::io::stdout().lock();
    if out
        .write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return 0;
    }
    exit_for(a, fail_on)
}

/// 1 when `--fail-on` names a severity that some open finding reaches (one a later run fixed
/// does not count), else 0.
fn exit_for(a: &Analysis, fail_on: Option<FailOn>) -> i32 {
    let worst = match fail_on {
        Some(FailOn::Error) => Severity::Error,
        Some(FailOn::Warning) => Severity::Warning,
        None => return 0,
    };
    i32::from(
        a.findings
            .iter()
            .any(|f| f.severity <= worst && f.fixed_by.is_none()),
    )
}

fn decode(codes: &[String]) -> i32 {
    let joined = codes.join(" ");
    match crate::codes::decode_query(&joined) {
        Ok(items) => {
            let _ = write!(
                std::io::stdout(),
                "{}",
                crate::codes::render_decoded(&items)
            );
            0
        }
        Err(e) => fail(&e.to_string()),
    }
}

fn demo(clock: &ClockArgs, notes: &NotesArgs, report: bool, format: Format) -> i32 {
    let files = match DemoFiles::extract(&std::env::temp_dir()) {
        Ok(f) => f,
        Err(e) => return fail(&format!("cannot write the demo files: {e}")),
    };
    let paths = vec![files.root().to_path_buf()];
    let root = files.root().to_path_buf();
    super::signals::on_termination(move || {
        let _ = std::fs::remove_dir_all(&root);
    });
    if report {
        return match pipeline::load(
            &paths,
            &clock.load_options(format == Format::Html),
            &NoProgress,
        ) {
            Ok(a) => {
                warn(&a);
                print_report(&a, format, false, None)
            }
            Err(e) => fail(&e.to_string()),
        };
    }
    explore(
        paths,
        clock.load_options(true),
        notes,
        "hcwlens demo".to_string(),
    )
}

fn explore(
    paths: Vec<PathBuf>,
    opts: crate::pipeline::LoadOptions,
    notes: &NotesArgs,
    title: String,
) -> i32 {
    // Refuse what cannot load before the terminal switches to the full-screen view.
    if let Err(e) = pipeline::expand_inputs(&paths) {
        let hint = match &e {
            crate::error::Error::NotFound(p) => super::suggest::hint_for(p),
            _ => None,
        };
        return fail(&match hint {
            Some(hint) => format!("{e}; {hint}"),
            None => e.to_string(),
        });
    }
    match crate::tui::run(paths, opts, title, notes.notes_dir.clone()) {
        Ok(code) => code,
        Err(e) => fail(&e.to_string()),
    }
}

fn generate(
    size: u64,
    servers: u32,
    days: u32,
    seed: u64,
    out: &std::path::Path,
    httpproxy: bool,
) -> i32 {
    let opts = crate::generate::GenOptions {
        seed,
        bytes: size,
        servers: servers.max(1),
        days: days.max(1),
        ..Default::default()
    };
    let files = crate::generate::generate_tree(&opts, out).and_then(|files| {
        if !httpproxy {
            return Ok(files);
        }
        let mut all = files.clone();
        for iis in &files {
            let Some(server_dir) = iis.parent().and_then(|p| p.parent()) else {
                continue;
            };
            let server = server_dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            all.extend(crate::generate::httpproxy_for_iis(
                iis, server_dir, &server,
            )?);
        }
        Ok(all)
    });
    match files {
        Ok(files) => {
            let mut o = std::io::stdout().lock();
            for f in files {
                let _ = writeln!(o, "{}", f.display());
            }
            0
        }
        Err(e) => fail(&format!("{}: {e}", out.display())),
    }
}
