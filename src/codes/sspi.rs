//! SSPI status codes: every `SEC_E_*` HRESULT and `SEC_I_*` success code (log-formats §4.3).
//!
//! Rows marked "(name-derived)" are not in Microsoft's SSPI status table; their meaning is read
//! from the constant's name.

use super::{CodeInfo, CodeKind};

super::code_row!(c, CodeKind::Sspi);

/// `SEC_E_INVALID_TOKEN`: in IIS, handshake legs split across connections or servers.
pub const SEC_E_INVALID_TOKEN: u32 = 0x8009_0308;
/// `SEC_E_LOGON_DENIED`: credentials rejected.
pub const SEC_E_LOGON_DENIED: u32 = 0x8009_030C;
/// `SEC_E_UNKNOWN_CREDENTIALS`: credentials not recognised.
pub const SEC_E_UNKNOWN_CREDENTIALS: u32 = 0x8009_030D;
/// `SEC_E_NO_CREDENTIALS`: in IIS, the normal NTLM challenge leg (`401 1 2148074254`).
pub const SEC_E_NO_CREDENTIALS: u32 = 0x8009_030E;
/// `SEC_E_BAD_BINDINGS`: channel binding mismatch, the Extended Protection failure.
pub const SEC_E_BAD_BINDINGS: u32 = 0x8009_0346;

/// Alternative names defined with the same value, mapped to the row name used here.
pub static ALIASES: &[(&str, &str)] = &[
    ("SEC_E_NO_SPM", "SEC_E_INTERNAL_ERROR"),
    ("SEC_E_NOT_SUPPORTED", "SEC_E_UNSUPPORTED_FUNCTION"),
];

const BAD_CREDS: &str = "Usually bad credentials: wrong password, locked, disabled or expired \
     account (uncertain); check the Security log (event 4625) on the Exchange server.";

const KERBEROS_PKI: &str = "Kerberos / smart-card PKI problem between the server and the domain \
     controllers, not an Exchange setting.";

