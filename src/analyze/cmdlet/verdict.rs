//! What the output below a cmdlet's FINISH says about how the call ended, when PowerShell
//! itself reported no error: success, failure, or unknown because the output is cut off.
//!
//! The outcome is only in `Result='…'` inside the object dump (a failing
//! `Test-MigrationServerAvailability` is an informational FINISH with `Results=1`). Most
//! successful calls return objects without any `Result=` (`ExchangeServer {…}`), so a missing
//! marker alone means success — but only when the output is complete. Output is incomplete when
//! an object breaks off before its closing `}` (the log was cut, or the writer died), or when
//! the log ends after a FINISH that announced `Results=N` on its own line with fewer than `N`
//! object lines below it. An `ErrorDetail` without a `Result=` (in such output, or in a
//! condensed copy that dropped the marker) says the call failed, with its text, so the
//! diagnoses built on it keep working; a text the log ends inside (a copy taken while HCW
//! wrote it) ends [`CUT_AT_END`], whether or not a `Result='Failed'` came before it.

use super::dump::{Marker, clip, dump_error, property, property_open, result_marker};

/// What follows an error text the log ends inside (an `ErrorDetail` being written when the log
/// was copied).
pub const CUT_AT_END: &str = "[cut: the log ends here]";

/// `text` shortened to `max` characters between values ([`crate::clip::clip`]); a text the log
/// ends inside keeps its [`CUT_AT_END`] after the `…`, so a quote cut short still says so.
pub fn clip_error(text: &str, max: usize) -> String {
    let Some(rest) = text.strip_suffix(CUT_AT_END) else {
        return crate::clip::clip(text, max);
    };
    let rest = rest.trim_end();
    let clipped = crate::clip::clip(rest, max);
    if clipped == rest {
        text.to_string()
    } else {
        format!("{clipped} {CUT_AT_END}")
    }
}

/// Whether a failed call's error text is one the log ends inside ([`CUT_AT_END`]).
pub fn error_cut_at_end(c: &super::CmdletCall) -> bool {
    c.outcome == super::CmdletOutcome::Failed
        && c.error.as_deref().is_some_and(|e| e.ends_with(CUT_AT_END))
}

/// How the error text of a call whose output was cut off ends.
pub const OUTCOME_UNKNOWN: &str = "no Result= logged, outcome unknown";

/// How the error of a call whose log ends before its result begins (the log ends in the call:
/// a copy taken while HCW wrote, or a wizard killed while it ran; the log cannot tell which).
pub const LOG_ENDS: &str = "the log ends";

/// Whether the log ends inside `call`, before its result: its outcome is unknown because
/// nothing follows in its file ([`outcome_unknown`], the error begins with [`LOG_ENDS`]).
pub fn log_ends_in(call: &super::CmdletCall) -> bool {
    outcome_unknown(call)
        && call
            .error
            .as_deref()
            .is_some_and(|e| e.starts_with(LOG_ENDS))
}

/// Whether a call's error says its output was cut off before its outcome (the outcome is
/// unknown, the call is counted as an error).
pub fn outcome_unknown(call: &super::CmdletCall) -> bool {
    call.error
        .as_deref()
        .is_some_and(|e| e.ends_with(OUTCOME_UNKNOWN))
}

/// The outcome a FINISH's output shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    /// `Result='Success'`, or complete output without a failure marker.
    Success,
    /// `Result='Failed'`/`'Warning'`, or an `ErrorDetail` without a `Result=`;
    /// the error text.
    Failed(String),
    /// The output is cut off before anything says how the call ended; why.
    Cut(String),
}

/// Where the FINISH stands: what the verdict needs besides the text.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place<'a> {
    /// `Results=` as written (`1`, `0`, empty).
    pub results: &'a str,
    /// The continuation text below the FINISH line, as parsed (hard wraps not yet undone).
    pub dump: &'a str,
    /// The FINISH stands on its own continuation line, so objects were announced below it.
    pub own_line: bool,
    /// No later entry follows in the same file.
    pub last_in_file: bool,
    /// The entry holds its `FINISH Time=…` line (a log cut right after the entry's header
    /// line has none).
    pub finish_logged: bool,
    /// That line holds `Results=` with a value (every cmdlet FINISH the wizard writes does;
    /// a log cut inside the line has none).
    pub results_logged: bool,
}

