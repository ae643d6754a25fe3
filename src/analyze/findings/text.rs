//! The catalogue's fixed texts: reference links, code names the rules need, HCW code meanings.

/// Microsoft's Extended Protection article.
pub const EP_DOC: &str = "https://aka.ms/ExchangeEPDoc";
/// The CSS-Exchange Extended Protection script documentation.
pub const EP_SCRIPT_DOC: &str =
    "https://microsoft.github.io/CSS-Exchange/Security/ExchangeExtendedProtectionManagement/";
/// Direct download of the script.
pub const EP_SCRIPT_DOWNLOAD: &str = "https://github.com/microsoft/CSS-Exchange/releases/latest/download/ExchangeExtendedProtectionManagement.ps1";
/// The Hybrid Agent article.
pub const HYBRID_AGENT_DOC: &str =
    "https://learn.microsoft.com/exchange/hybrid-deployment/hybrid-agent";
/// Exchange Team blog on troubleshooting Modern Hybrid.
pub const HYBRID_AGENT_BLOG: &str = "https://techcommunity.microsoft.com/t5/exchange-team-blog/modern-hcw-hybrid-agent-troubleshooting-like-a-pro/ba-p/1558725";
/// IIS Support blog on `401 1 2148074248` behind load balancers.
pub const SPLIT_BLOG: &str = "https://techcommunity.microsoft.com/t5/iis-support-blog/401-1-2148074248-in-iis-logs-behind-a-load-balancer-with/ba-p/2428459";
/// SSPI status codes.
pub const SSPI_DOC: &str = "https://learn.microsoft.com/windows/win32/secauthn/sspi-status-codes";
/// IIS status and substatus codes.
pub const IIS_STATUS_DOC: &str = "https://learn.microsoft.com/troubleshoot/developer/webapps/iis/health-diagnostic-performance/http-status-code";
/// The Test-MigrationServerAvailability reference.
pub const TMSA_DOC: &str =
    "https://learn.microsoft.com/powershell/module/exchange/test-migrationserveravailability";
/// The MRS proxy endpoint article.
pub const MRS_PROXY_DOC: &str =
    "https://learn.microsoft.com/exchange/architecture/mailbox-servers/mrs-proxy-endpoint";
/// The Hybrid Configuration Wizard article.
pub const HCW_DOC: &str = "https://learn.microsoft.com/exchange/hybrid-configuration-wizard";
/// HTTP.sys error log reasons.
pub const HTTPERR_DOC: &str = "https://learn.microsoft.com/troubleshoot/developer/webapps/aspnet/site-behavior-performance/error-logging-http-apis";

/// Placeholders for values no loaded log names; each says where to find the value.
/// The host the Hybrid Agent forwards to.
pub const PH_TARGET_URI: &str = "<TargetUri host: Get-HybridApplication>";
/// The servers behind the Hybrid Agent.
pub const PH_AGENT_SERVERS: &str =
    "<Exchange servers the Hybrid Agent publishes: TargetUri of Get-HybridApplication>";
/// The Hybrid Agent's endpoint.
pub const PH_AGENT_ENDPOINT: &str =
    "<agent endpoint: RemoteServer of Get-MigrationEndpoint in Exchange Online>";
/// The published EWS host.
pub const PH_EWS_HOST: &str =
    "<published EWS host: ExternalUrl of Get-WebServicesVirtualDirectory>";
/// The migration account.
pub const PH_ACCOUNT: &str = "<migration account: the DOMAIN\\user entered in HCW>";

/// Names of the SSPI codes the rules talk about.
///
/// Through the shared decoder, [`crate::codes::failure_name`].
pub fn sspi_name(code: u32) -> Option<&'static str> {
    (code >= 0x8000_0000)
        .then(|| crate::codes::failure_name(code))
        .flatten()
}

/// Win32 logon failures that mean "these credentials were not accepted", with their names.
pub fn logon_failure_name(code: u32) -> Option<&'static str> {
    matches!(code, 1317 | 1323 | 1326..=1331 | 1385 | 1793 | 1907 | 1909)
        .then(|| crate::codes::failure_name(code))
        .flatten()
}

