//! Runs a parsed command line and turns every outcome into an exit status:
//! 0 done, 1 `--fail-on` findings present, 2 usage or unreadable input.

use super::demo::DemoFiles;
use super::explorer_load::explorer_load_only;
use super::options::{Cli, ClockArgs, Command, Format, NotesArgs};
use super::print::{print_report, warn};
use crate::pipeline;
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

pub(super) fn fail(msg: &str) -> i32 {
    let _ = writeln!(std::io::stderr(), "hcwlens: {msg}");
    2
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

fn decode(codes: &[String]) -> i32 {
    match crate::codes::decode_args(codes) {
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
