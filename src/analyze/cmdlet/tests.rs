//! Unit tests for cmdlet pairing and FINISH dumps.

use super::dump::{Marker, property, result_marker};

mod cause;
mod ends;
use super::*;
use crate::parse::hcw::parse_hcw;

const PAD: &str = "                                      ";

fn entries(text: &str) -> Vec<HcwEntry> {
    parse_hcw(text, SourceId(2)).entries
}

fn line(stamp: &str, level: &str, id: u32, ctx: &str, msg: &str) -> String {
    format!("2022.03.05 {stamp} {level:7} {id} [Client=UX, {ctx}] {msg}\r\n")
}

const TMSA: &str = "Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=21";

#[test]
fn failed_tmsa_interleaved_with_other_threads() {
    let mut t = line(
        "14:51:28.004",
        "",
        10276,
        TMSA,
        "START Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer 'mail.contoso.com' -Credentials (Get-Credential -UserName CONTOSO\\admin)",
    );
    t += &line(
        "14:51:30.000",
        "",
        10276,
        "Session=Tenant, Cmdlet=Get-X, Thread=1",
        "START ",
    );
    t += &line(
        "14:51:31.000",
        "",
        10277,
        "Session=Tenant, Cmdlet=Get-X, Thread=1",
        "FINISH Time=1000.0ms Results=0",
    );
    t += &line("14:52:19.424", "", 10277, TMSA, "");
    t += &format!("{PAD}FINISH Time=51,4s Results=1\r\n");
    t += &format!(
        "{PAD}TestMigrationServerAvailabilityOutcome {{ErrorDetail='Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server 'mail.contoso.com' could not be completed. ---> The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed. Error details: The remote server returned an error: (401) Unauthorized..\r\n"
    );
    t += &format!(
        "{PAD}   at X.Y()' IsValid=1 Message='The connection to the server 'mail.contoso.com' could not be completed.' ObjectState='New' Result='Failed' SupportsCutover=0}}\r\n"
    );
    let calls = pair_cmdlets(&entries(&t));
    assert_eq!(calls.len(), 2);
    let c = &calls[0];
    assert_eq!(c.name, "Test-MigrationServerAvailability");
    assert_eq!(c.outcome, CmdletOutcome::Failed);
    assert_eq!(c.duration_ms, Some(51_400.0));
    assert_eq!(c.remote_server.as_deref(), Some("mail.contoso.com"));
    assert_eq!(
        c.urls,
        vec!["https://mail.contoso.com/EWS/mrsproxy.svc".to_string()]
    );
    assert_eq!(c.http_status, Some(401));
    assert_eq!((c.line, c.finish_line), (1, Some(4)));
    assert_eq!(c.session.as_deref(), Some("Tenant"));
    assert_eq!(c.thread.as_deref(), Some("21"));
    let err = c.error.as_deref().expect("error");
    assert!(
        err.starts_with("Microsoft.Exchange.Migration.MigrationServerConnectionFailedException")
    );
    assert!(err.ends_with("(401) Unauthorized.."), "{err}");
    assert_eq!(calls[1].name, "Get-X");
    assert_eq!(calls[1].outcome, CmdletOutcome::Success);
    assert_eq!(calls[1].error, None);
}

