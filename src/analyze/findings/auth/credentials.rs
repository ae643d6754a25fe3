//! `credentials-rejected`: logon failures on the final leg (or a linked Security event that
//! says the credentials were refused), split into Exchange Online's calls and everyone else's,
//! each with the precise causes the Security log gives and what to check for the account.

use super::super::DiagnoseInput;
use super::super::census::Census;
use super::super::common::{
    Draft, MAX_HANDSHAKES, call_desc, credential_user, distinct, distinct_of, esc,
    failed_mrs_calls, linked_to, list, org_names,
};
use super::super::security;
use super::super::text::{
    IIS_STATUS_DOC, MRS_PROXY_DOC, PH_ACCOUNT, PH_EWS_HOST, SSPI_DOC, TMSA_DOC, code_label,
    logon_failure_name,
};
use super::final_server;
use crate::analyze::finding::{Finding, FindingId, Severity};
use crate::analyze::handshake::{SEC_E_LOGON_DENIED, SEC_E_UNKNOWN_CREDENTIALS};
use crate::analyze::mrs::is_mrsproxy;
use crate::parse::evtx::SecurityEvent;

/// Logon failures in two findings when both kinds are there: those of Exchange Online's calls
/// (mrsproxy, or during a failed call from the addresses that failed on mrsproxy) and everyone
/// else's (a user's stale password is not the migration account's refusal).
pub fn credentials(input: &DiagnoseInput<'_>, census: &Census) -> Vec<Finding> {
    let hs = input.handshakes;
    // A handshake whose Security event says the credentials were refused counts whatever the
    // IIS code (a proxy may log another one).
    let failed: Vec<usize> = census
        .failed
        .iter()
        .copied()
        .filter(|&h| {
            hs[h].failure_code.is_some_and(is_logon_failure)
                || security::rejected_by_event(input, h)
        })
        .collect();
    let calls = failed_mrs_calls(input);
    let mrs_clients: Vec<&str> = failed
        .iter()
        .filter(|&&h| is_mrsproxy(&hs[h].uri))
        .map(|&h| hs[h].client.as_str())
        .collect();
    let (mrs, others): (Vec<usize>, Vec<usize>) = failed.iter().partition(|&&h| {
        is_mrsproxy(&hs[h].uri)
            || (linked_to(&hs[h], &calls)
                && (mrs_clients.is_empty() || mrs_clients.contains(&hs[h].client.as_str())))
    });
    if mrs.is_empty() || others.is_empty() {
        return credentials_of(input, &failed, true).into_iter().collect();
    }
    [(mrs, true), (others, false)]
        .iter()
        .filter_map(|(group, own)| credentials_of(input, group, *own))
        .collect()
}

/// A final-leg code that says the server checked the credentials and refused them.
pub(in crate::analyze::findings) fn is_logon_failure(code: u32) -> bool {
    code == SEC_E_LOGON_DENIED
        || code == SEC_E_UNKNOWN_CREDENTIALS
        || logon_failure_name(code).is_some()
}

/// What the credentials refused on the MRS proxy are, and said once a later run got past them.
const MRS_CREDENTIALS: &str = "For /EWS/mrsproxy.svc these are the credentials Exchange Online uses for the migration \
     endpoint";
const MRS_CREDENTIALS_WERE: &str = "For /EWS/mrsproxy.svc these were the credentials Exchange Online used for the migration \
     endpoint";

