//! Unit tests for scope pairing.

use super::*;
use crate::parse::hcw::parse_hcw;
use proptest::prelude::*;

fn line(stamp: &str, level: &str, id: u32, ctx: &str, msg: &str) -> String {
    format!("2024.01.31 {stamp} {level:7} {id} [Client=UX, {ctx}] {msg}\r\n")
}

const WF: &str = "Page=Configuring, fn=RunWorkflow, Workflow=Hybrid";

fn spans(text: &str) -> Vec<ScopeSpan> {
    pair_scopes(&parse_hcw(text, SourceId(1)).entries)
}

#[test]
fn workflow_failure_chain() {
    let mut t = line(
        "20:44:17.612",
        "",
        10267,
        &format!("{WF}, Thread=10"),
        "START ",
    );
    t += &line(
        "20:44:17.700",
        "",
        10272,
        &format!("{WF}, Task=Initial, Thread=10"),
        "START ",
    );
    t += &line(
        "20:44:19.770",
        "",
        10270,
        &format!("{WF}, Task=Initial, Phase=ValidateConfiguration, Thread=10"),
        "START ",
    );
    t += &line(
        "20:44:19.770",
        "",
        10265,
        "Page=Configuring, Thread=1",
        "START via Next",
    );
    t += &line(
        "20:44:19.771",
        "*ERROR*",
        10271,
        &format!("{WF}, Task=Initial, Phase=ValidateConfiguration, Thread=10"),
        "FINISH Time=1.0ms Results=FAILED - (Validation Failure)",
    );
    t += &line(
        "20:44:19.772",
        "*ERROR*",
        10268,
        &format!("{WF}, Thread=10"),
        "FINISH Time=2159.7ms Results=FAILED",
    );
    let s = spans(&t);
    let find = |k: ScopeKind| s.iter().find(|x| x.kind == k).expect("span");
    let wf = find(ScopeKind::Workflow);
    assert_eq!(wf.name, "Hybrid");
    assert!(wf.failed);
    assert_eq!(wf.result.as_deref(), Some("FAILED"));
    assert_eq!((wf.line, wf.finish_line), (1, Some(6)));
    assert!((wf.duration_ms.unwrap_or_default() - 2159.7).abs() < 1e-9);
    let phase = find(ScopeKind::Phase);
    assert_eq!(phase.name, "Initial/ValidateConfiguration");
    assert!(phase.failed);
    let task = find(ScopeKind::Task);
    assert_eq!(task.end, None);
    assert!(!task.failed);
    let page = find(ScopeKind::Page);
    assert_eq!(page.name, "Configuring");
    assert_eq!(page.end, None);
}

#[test]
fn same_id_scopes_ignore_their_progress_lines() {
    let ctx = "Page=Configuring, fn=RunWorkflow, Workflow=Hybrid, Task=MRSProxy, Phase=Configure, Action=ResetIIS, Thread=21";
    let mut t = line("14:52:19.427", "", 10408, ctx, "START ");
    t += &line(
        "14:52:19.429",
        "",
        10408,
        ctx,
        "Stopping IIS Admin Service on EX01...",
    );
    t += &line("14:52:24.981", "", 10408, ctx, "FINISH Time=5554.5ms");
    t += &line("14:52:25.000", "", 10411, "Thread=1", "START ");
    let s = spans(&t);
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].kind, ScopeKind::IisReset);
    assert_eq!(s[0].name, "ResetIIS");
    assert_eq!(s[0].finish_line, Some(3));
    assert_eq!(s[1].kind, ScopeKind::Boot);
    assert_eq!(s[1].name, "UX");
}

#[test]
fn results_that_are_not_failures() {
    let phase = |r: &str| {
        let ctx = format!("{WF}, Task=MailFlow, Phase=CheckConfiguration, Thread=6");
        let mut t = line("03:26:38.000", "", 10270, &ctx, "START ");
        t += &line(
            "03:26:38.100",
            "",
            10271,
            &ctx,
            &format!("FINISH Time=100.0ms Results={r}"),
        );
        spans(&t).remove(0)
    };
    assert!(!phase("FALSE (Configuration Good)").failed);
    assert!(!phase("TRUE (Configuration Needed)").failed);
    assert!(!phase("PASSED - (Validation Passed)").failed);
    assert!(phase("False Failure System.ApplicationException: x").failed);
}

#[test]
fn http_calls_interleave_by_thread_and_flag_errors() {
    let mut t = line(
        "03:26:45.998",
        "",
        10453,
        "fn=SendAsync, Thread=6",
        "START GET https://graph.microsoft.com/beta/x/ServicePrincipals/ ",
    );
    t += &line(
        "03:26:46.000",
        "",
        10453,
        "fn=SendAsync, Thread=7",
        "START PATCH https://graph.microsoft.com/beta/y",
    );
    t += &line(
        "03:26:46.278",
        "",
        10454,
        "fn=SendAsync, Thread=6",
        "FINISH Time=280.1ms Results=OK",
    );
    t += &line(
        "03:26:46.300",
        "",
        10454,
        "fn=SendAsync, Thread=7",
        "FINISH Time=300.0ms Results=NotFound {\"error\":{}}",
    );
    let s = spans(&t);
    assert_eq!(
        s[0].name,
        "GET https://graph.microsoft.com/beta/x/ServicePrincipals/"
    );
    assert!(!s[0].failed);
    assert_eq!(s[1].name, "PATCH https://graph.microsoft.com/beta/y");
    assert!(s[1].failed);
    assert_eq!(s[1].finish_line, Some(4));
}

#[test]
fn finish_without_start_is_backdated() {
    let t = line(
        "03:26:47.235",
        "",
        10458,
        "Thread=6",
        "FINISH Time=164.3s Results=NoContent ",
    );
    let s = spans(&t);
    assert_eq!(s.len(), 1);
    assert!(s[0].start_missing);
    assert_eq!(s[0].end.map(|e| e.0 - s[0].start.0), Some(164_300));
    assert_eq!(s[0].result.as_deref(), Some("NoContent"));
}

proptest! {
    #[test]
    fn pairing_never_panics_and_keeps_order(
        rows in proptest::collection::vec((
            prop::sample::select(vec![10265u32, 10266, 10267, 10268, 10269, 10270, 10271, 10276, 10277, 10408, 10411, 10453, 10454, 10458]),
            prop::sample::select(vec!["START ", "START GET https://x/", "FINISH Time=1,5ms Results=FAILED", "FINISH Time=12.0s Results=NotFound", "FINISH", "Stopping", ""]),
            0u8..3,
            "[ -~]{0,20}",
        ), 0..40),
    ) {
        let mut t = String::new();
        for (i, (id, msg, thread, tail)) in rows.iter().enumerate() {
            t += &format!(
                "2024.01.31 20:44:{:02}.000         {id} [Client=UX, Task=T, Phase=P, Action=ResetIIS, Session=S, Cmdlet=C, Thread={thread}] {msg}{tail}\n",
                i % 60
            );
        }
        let entries = parse_hcw(&t, SourceId(0)).entries;
        let spans = pair_scopes(&entries);
        prop_assert!(spans.windows(2).all(|w| w[0].start <= w[1].start));
        for s in &spans {
            prop_assert!(s.finish_line.is_none_or(|f| f >= s.line || s.start_missing));
        }
        let calls = crate::analyze::cmdlet::pair_cmdlets(&entries);
        prop_assert!(calls.len() <= entries.len());
    }
}