#[test]
fn success_error_and_unfinished() {
    let mut t = line(
        "22:30:34.171",
        "",
        10276,
        TMSA,
        "START Test-MigrationServerAvailability -RemoteServer \"mail.contoso.com\"",
    );
    t += &line("22:30:41.833", "", 10277, TMSA, "");
    t += &format!("{PAD}FINISH Time=7661.7ms Results=1\r\n");
    t += &format!(
        "{PAD}TestMigrationServerAvailabilityOutcome {{IsValid=1 ObjectState='New' Result='Success' SupportsCutover=0 TestedEndpoint='mail.contoso.com'}}\r\n"
    );
    let fed = "Session=OnPremises, Cmdlet=Set-FederatedOrganizationIdentifier, Thread=9";
    t += &line(
        "22:31:00.000",
        "",
        10276,
        fed,
        "START Set-FederatedOrganizationIdentifier -Enabled: $true",
    );
    t += &line(
        "22:31:06.140",
        "*ERROR*",
        10277,
        fed,
        "FINISH Time=6140.9ms Results=PowerShell failed to invoke 'Set-FederatedOrganizationIdentifier': Object reference not set to an instance of an object.",
    );
    t += &line(
        "22:32:00.000",
        "",
        10276,
        "Session=Tenant, Cmdlet=Get-Y, Thread=4",
        "START ",
    );
    let calls = pair_cmdlets(&entries(&t));
    assert_eq!(calls.len(), 3);
    assert_eq!(calls[0].outcome, CmdletOutcome::Success);
    assert_eq!(calls[0].remote_server.as_deref(), Some("mail.contoso.com"));
    assert!((calls[0].duration_ms.unwrap_or_default() - 7661.7).abs() < 1e-9);
    assert_eq!(calls[1].outcome, CmdletOutcome::Error);
    assert!(
        calls[1]
            .error
            .as_deref()
            .unwrap_or("")
            .starts_with("PowerShell failed to invoke")
    );
    assert_eq!(calls[2].outcome, CmdletOutcome::Error);
    // The last thing logged: the log ends in it (the ends tests tell it from "no FINISH").
    assert!(log_ends_in(&calls[2]), "{:?}", calls[2].error);
    assert_eq!(calls[2].end, None);
}

#[test]
fn finish_without_start_is_kept_and_backdated() {
    let t = line(
        "20:51:05.132",
        "ERROR",
        10277,
        "Session=Tenant, Cmdlet=Set-TransportConfig, Thread=8",
        "FINISH Time=365.2ms Results=PowerShell failed to invoke 'Set-TransportConfig': denied",
    );
    let calls = pair_cmdlets(&entries(&t));
    assert_eq!(calls.len(), 1);
    assert!(calls[0].start_missing);
    assert_eq!(calls[0].outcome, CmdletOutcome::Error);
    assert_eq!(calls[0].end.map(|e| e.0 - calls[0].start.0), Some(365));
}

#[test]
fn missing_time_falls_back_to_the_stamps() {
    let ctx = "Session=Tenant, Cmdlet=Get-Z, Thread=3";
    let mut t = line("10:00:00.000", "", 10276, ctx, "START ");
    t += &line("10:00:02.500", "", 10277, ctx, "FINISH Results=0");
    let calls = pair_cmdlets(&entries(&t));
    assert_eq!(calls[0].duration_ms, Some(2500.0));
}

#[test]
fn markers_and_properties() {
    assert_eq!(
        result_marker("X {IsValid=1 Result='Warning'}"),
        Marker::Failed
    );
    assert_eq!(
        result_marker("X {LastResult='Failed' Result='Success'}"),
        Marker::Success
    );
    assert_eq!(result_marker("X {IsValid=1}"), Marker::None);
    let dump = "O {ErrorDetail='a 'b' c' IsValid=1 Message='m 'x' n.' Result='Failed'}";
    assert_eq!(property(dump, "ErrorDetail"), Some("a 'b' c"));
    assert_eq!(property(dump, "Message"), Some("m 'x' n."));
    assert_eq!(property(dump, "Detail"), None);
    let condensed =
        "Results=1 {ErrorDetail=Boom: it failed (401) Unauthorized..  IsValid=1 Result='Failed'}";
    assert_eq!(
        property(condensed, "ErrorDetail"),
        Some("Boom: it failed (401) Unauthorized..")
    );
    assert_eq!(property("{Message=short}", "Message"), Some("short"));
    let empty_detail = "O {ErrorDetail='' Message='Only the message.' Result='Failed'}";
    assert_eq!(
        super::dump::dump_error(empty_detail).as_deref(),
        Some("Only the message.")
    );
}

#[test]
fn urls_statuses_and_remote_servers() {
    let text = "The call to 'https://a/EWS/mrsproxy.svc' timed out. The call to 'net.tcp://b:9821/x' failed. The call to 'https://a/EWS/mrsproxy.svc' again (504) Gateway Timeout";
    assert_eq!(
        call_urls(text),
        vec!["https://a/EWS/mrsproxy.svc".to_string()]
    );
    assert_eq!(http_status(text), Some(504));
    assert_eq!(
        http_status("Version 15.1 (Build 2308.8) (1234) (099) x"),
        None
    );
    assert_eq!(
        remote_server("Test-X -RemoteServer: 'h.example' -Y"),
        Some("h.example".into())
    );
    assert_eq!(
        remote_server("Test-X -remoteserver h2 -Y"),
        Some("h2".into())
    );
    assert_eq!(remote_server("Test-X -RemoteServerName h3"), None);
    assert_eq!(remote_server("Test-X -RemoteServer"), None);
}

