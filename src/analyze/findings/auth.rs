//! Authentication rules: `ntlm-split-connection` (SEC_E_INVALID_TOKEN, legs of one NTLM
//! handshake on different connections or servers, `auth/split.rs`) and `credentials-rejected`
//! (logon failures, `auth/credentials.rs`).

mod credentials;
mod halves;
mod split;

use super::DiagnoseInput;
use super::census::Census;
use crate::analyze::finding::Finding;
use crate::analyze::handshake::Handshake;
use credentials::credentials;
pub(super) use credentials::is_logon_failure;
use split::split_connection;

pub fn findings(input: &DiagnoseInput<'_>, census: &Census) -> Vec<Finding> {
    let mut out = Vec::new();
    out.extend(split_connection(input, census));
    out.extend(credentials(input, census));
    out
}

/// "IIS on …" for the servers that logged the final legs of handshakes `failed` (by their site
/// where a machine logs its name in more than one loaded site).
fn iis_on_final(
    input: &DiagnoseInput<'_>,
    names: &crate::analyze::names::OrgNames,
    failed: &[usize],
) -> String {
    let labels: Vec<String> = failed
        .iter()
        .filter_map(|&h| input.handshakes.get(h))
        .map(|h| super::common::handshake_label(input, h, true))
        .collect();
    super::common::iis_on(names, labels.iter().map(String::as_str))
}

/// The server that logged a handshake's final leg (the second server of a split one).
fn final_server(h: &Handshake) -> &str {
    h.split.as_deref().unwrap_or(&h.server)
}
