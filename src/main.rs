//! hcwlens command line entry: parse arguments, run, exit with the documented status.

use clap::Parser;

fn main() {
    let cli = hcwlens::cli::Cli::parse();
    std::process::exit(hcwlens::cli::main_with(cli));
}
