//! Known Hybrid Configuration Wizard codes (`HCWnnnn`), logged by events 10025 (error) and 10026
//! (warning), with their usual cause (log-formats §1 and §6).

use serde::Serialize;

/// One HCW code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HcwCode {
    /// `HCW8078`.
    pub code: &'static str,
    /// The wizard's message (placeholders in angle brackets).
    pub message: &'static str,
    /// Typical cause.
    pub cause: &'static str,
    /// Where to look next.
    pub hint: Option<&'static str>,
}

/// The table, sorted by code.
pub static TABLE: &[HcwCode] = &[
    HcwCode {
        code: "HCW8001",
        message: "Unable to determine the Tenant Routing Domain",
        cause: "The tenant has no <tenant>.mail.onmicrosoft.com (coexistence / routing) accepted \
                domain; the log shows `Coexistence domain NOT Found` (event 10310) earlier.",
        hint: Some(
            "Logged as *ERROR* 10025 after a `Workflow Exception` (10241) in Task=Initial; \
             usually followed by HCW8092.",
        ),
    },
    HcwCode {
        code: "HCW8064",
        message: "The HCW has completed, but was not able to perform the OAuth portion of your \
                  Hybrid configuration",
        cause: "OAuth / IntraOrganization setup failed (authorization server, partner \
                application or certificate upload to Exchange Online).",
        hint: Some(
            "Read the Task=IntraOrganization, Step=OAuth lines before it; in a related case EWS \
             /EWS/Exchange.asmx/WSSecurity returned 500s (uncertain).",
        ),
    },
    HcwCode {
        code: "HCW8078",
        message: "Migration Endpoint could not be created.",
        cause: "Exchange Online's Test-MigrationServerAvailability could not reach or \
                authenticate to on-premises /EWS/mrsproxy.svc. Umbrella code; the inner error \
                decides: timeout (firewall, NAT, DNS, 443 blocked, IPv6 path), 401 (Extended \
                Protection on front-end EWS behind the Hybrid Agent or SSL offloading, legs \
                split by a load balancer, or credentials), 403 (MRSProxy disabled), 405, 413, \
                503 (app pool down) or an untrusted/wrong-name certificate.",
        hint: Some(
            "The WARNING 10026 comes at the end of the run; the failing \
             Test-MigrationServerAvailability FINISH is informational with Result='Failed' in \
             the object dump. Correlate its time with front-end IIS (W3SVC1) /EWS/mrsproxy.svc \
             lines and HTTPERR.",
        ),
    },
    HcwCode {
        code: "HCW8092",
        message: "One or more items failed validation during '<task>' task.",
        cause: "A workflow task's ValidateConfiguration phase failed (`Results=FAILED - \
                (Validation Failure)`).",
        hint: Some(
            "Look for the earlier error of the same task (e.g. HCW8001 for 'Hybrid \
             Initialization').",
        ),
    },
    HcwCode {
        code: "HCW8103",
        message: "The certificate provided (<name>) does not match a verified domain inside the \
                  Office 365 tenant.",
        cause: "The names on the chosen transport certificate are not verified domains of the \
                tenant.",
        hint: Some(
            "Logged as WARNING 10026; compare the certificate's names with the tenant's verified domains.",
        ),
    },
    HcwCode {
        code: "HCW8110",
        message: "(exact wording not confirmed) reported with a failing Set-TransportConfig call",
        cause: "A cmdlet run by the wizard failed (`Results=PowerShell failed to invoke \
                'Set-TransportConfig': ...`); uncertain beyond that single report.",
        hint: Some(
            "The 10277 FINISH line with `PowerShell failed to invoke` and the following 10224 \
             exception entry hold the reason.",
        ),
    },
];

/// Looks an HCW code up (`HCW8078`, case-insensitive; `8078` alone is accepted too).
pub fn hcw_code(code: &str) -> Option<&'static HcwCode> {
    let code = code.trim();
    let digits = match (code.get(..3), code.get(3..)) {
        (Some(prefix), Some(rest)) if prefix.eq_ignore_ascii_case("HCW") => rest,
        _ => code,
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    TABLE.iter().find(|row| row.code.get(3..) == Some(digits))
}