#[test]
fn long_errors_are_clipped_and_escaped() {
    let ctx = "Session=Tenant, Cmdlet=Test-MigrationServerAvailability, Thread=5";
    let mut t = line(
        "10:00:00.000",
        "",
        10276,
        ctx,
        "START Test-MigrationServerAvailability",
    );
    t += &line("10:00:01.000", "", 10277, ctx, "");
    t += &format!("{PAD}FINISH Time=1000.0ms Results=1\r\n");
    t += &format!(
        "{PAD}O {{ErrorDetail='\u{1b}[31m{}' Result='Failed'}}\r\n",
        "The call failed. ".repeat(200)
    );
    let calls = pair_cmdlets(&entries(&t));
    let err = calls[0].error.as_deref().unwrap_or("");
    // Cut between words (`crate::clip`), never inside one: at most ERROR_CHARS of the text.
    assert!(err.chars().count() <= ERROR_CHARS + 3 + 1, "{err}");
    assert!(err.chars().count() > ERROR_CHARS - 20, "{err}");
    assert!(err.starts_with("\\x1B[31mThe call"), "{err}");
    let words = err.trim_start_matches("\\x1B[31m").trim_end_matches('…');
    assert!(err.ends_with('…'), "{err}");
    assert!(
        "The call failed. "
            .repeat(200)
            .starts_with(&format!("{words} ")),
        "{err}"
    );
}

#[test]
fn finish_on_another_thread_closes_the_open_start() {
    let a = "Session=Tenant, Cmdlet=Get-A, Thread=16";
    let mut t = line("10:00:00.000", "", 10276, a, "START ");
    t += &line(
        "10:00:00.100",
        "",
        10276,
        "Session=Tenant, Cmdlet=Get-A, Thread=17",
        "START ",
    );
    t += &line(
        "10:00:00.500",
        "",
        10277,
        "Session=Tenant, Cmdlet=Get-A, Thread=4",
        "FINISH Time=500.0ms Results=0",
    );
    t += &line(
        "10:00:00.600",
        "",
        10277,
        a,
        "FINISH Time=600.0ms Results=0",
    );
    let calls = pair_cmdlets(&entries(&t));
    assert_eq!(calls.len(), 2);
    assert_eq!((calls[0].line, calls[0].finish_line), (1, Some(4)));
    assert_eq!((calls[1].line, calls[1].finish_line), (2, Some(3)));
    assert!(calls.iter().all(|c| !c.start_missing));
}

/// A dump line hard-wrapped every `width` characters, as a build with another wrap width would.
fn wrapped(text: &str, width: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .chunks(width)
        .map(|c| format!("{PAD}{}\r\n", c.iter().collect::<String>()))
        .collect()
}

#[test]
fn quoted_values_are_read_to_their_closing_quote_at_any_wrap_width() {
    let chain = "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server 'mail.contoso.com' could not be completed. ---> Microsoft.Exchange.MailboxReplicationService.MRSRemoteTransientException: The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed because no service was listening on the specified endpoint. --> The remote name could not be resolved: 'mail.contoso.com'";
    let message = "The connection to the server 'mail.contoso.com' could not be completed.";
    let dump = format!(
        "TestMigrationServerAvailabilityOutcome {{ErrorDetail='{chain}' IsValid=1 Message='{message}' ObjectState='New' Result='Failed' SupportsCutover=0}}"
    );
    for width in [7, 33, 64, 100, 151, 233, 500] {
        let mut t = line(
            "10:00:00.000",
            "",
            10276,
            TMSA,
            "START Test-MigrationServerAvailability -RemoteServer 'mail.contoso.com'",
        );
        t += &line("10:00:41.000", "", 10277, TMSA, "");
        t += &format!("{PAD}FINISH Time=41.0s Results=1\r\n");
        t += &wrapped(&dump, width);
        let calls = pair_cmdlets(&entries(&t));
        let c = &calls[0];
        assert_eq!(c.outcome, CmdletOutcome::Failed, "width {width}");
        assert_eq!(c.error.as_deref(), Some(chain), "width {width}");
        assert_eq!(
            c.urls,
            vec!["https://mail.contoso.com/EWS/mrsproxy.svc".to_string()],
            "width {width}"
        );
        let finish = entries(&t).into_iter().nth(1).expect("finish");
        let text = unwrap_text(&finish.body);
        assert_eq!(property(&text, "Message"), Some(message), "width {width}");
    }
}

