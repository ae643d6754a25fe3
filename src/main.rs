//! hcwlens command line entry: parse arguments, run, exit with the documented status.

use clap::Parser;

const REPORT_URL: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/issues");

fn main() {
    std::panic::set_hook(Box::new(|info| {
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown error".to_string());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "hcwlens: internal error{at}: {}\nPlease report it at {REPORT_URL} with the command you ran.",
            hcwlens::escape::escape_control(&what)
        );
    }));
    let cli = hcwlens::cli::Cli::parse();
    std::process::exit(hcwlens::cli::main_with(cli));
}