/// The verdict on a FINISH; `text` is `Results=` and the dump with every hard wrap undone.
pub(super) fn verdict(text: &str, at: Place<'_>) -> Verdict {
    // An ErrorDetail the output breaks off inside: the log was cut while it was written.
    let detail_cut = property_open(text, "ErrorDetail");
    match result_marker(text) {
        Marker::Failed => {
            let error = dump_error(text).unwrap_or_else(|| "Result='Failed'".into());
            return Verdict::Failed(if detail_cut && at.last_in_file {
                format!("{error} {CUT_AT_END}")
            } else {
                error
            });
        }
        Marker::Success => return Verdict::Success,
        Marker::None => {}
    }
    // An error detail says the call failed, in a condensed copy that never had a `Result=`
    // (`Results=1 {ErrorDetail=…}`, as msxfaq renders it) and in output cut inside it or
    // before its `Result=` (a copy taken while HCW wrote it: the exception it logged is how
    // the call ended, and the diagnoses built on it keep working); a text the log ends inside
    // says so.
    if let Some(detail) = property(text, "ErrorDetail")
        .map(clip)
        .filter(|d| !d.is_empty())
    {
        return Verdict::Failed(if detail_cut && at.last_in_file {
            format!("{detail} {CUT_AT_END}")
        } else {
            detail
        });
    }
    // A FINISH whose line was never written, or was cut before its `Results=`, says nothing
    // of how the call ended.
    if !at.finish_logged || !at.results_logged {
        let why = match (at.finish_logged, at.last_in_file) {
            (false, true) => {
                format!("{LOG_ENDS} after this FINISH's first line, before its Time= and Results=")
            }
            (false, false) => "this FINISH logged no Time= or Results=".to_string(),
            (true, true) => format!("{LOG_ENDS} inside this FINISH's line, before its Results="),
            (true, false) => "this FINISH logged no Results=".to_string(),
        };
        return Verdict::Cut(format!("{why}: {OUTCOME_UNKNOWN}"));
    }
    let cut_object = object_open(text);
    let missing = at.last_in_file && at.own_line && objects_missing(at.results, at.dump);
    if !cut_object && !missing {
        return Verdict::Success;
    }
    let why = match (cut_object, at.last_in_file) {
        (true, true) => format!("{LOG_ENDS} inside this call's output"),
        (true, false) => "this call's output breaks off inside an object".to_string(),
        (false, _) => format!("{LOG_ENDS} before the objects this FINISH announced"),
    };
    Verdict::Cut(format!("{why}: {OUTCOME_UNKNOWN}"))
}

/// Whether the last object of the dump is not closed: the text has an object (`{`) and does
/// not end with its `}`. Complete dumps always end with `}`, however they were wrapped.
fn object_open(text: &str) -> bool {
    let dump = text.trim_end();
    dump.contains('{') && !dump.ends_with('}')
}

/// Whether fewer object lines (`TypeName {…`, not indented) follow than `Results=N` announced.
fn objects_missing(results: &str, dump: &str) -> bool {
    let Ok(announced) = results.trim().parse::<usize>() else {
        return false;
    };
    let written = dump.lines().filter(|l| starts_object(l)).count();
    written < announced
}

/// `TypeName {` at the start of an unindented line.
fn starts_object(line: &str) -> bool {
    let Some((name, _)) = line.split_once(" {") else {
        return false;
    };
    !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '`' | '[' | ']' | '+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(results: &'a str, dump: &'a str, last_in_file: bool) -> Place<'a> {
        Place {
            results,
            dump,
            own_line: true,
            last_in_file,
            finish_logged: true,
            results_logged: true,
        }
    }

    #[test]
    fn complete_output_without_a_marker_is_a_success() {
        let dump = "ExchangeServer {Name='EX01' WhenCreated='05.03.2022 14:48:58'}";
        assert_eq!(
            verdict(&format!("1\n{dump}"), at("1", dump, true)),
            Verdict::Success
        );
        // `Results=3` on the header line with nothing below: complete, as real logs show.
        let inline = Place {
            own_line: false,
            ..at("3", "", true)
        };
        assert_eq!(verdict("3\n", inline), Verdict::Success);
    }

    #[test]
    fn an_error_detail_in_cut_output_is_a_failure_said_cut_where_the_log_ends() {
        let dump = "TestMigrationServerAvailabilityOutcome {ErrorDetail='X.MigrationServerConnectionFailedException: The connection to the server 'mail.contoso.com' could not be completed. ---> (401) Unauthorized.";
        let v = verdict(&format!("1\n{dump}"), at("1", dump, true));
        let Verdict::Failed(err) = v else {
            panic!("{v:?}")
        };
        assert!(err.starts_with("X.MigrationServerConnectionFailedException"));
        assert!(
            err.ends_with("(401) Unauthorized. [cut: the log ends here]"),
            "{err}"
        );
        // The file goes on after it: failed, its text as far as it was written.
        let v = verdict(&format!("1\n{dump}"), at("1", dump, false));
        assert!(
            matches!(&v, Verdict::Failed(err) if err.ends_with("(401) Unauthorized.")),
            "{v:?}"
        );
    }

    #[test]
    fn output_cut_without_an_error_is_unknown() {
        let open = "ExchangeServer {AdminDisplayVersion='Version 15.2 (Build 1544.4)' Na";
        assert!(matches!(
            verdict(&format!("1\n{open}"), at("1", open, true)),
            Verdict::Cut(why) if why.starts_with("the log ends inside")
        ));
        assert!(matches!(
            verdict(&format!("1\n{open}"), at("1", open, false)),
            Verdict::Cut(why) if why.starts_with("this call's output breaks off")
        ));
        // The log ends right after `FINISH … Results=1`, or after one of two objects.
        assert!(matches!(verdict("1\n", at("1", "", true)), Verdict::Cut(_)));
        let one = "O {A=1}";
        assert!(matches!(
            verdict(&format!("2\n{one}"), at("2", one, true)),
            Verdict::Cut(_)
        ));
        // The same FINISH followed by other entries is not cut.
        assert_eq!(verdict("1\n", at("1", "", false)), Verdict::Success);
    }

    #[test]
    fn markers_decide_first() {
        let ok = "O {IsValid=1 Result='Success' TestedEndpoint='a";
        assert_eq!(
            verdict(&format!("1\n{ok}"), at("1", ok, true)),
            Verdict::Success
        );
        let failed = "O {ErrorDetail='' Message='m.' Result='Failed'}";
        assert_eq!(
            verdict(&format!("1\n{failed}"), at("1", failed, true)),
            Verdict::Failed("m.".into())
        );
    }
}