#[test]
fn stack_frames_stay_on_their_own_lines() {
    let text = "O {ErrorDetail='A: outer ---> B: in\nner\n   --- End of inner exception stack trace ---\n   at X.Y()' Message='m' Result='Fai\nled'}";
    let un = unwrap_text(text);
    assert_eq!(
        property(&un, "ErrorDetail"),
        Some("A: outer ---> B: inner\n   --- End of inner exception stack trace ---\n   at X.Y()")
    );
    assert_eq!(result_marker(&un), Marker::Failed);
    assert_eq!(
        super::dump::dump_error(&un).as_deref(),
        Some("A: outer ---> B: inner")
    );
}

#[test]
fn only_a_later_run_counts_as_getting_past_a_failure() {
    let run = |source: u16, stamps: &[(&str, bool)]| -> Vec<CmdletCall> {
        let mut t = String::new();
        for (stamp, ok) in stamps {
            t += &line(
                stamp,
                "",
                10276,
                TMSA,
                "START Test-MigrationServerAvailability",
            );
            t += &line(stamp, "", 10277, TMSA, "");
            t += &format!("{PAD}FINISH Time=1000.0ms Results=1\r\n");
            let r = if *ok { "Success" } else { "Failed" };
            t += &format!("{PAD}O {{IsValid=1 Result='{r}'}}\r\n");
        }
        pair_cmdlets(&parse_hcw(&t, SourceId(source)).entries)
    };
    // One run: failed, then the retry succeeded. Not a later run.
    let same = run(0, &[("10:00:00.000", false), ("10:01:00.000", true)]);
    assert!(later_success(&same, &same[0]).is_none());
    // A later run succeeded.
    let mut two = run(0, &[("10:00:00.000", false)]);
    two.extend(run(1, &[("11:00:00.000", true)]));
    let ok = later_success(&two, &two[0]).expect("fixed");
    assert_eq!(
        (ok.source, crate::time::sentence_utc(ok.start)),
        (SourceId(1), "2022-03-05 11:00:00 UTC".to_string())
    );
    assert!(
        later_success(&two, &two[1]).is_none(),
        "a success needs no fixing"
    );
    // ... and a third run failed again: nothing is fixed.
    two.extend(run(2, &[("12:00:00.000", false)]));
    assert!(later_success(&two, &two[0]).is_none());
}

#[test]
fn a_later_success_against_another_server_names_it() {
    // The corpus: mail.canadasam.ca did not resolve; the run that succeeded tested
    // mail.canadadrey.ca. "A later run succeeded" alone read as if the first name now worked.
    let call = |server: Option<&str>, ok: bool| {
        let outcome = if ok {
            CmdletOutcome::Success
        } else {
            CmdletOutcome::Failed
        };
        let mut c = crate::analyze::correlate::testcalls::tmsa(UtcMs(0), 1000, outcome, "", "x", 1);
        c.remote_server = server.map(str::to_string);
        c
    };
    let failed = call(Some("mail.canadasam.ca"), false);
    let words = |ok: &CmdletCall| later_words(&failed, ok);
    assert_eq!(
        words(&call(Some("mail.canadadrey.ca"), true)),
        "a later run at 1970-01-01 00:00:00 UTC succeeded with another remote server, \
         mail.canadadrey.ca"
    );
    assert_eq!(
        words(&call(Some("MAIL.canadasam.ca"), true)),
        "a later run at 1970-01-01 00:00:00 UTC succeeded"
    );
    assert_eq!(
        words(&call(None, true)),
        "a later run at 1970-01-01 00:00:00 UTC succeeded"
    );
}

