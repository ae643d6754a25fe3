//! Test support: cmdlet calls shaped like the ones HCW logs.

use crate::analyze::cmdlet::{CmdletCall, CmdletOutcome};
use crate::source::SourceId;
use crate::time::UtcMs;

/// A `Test-MigrationServerAvailability` call of `dur_ms` from `start`, logged at `line` of
/// source 9 (FINISH two lines later).
pub fn tmsa(
    start: UtcMs,
    dur_ms: i64,
    outcome: CmdletOutcome,
    error: &str,
    remote: &str,
    line: u64,
) -> CmdletCall {
    let urls = if error.contains("https://") {
        let from = error.find("https://").unwrap_or(0);
        let rest = &error[from..];
        let end = rest.find('\'').unwrap_or(rest.len());
        vec![rest[..end].to_string()]
    } else {
        Vec::new()
    };
    CmdletCall {
        name: "Test-MigrationServerAvailability".into(),
        command: format!(
            "Test-MigrationServerAvailability -ExchangeRemoteMove: $true -RemoteServer '{remote}' -Credentials (Get-Credential -UserName CONTOSO\\migadmin)"
        ),
        session: Some("Tenant".into()),
        thread: Some("21".into()),
        http_status: None,
        start_missing: false,
        run: 0,
        start,
        end: Some(start.plus_ms(dur_ms)),
        duration_ms: Some(dur_ms as f64),
        outcome,
        error: (!error.is_empty()).then(|| error.to_string()),
        source: SourceId(9),
        line,
        finish_line: Some(line + 2),
        remote_server: Some(remote.into()),
        urls,
    }
}

/// Any other call (on-premises session).
pub fn other(name: &str, start: UtcMs, dur_ms: i64, line: u64) -> CmdletCall {
    CmdletCall {
        name: name.into(),
        command: name.into(),
        session: Some("OnPremises".into()),
        thread: Some("21".into()),
        http_status: None,
        start_missing: false,
        run: 0,
        start,
        end: Some(start.plus_ms(dur_ms)),
        duration_ms: Some(dur_ms as f64),
        outcome: CmdletOutcome::Success,
        error: None,
        source: SourceId(9),
        line,
        finish_line: Some(line + 1),
        remote_server: None,
        urls: Vec::new(),
    }
}
