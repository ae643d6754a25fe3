//! The report on standard output and the exit status it makes (`--fail-on`), and the
//! warnings about options that meant nothing for the logs loaded.

use super::options::{FailOn, Format};
use crate::analyze::finding::Severity;
use crate::pipeline::Analysis;
use crate::report;
use std::io::Write;

/// Options that meant nothing for these logs, one line each on stderr.
pub(super) fn warn(a: &Analysis) {
    for w in &a.warnings {
        let _ = writeln!(std::io::stderr(), "hcwlens: warning: {w}");
    }
}

pub(super) fn print_report(
    a: &Analysis,
    format: Format,
    redact: bool,
    fail_on: Option<FailOn>,
) -> i32 {
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