/// The START line of a Test-MigrationServerAvailability call at 14:23:59.390.
fn tmsa_start() -> String {
    line(
        "14:23:59.390",
        "",
        10276,
        TMSA,
        "START Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer 'mail.contoso.com' -Credentials (Get-Credential -UserName CONTOSO\\hcwadmin)",
    )
}

#[test]
fn a_log_cut_inside_the_output_is_never_a_success() {
    let start = tmsa_start();
    let finish =
        line("14:24:04.818", "", 10277, TMSA, "") + PAD + "FINISH Time=5428,0ms Results=1\r\n";
    let cut_dump = format!(
        "{PAD}TestMigrationServerAvailabilityOutcome {{ErrorDetail='Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server 'mail.contoso.com' could not be completed. ---> Microsoft.Exchange.MailboxReplicationService.MrsHttpUnauthorizedException: The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed. Error details: The remote server returned an error: (401) Unauthorized.\r\n"
    );
    // Cut inside the ErrorDetail, before the Result=: the ErrorDetail says it failed, and why;
    // its text says where the log ends.
    let calls = pair_cmdlets(&entries(&format!("{start}{finish}{cut_dump}")));
    assert_eq!(calls[0].outcome, CmdletOutcome::Failed);
    assert_eq!(calls[0].http_status, Some(401));
    let err = calls[0].error.as_deref().unwrap_or("");
    assert!(
        err.starts_with("Microsoft.Exchange.Migration.MigrationServerConnectionFailedException")
            && err.ends_with("[cut: the log ends here]"),
        "{err}"
    );
    // Result='Failed' read before an ErrorDetail the log ends in: failed, as logged, and the
    // text says where it was cut.
    let failed_first = format!(
        "{PAD}O {{Result='Failed' ErrorDetail='Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The remote server returned an error: (4\r\n"
    );
    let calls = pair_cmdlets(&entries(&format!("{start}{finish}{failed_first}")));
    assert_eq!(calls[0].outcome, CmdletOutcome::Failed);
    let err = calls[0].error.as_deref().unwrap_or("");
    assert!(
        err.starts_with("Microsoft.Exchange.Migration.MigrationServerConnectionFailedException")
            && err.ends_with("(4 [cut: the log ends here]"),
        "{err}"
    );
    // Cut right after the FINISH line: nothing says how it ended.
    let calls = pair_cmdlets(&entries(&format!("{start}{finish}")));
    assert_eq!(calls[0].outcome, CmdletOutcome::Error);
    assert!(
        calls[0]
            .error
            .as_deref()
            .unwrap_or("")
            .contains("outcome unknown")
    );
    // Cut inside an object without an error: unknown too.
    let other = "Session=OnPremises, Cmdlet=Get-ExchangeServer, Thread=17";
    let t = line("14:21:59.122", "", 10276, other, "START ")
        + &line("14:21:59.387", "", 10277, other, "")
        + PAD
        + "FINISH Time=265,0ms Results=1\r\n"
        + PAD
        + "ExchangeServer {AdminDisplayVersion='Version 15.2 (Build 1544.4)' Na\r\n";
    let calls = pair_cmdlets(&entries(&t));
    assert_eq!(calls[0].outcome, CmdletOutcome::Error);
}

#[test]
fn a_log_cut_after_the_finish_header_is_never_a_success() {
    let start = tmsa_start();
    // The header of the FINISH entry was written, its `FINISH Time=… Results=…` line and the
    // object dump were not (a copy taken while HCW wrote, a writer that died): as cut, with
    // or without the next line's indent, with or without its line end.
    let header = line("14:24:04.818", "", 10277, TMSA, "");
    for tail in ["", PAD, &format!("{PAD}\r\n")] {
        for text in [
            format!("{start}{header}{tail}"),
            format!("{start}{header}").trim_end().to_string() + tail,
        ] {
            let calls = pair_cmdlets(&entries(&text));
            assert_eq!(calls.len(), 1, "{text:?}");
            assert_eq!(calls[0].outcome, CmdletOutcome::Error, "{text:?}");
            assert!(outcome_unknown(&calls[0]), "{:?}", calls[0].error);
        }
    }
}