/// `2148074310 (0x80090346 SEC_E_BAD_BINDINGS)`.
pub fn code_label(code: u32) -> String {
    match (sspi_name(code), logon_failure_name(code)) {
        (Some(n), _) => format!("{code} (0x{code:08X} {n})"),
        (None, Some(n)) => format!("{code} ({n})"),
        (None, None) if code >= 0x8000_0000 => format!("{code} (0x{code:08X})"),
        (None, None) => code.to_string(),
    }
}

/// What HCW8078 says about its cause when no finding names it (`summary.rs` replaces it when
/// one does).
pub const HCW8078_WHERE: &str = "Its text ('The connection to the server … could not be \
     completed') is the same for a firewall, a wrong password, Extended Protection or a load \
     balancer; the real cause is in the IIS logs of the server that received (or did not \
     receive) the requests.";

const HCW8078_MEANING: &str = "HCW could not create the migration endpoint, because \
     Test-MigrationServerAvailability failed: Exchange Online could not talk to \
     /EWS/mrsproxy.svc on-premises. The wizard shows it as a warning, but mailbox moves will not \
     work until it is fixed. Its text ('The connection to the server … could not be \
     completed') is the same for a firewall, a wrong password, Extended Protection or a load \
     balancer; the real cause is in the IIS logs of the server that received (or did not \
     receive) the requests.";

/// HCW8078's remedy when no finding names the cause.
pub const HCW8078_REMEDY: &str = "See the other findings for the failing call; if there are \
     none, load the IIS (W3SVC1) and HTTPERR logs of the servers behind the endpoint for the \
     time of the failed Test-MigrationServerAvailability.";

/// What an HCW code means and what to do, for the codes seen in public logs.
pub struct HcwCode {
    /// Plain-language meaning.
    pub meaning: &'static str,
    /// What to do.
    pub remedy: &'static str,
    /// Parts of [`HcwCode::meaning`] that state the failure as present, with their past form
    /// for when a later run got past it ([`crate::analyze::finding::Finding::said_fixed`]).
    pub was: &'static [(&'static str, &'static str)],
}

/// The meaning of an `HCWnnnn` code, when known.
pub fn hcw_code(code: &str) -> Option<HcwCode> {
    Some(match code {
        "HCW8001" => HcwCode {
            meaning: "HCW could not determine the tenant routing domain: the \
                      <tenant>.mail.onmicrosoft.com coexistence domain was not found (or could \
                      not be registered) as an accepted domain.",
            remedy: "Check in Exchange Online that <tenant>.mail.onmicrosoft.com exists and is \
                     an accepted domain (Get-AcceptedDomain), then run HCW again.",
            was: &[],
        },
        "HCW8064" => HcwCode {
            meaning: "HCW finished but could not perform the OAuth part of the configuration \
                      (IntraOrganization connector and authorization server); features that \
                      depend on OAuth between the two organizations may not work.",
            remedy: "Look for the *ERROR* entries of the IntraOrganization task just before this \
                     warning, fix them and re-run HCW; Test-OAuthConnectivity verifies OAuth \
                     afterwards.",
            was: &[("may not work.", "may not have worked.")],
        },
        "HCW8078" => HcwCode {
            meaning: HCW8078_MEANING,
            remedy: HCW8078_REMEDY,
            was: &[(
                "The wizard shows it as a warning, but mailbox moves will not work until it is fixed.",
                "The wizard showed it as a warning, but mailbox moves could not work until it was \
                 fixed.",
            )],
        },
        "HCW8092" => HcwCode {
            meaning: "One or more items failed validation during a workflow task; the task's \
                      own *ERROR* entries (often an HCW8001 or a Workflow Exception) say which.",
            remedy: "Fix the error logged just before this one and re-run HCW.",
            was: &[],
        },
        "HCW8103" => HcwCode {
            meaning: "The certificate chosen for secure mail transport names a domain that is \
                      not a verified domain of the Microsoft 365 tenant.",
            remedy: "Pick a certificate whose subject or SAN matches a verified domain, or \
                     verify the domain in the tenant, then re-run HCW.",
            was: &[(
                "names a domain that is not a verified domain",
                "named a domain that was not a verified domain",
            )],
        },
        _ => return None,
    })
}