/// The table, sorted by value (lookups binary-search it).
#[rustfmt::skip]
pub static TABLE: &[CodeInfo] = &[
    c("SEC_E_OK", 0x0000_0000, "Success", None),
    c(
        "SEC_I_CONTINUE_NEEDED",
        0x0009_0312,
        "Handshake not finished; another round trip is required",
        Some("Normal mid-handshake state."),
    ),
    c("SEC_I_COMPLETE_NEEDED", 0x0009_0313, "Succeeded; CompleteAuthToken must be called", None),
    c("SEC_I_COMPLETE_AND_CONTINUE", 0x0009_0314, "CompleteAuthToken, then another round trip", None),
    c("SEC_I_LOCAL_LOGON", 0x0009_0315, "Logon completed from local information; no authority reached", None),
    c("SEC_I_GENERIC_EXTENSION_RECEIVED", 0x0009_0316, "A generic (TLS) extension was received (name-derived)", None),
    c("SEC_I_CONTEXT_EXPIRED", 0x0009_0317, "Peer finished with the connection and began a shutdown", None),
    c("SEC_I_INCOMPLETE_CREDENTIALS", 0x0009_0320, "Credentials incomplete (e.g. TLS server asked for a client certificate)", None),
    c("SEC_I_RENEGOTIATE", 0x0009_0321, "The context must be renegotiated with the peer", None),
    c("SEC_I_NO_LSA_CONTEXT", 0x0009_0323, "No LSA-mode context is associated with this context", None),
    c("SEC_I_SIGNATURE_NEEDED", 0x0009_035C, "A signature is needed (name-derived)", None),
    c("SEC_I_NO_RENEGOTIATION", 0x0009_0360, "The peer declined renegotiation (name-derived)", None),
    c("SEC_I_MESSAGE_FRAGMENT", 0x0009_0364, "Only a fragment of a message was processed (name-derived)", None),
    c("SEC_I_CONTINUE_NEEDED_MESSAGE_OK", 0x0009_0366, "Continue needed; the current message is OK (name-derived)", None),
    c("SEC_I_ASYNC_CALL_PENDING", 0x0009_0368, "An asynchronous call is still pending (name-derived)", None),
    c("SEC_E_INSUFFICIENT_MEMORY", 0x8009_0300, "Not enough memory to complete the request", None),
    c("SEC_E_INVALID_HANDLE", 0x8009_0301, "The handle passed to the function is not valid", None),
    c("SEC_E_UNSUPPORTED_FUNCTION", 0x8009_0302, "The requested function is not supported", None),
    c("SEC_E_TARGET_UNKNOWN", 0x8009_0303, "The target (service principal) is not recognized", None),
    c("SEC_E_INTERNAL_ERROR", 0x8009_0304, "An error that does not map to an SSPI code", None),
    c("SEC_E_SECPKG_NOT_FOUND", 0x8009_0305, "The security package is not recognized", None),
    c("SEC_E_NOT_OWNER", 0x8009_0306, "The caller does not own the credentials", None),
    c("SEC_E_CANNOT_INSTALL", 0x8009_0307, "The security package could not initialize", None),
    c(
        "SEC_E_INVALID_TOKEN",
        SEC_E_INVALID_TOKEN,
        "The token passed is invalid",
        Some(
            "In IIS NTLM logs (`401 1 2148074248`) the handshake legs were usually split across \
             TCP connections or servers: a load balancer without affinity or a proxy pooling \
             connections sent the final NTLM message to a connection or server that never saw \
             the challenge.",
        ),
    ),
    c("SEC_E_CANNOT_PACK", 0x8009_0309, "The package could not pack the context", None),
    c("SEC_E_QOP_NOT_SUPPORTED", 0x8009_030A, "Quality-of-protection attribute not supported", None),
    c("SEC_E_NO_IMPERSONATION", 0x8009_030B, "Impersonation is not allowed for this context", None),
    c(
        "SEC_E_LOGON_DENIED",
        SEC_E_LOGON_DENIED,
        "The logon was denied",
        Some(BAD_CREDS),
    ),
    c(
        "SEC_E_UNKNOWN_CREDENTIALS",
        SEC_E_UNKNOWN_CREDENTIALS,
        "The credentials are not recognized",
        Some(BAD_CREDS),
    ),
    c(
        "SEC_E_NO_CREDENTIALS",
        SEC_E_NO_CREDENTIALS,
        "No credentials are available",
        Some(
            "In IIS (`401 1 2148074254`) this is the NORMAL middle leg of NTLM: the server sent \
             its challenge. Not an error. Only a client that repeats this leg without ever \
             completing is stuck (e.g. after a password change).",
        ),
    ),
    c("SEC_E_MESSAGE_ALTERED", 0x8009_030F, "The message was altered (signature check failed)", None),
    c("SEC_E_OUT_OF_SEQUENCE", 0x8009_0310, "The message is out of sequence", None),
    c(
        "SEC_E_NO_AUTHENTICATING_AUTHORITY",
        0x8009_0311,
        "No authority (domain controller / KDC) could be contacted",
        Some("The Exchange server could not reach a domain controller for this logon."),
    ),
    c("SEC_E_BAD_PKGID", 0x8009_0316, "The requested package identifier does not exist", None),
    c("SEC_E_CONTEXT_EXPIRED", 0x8009_0317, "The context has already been closed or has expired", None),
    c("SEC_E_INCOMPLETE_MESSAGE", 0x8009_0318, "The message is incomplete; more input is needed", None),
    c("SEC_E_INCOMPLETE_CREDENTIALS", 0x8009_0320, "Credentials incomplete; the context could not be initialized", None),
    c("SEC_E_BUFFER_TOO_SMALL", 0x8009_0321, "The supplied buffers are too small", None),
    c(
        "SEC_E_WRONG_PRINCIPAL",
        0x8009_0322,
        "The target principal name is incorrect",
        Some("SPN or certificate name mismatch (e.g. a load-balanced name without an SPN or ASA)."),
    ),
    c(
        "SEC_E_TIME_SKEW",
        0x8009_0324,
        "Client and server clocks differ too much",
        Some("Kerberos requires clocks within 5 minutes; check time sync of server and DCs."),
    ),
    c(
        "SEC_E_UNTRUSTED_ROOT",
        0x8009_0325,
        "The certificate chain was issued by an untrusted authority",
        Some(
            "TLS: the peer does not trust the CA of the certificate (or an inspection proxy re-signs).",
        ),
    ),
    c("SEC_E_ILLEGAL_MESSAGE", 0x8009_0326, "Unexpected or badly formatted message (often a TLS alert)", None),
    c("SEC_E_CERT_UNKNOWN", 0x8009_0327, "Unknown error while processing the certificate", None),
    c("SEC_E_CERT_EXPIRED", 0x8009_0328, "The received certificate has expired", None),
    c("SEC_E_ENCRYPT_FAILURE", 0x8009_0329, "The data could not be encrypted", None),
    c("SEC_E_DECRYPT_FAILURE", 0x8009_0330, "The data could not be decrypted", None),
    c(
        "SEC_E_ALGORITHM_MISMATCH",
        0x8009_0331,
        "No common algorithm (TLS protocol or cipher mismatch)",
        Some("Compare TLS versions and cipher suites enabled on both ends (TLS 1.2 on Exchange)."),
    ),
    c("SEC_E_SECURITY_QOS_FAILED", 0x8009_0332, "Requested QoS (mutual auth, delegation) could not be met", None),
    c("SEC_E_UNFINISHED_CONTEXT_DELETED", 0x8009_0333, "Context deleted before completion; treated as a logon failure", None),
    c("SEC_E_NO_TGT_REPLY", 0x8009_0334, "User-to-user required but no TGT reply was sent", None),
    c("SEC_E_NO_IP_ADDRESSES", 0x8009_0335, "The local computer has no IP addresses", None),
    c("SEC_E_WRONG_CREDENTIAL_HANDLE", 0x8009_0336, "The credential handle does not match the context", None),
    c("SEC_E_CRYPTO_SYSTEM_INVALID", 0x8009_0337, "Crypto system or checksum invalid (function unavailable)", None),
    c("SEC_E_MAX_REFERRALS_EXCEEDED", 0x8009_0338, "Too many Kerberos ticket referrals", None),
    c("SEC_E_MUST_BE_KDC", 0x8009_0339, "The local computer must be a KDC but is not", None),
    c("SEC_E_STRONG_CRYPTO_NOT_SUPPORTED", 0x8009_033A, "The peer requires strong crypto not available locally", None),
    c("SEC_E_TOO_MANY_PRINCIPALS", 0x8009_033B, "The KDC reply contained more than one principal name", None),
    c("SEC_E_NO_PA_DATA", 0x8009_033C, "Pre-auth data needed to pick the encryption type was not found", None),
    c("SEC_E_PKINIT_NAME_MISMATCH", 0x8009_033D, "Client certificate UPN missing or not matching the logon name", None),
    c("SEC_E_SMARTCARD_LOGON_REQUIRED", 0x8009_033E, "Smart-card logon is required but was not used", None),
    c("SEC_E_SHUTDOWN_IN_PROGRESS", 0x8009_033F, "A system shutdown is in progress", None),
    c("SEC_E_KDC_INVALID_REQUEST", 0x8009_0340, "An invalid request was sent to the KDC", None),
    c("SEC_E_KDC_UNABLE_TO_REFER", 0x8009_0341, "The KDC could not generate a referral", None),
    c("SEC_E_KDC_UNKNOWN_ETYPE", 0x8009_0342, "The encryption type is not supported by the KDC", None),
    c("SEC_E_UNSUPPORTED_PREAUTH", 0x8009_0343, "Unsupported Kerberos pre-authentication mechanism", None),
    c("SEC_E_DELEGATION_REQUIRED", 0x8009_0345, "The computer must be trusted for delegation and the account allowed to delegate", None),
    c(
        "SEC_E_BAD_BINDINGS",
        SEC_E_BAD_BINDINGS,
        "Client channel bindings incorrect (Extended Protection)",
        Some(
            "Extended Protection failure: the NTLM/Kerberos token is bound to a different TLS \
             channel, so something terminates TLS between client and Exchange (Hybrid Agent / \
             App Proxy connector, SSL-offloading load balancer, inspection proxy). For servers \
             published via the Hybrid Agent the supported fix is to leave EP off on the \
             front-end EWS vdir only: ExchangeExtendedProtectionManagement.ps1 \
             -ExcludeVirtualDirectories \"EWSFrontEnd\". For SSL offloading: TLS pass-through or \
             bridging with the Exchange certificate.",
        ),
    ),
    c("SEC_E_MULTIPLE_ACCOUNTS", 0x8009_0347, "The certificate is mapped to multiple accounts", None),
    c("SEC_E_NO_KERB_KEY", 0x8009_0348, "No Kerberos key was found", None),
    c("SEC_E_CERT_WRONG_USAGE", 0x8009_0349, "The certificate is not valid for the requested usage", None),
    c(
        "SEC_E_DOWNGRADE_DETECTED",
        0x8009_0350,
        "A possible security downgrade was detected",
        Some("Can also be plain lack of domain controller connectivity."),
    ),
    c(
        "SEC_E_SMARTCARD_CERT_REVOKED",
        0x8009_0351,
        "The smart-card certificate was revoked",
        Some(KERBEROS_PKI),
    ),
    c(
        "SEC_E_ISSUING_CA_UNTRUSTED",
        0x8009_0352,
        "Untrusted CA for the smart-card certificate",
        Some(KERBEROS_PKI),
    ),
    c(
        "SEC_E_REVOCATION_OFFLINE_C",
        0x8009_0353,
        "Revocation status of the smart-card certificate unknown",
        Some(KERBEROS_PKI),
    ),
    c(
        "SEC_E_PKINIT_CLIENT_FAILURE",
        0x8009_0354,
        "The smart-card certificate is not trusted",
        Some(KERBEROS_PKI),
    ),
    c(
        "SEC_E_SMARTCARD_CERT_EXPIRED",
        0x8009_0355,
        "The smart-card certificate has expired",
        Some(KERBEROS_PKI),
    ),
    c("SEC_E_NO_S4U_PROT_SUPPORT", 0x8009_0356, "The domain controller does not support S4U", None),
    c("SEC_E_CROSSREALM_DELEGATION_FAILURE", 0x8009_0357, "Constrained delegation to a target outside the realm", None),
    c(
        "SEC_E_REVOCATION_OFFLINE_KDC",
        0x8009_0358,
        "Revocation status of the DC certificate unknown",
        Some(KERBEROS_PKI),
    ),
    c(
        "SEC_E_ISSUING_CA_UNTRUSTED_KDC",
        0x8009_0359,
        "Untrusted CA for the DC certificate",
        Some(KERBEROS_PKI),
    ),
    c(
        "SEC_E_KDC_CERT_EXPIRED",
        0x8009_035A,
        "The DC certificate for smart-card logon has expired",
        Some(KERBEROS_PKI),
    ),
    c(
        "SEC_E_KDC_CERT_REVOKED",
        0x8009_035B,
        "The DC certificate for smart-card logon was revoked",
        Some(KERBEROS_PKI),
    ),
    c("SEC_E_INVALID_PARAMETER", 0x8009_035D, "Invalid parameter (name-derived)", None),
    c("SEC_E_DELEGATION_POLICY", 0x8009_035E, "Delegation blocked by policy (name-derived)", None),
    c("SEC_E_POLICY_NLTM_ONLY", 0x8009_035F, "Policy restricts to NTLM only (name-derived; 'NLTM' sic)", None),
    c("SEC_E_NO_CONTEXT", 0x8009_0361, "No security context (name-derived)", None),
    c("SEC_E_PKU2U_CERT_FAILURE", 0x8009_0362, "PKU2U certificate failure (name-derived)", None),
    c("SEC_E_MUTUAL_AUTH_FAILED", 0x8009_0363, "Mutual authentication failed (name-derived)", None),
    c("SEC_E_ONLY_HTTPS_ALLOWED", 0x8009_0365, "Only HTTPS is allowed (name-derived)", None),
    c("SEC_E_APPLICATION_PROTOCOL_MISMATCH", 0x8009_0367, "ALPN application protocol mismatch (name-derived)", None),
    c("SEC_E_INVALID_UPN_NAME", 0x8009_0369, "Invalid UPN (name-derived)", None),
    c("SEC_E_EXT_BUFFER_TOO_SMALL", 0x8009_036A, "Extension buffer too small (name-derived)", None),
    c("SEC_E_INSUFFICIENT_BUFFERS", 0x8009_036B, "Not enough buffers supplied (name-derived)", None),
];

/// Looks an SSPI code up by value.
pub fn lookup(code: u32) -> Option<&'static CodeInfo> {
    super::find_in(TABLE, code)
}