/// One finding for `failed`; `own` false when they are known not to be the calls' own.
fn credentials_of(input: &DiagnoseInput<'_>, failed: &[usize], own: bool) -> Option<Finding> {
    let hs = input.handshakes;
    if failed.is_empty() {
        return None;
    }
    let causes = security::causes(input, failed);
    let calls = if own {
        failed_mrs_calls(input)
    } else {
        Vec::new()
    };
    let mrs_related = failed
        .iter()
        .any(|&h| is_mrsproxy(&hs[h].uri) || linked_to(&hs[h], &calls));
    // Outside MRS, logon failures are everyday noise (devices with old passwords): context only.
    let severity = if mrs_related {
        Severity::Error
    } else {
        Severity::Info
    };
    let mut raw_codes: Vec<u32> = failed.iter().filter_map(|&h| hs[h].failure_code).collect();
    raw_codes.sort_unstable();
    raw_codes.dedup();
    let codes = distinct(raw_codes.into_iter().map(code_label));
    let names = org_names(input);
    let uris = distinct_of(failed.iter().map(|&h| hs[h].uri.as_str()), esc);
    let clients = distinct_of(
        failed
            .iter()
            .map(|&h| crate::wording::client(&hs[h].client)),
        esc,
    );
    let users = distinct_of(
        failed
            .iter()
            .flat_map(|&h| hs[h].legs.iter())
            .filter(|l| !l.user.is_empty())
            .map(|l| l.user.as_str()),
        esc,
    );
    let mut d = Draft::new(FindingId::CredentialsRejected, severity);
    d.title = format!(
        "Credentials rejected on {} ({} handshake{})",
        list(&uris),
        failed.len(),
        if failed.len() == 1 { "" } else { "s" }
    );
    if !causes.is_empty() {
        let words: Vec<String> = causes.iter().map(|c| c.words.clone()).collect();
        d.title.push_str(&format!(": {}", list(&words)));
    }
    let mut why = format!(
        "{} logged {} handshake{} from {} whose final leg was 401 1 with {}: the \
         server checked the credentials and refused them (wrong or expired password, unknown, \
         disabled or locked-out account, or a logon restriction). ",
        super::iis_on_final(input, &names, failed),
        failed.len(),
        if failed.len() == 1 { "" } else { "s" },
        list(&clients),
        list(&codes)
    );
    if !users.is_empty() {
        why.push_str(&format!("Accounts named in the log: {}. ", list(&users)));
    }
    if let Some(first) = causes.first().and_then(|c| c.events.first()) {
        let said: Vec<String> = causes.iter().map(security::Cause::sentence).collect();
        let events: Vec<&SecurityEvent> = causes
            .iter()
            .flat_map(|c| c.events.iter().copied())
            .collect();
        let servers: Vec<&str> = failed.iter().map(|&h| final_server(&hs[h])).collect();
        why.push_str(&format!(
            "{} says why: {}. For example: {}. ",
            security::whose_log(&events, &servers),
            list(&said),
            first.describe()
        ));
    }
    let failing_calls: Vec<usize> = calls
        .iter()
        .copied()
        .filter(|&c| failed.iter().any(|&h| linked_to(&hs[h], &[c])))
        .collect();
    let account = failing_calls
        .iter()
        .chain(calls.iter())
        .find_map(|&c| credential_user(&input.cmdlets[c]))
        .or_else(|| names.account.clone());
    let target = failing_calls
        .iter()
        .chain(calls.iter())
        .find_map(|&c| input.cmdlets[c].remote_server.as_deref().map(esc))
        .or_else(|| names.test_target().map(str::to_string))
        .unwrap_or_else(|| PH_EWS_HOST.to_string());
    if mrs_related {
        d.once_fixed(MRS_CREDENTIALS, MRS_CREDENTIALS_WERE);
        why.push_str(MRS_CREDENTIALS);
        why.push_str(
            " (the account HCW asked for when it ran Test-MigrationServerAvailability). HCW \
             and Exchange Online report this as '(401) Unauthorized', the same text an \
             Extended Protection failure produces; the IIS code says it is the credentials. ",
        );
        let affected: Vec<String> = failing_calls
            .iter()
            .map(|&c| call_desc(input.sources, &input.cmdlets[c]))
            .collect();
        if !affected.is_empty() {
            why.push_str(&format!("The refusal failed {}. ", list(&affected)));
        }
        for &c in &failing_calls {
            d.call(&input.cmdlets[c]);
        }
    }
    d.explanation = why.trim_end().to_string();
    let who = account.unwrap_or_else(|| PH_ACCOUNT.to_string());
    if mrs_related {
        d.once_fixed(
            format!("Check the account {who} in Active Directory:"),
            format!(
                "Nothing to change while the MRS proxy accepts these credentials; should the \
                 refusals return, check the account {who} in Active Directory:"
            ),
        );
    }
    d.remedy = if mrs_related {
        format!(
            "Check the account {who} in Active Directory: password, expiry, lockout \
             (1909), disabled (1331), logon hours/workstations. Then test from Exchange Online \
             PowerShell:\n   \
             Test-MigrationServerAvailability -ExchangeRemoteMove -RemoteServer {target} -Credentials (Get-Credential {who})\n\
             When it succeeds, re-run HCW or update the endpoint with Set-MigrationEndpoint \
             -Credentials."
        )
    } else {
        "Check the named accounts in Active Directory (password, expiry, lockout, disabled, \
         logon restrictions) and the stored credentials of the clients or services at the \
         listed addresses."
            .to_string()
    };
    let precise: Vec<String> = causes
        .iter()
        .filter_map(|c| Some(format!("- {}: {}", c.words, c.remedy()?)))
        .collect();
    if !precise.is_empty() {
        d.remedy = format!("{}\n{}", precise.join("\n"), d.remedy);
    }
    for &h in failed.iter().take(MAX_HANDSHAKES) {
        d.handshake(&hs[h]);
        if let Some(e) = security::linked(input, h) {
            d.evidence.push(security::evidence(e));
        }
    }
    d.references = if mrs_related {
        vec![TMSA_DOC, MRS_PROXY_DOC, SSPI_DOC, IIS_STATUS_DOC]
    } else {
        vec![SSPI_DOC, IIS_STATUS_DOC]
    };
    if !causes.is_empty() {
        d.references.push(security::EVENT_4625_DOC);
    }
    d.build()
}
