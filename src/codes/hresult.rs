//! Certificate and crypto HRESULTs (`CRYPT_E_*` 0x80092xxx, `CERT_E_*` 0x800B01xx), log-formats §4.2.
//!
//! Their meaning in an IIS log is uncertain; they mostly come from TLS and client-certificate
//! checks, and from pasted .NET / PowerShell errors.

use super::{CodeInfo, CodeKind};

super::code_row!(c, CodeKind::Cert);

const REVOCATION: &str = "The revocation list (CRL/OCSP) could not be reached: servers without \
     internet access or a proxy that blocks CRL downloads.";

/// The table, sorted by value (lookups binary-search it).
#[rustfmt::skip]
pub static TABLE: &[CodeInfo] = &[
    c("CRYPT_E_NOT_FOUND", 0x8009_2004, "Cannot find object or property", None),
    c(
        "CRYPT_E_REVOKED",
        0x8009_2010,
        "The certificate is revoked",
        Some(
            "Replace the certificate; check which one with the certificate thumbprint in the event.",
        ),
    ),
    c("CRYPT_E_NO_REVOCATION_DLL", 0x8009_2011, "No DLL or exported function was found to verify revocation", None),
    c(
        "CRYPT_E_NO_REVOCATION_CHECK",
        0x8009_2012,
        "The revocation function was unable to check revocation for the certificate",
        Some(REVOCATION),
    ),
    c(
        "CRYPT_E_REVOCATION_OFFLINE",
        0x8009_2013,
        "The revocation server was offline",
        Some(REVOCATION),
    ),
    c("CERT_E_EXPIRED", 0x800B_0101, "A certificate is expired or not yet valid", None),
    c("CERT_E_VALIDITYPERIODNESTING", 0x800B_0102, "The validity periods of the chain do not nest", None),
    c("CERT_E_ROLE", 0x800B_0103, "A CA-only certificate is used as an end entity (or vice versa)", None),
    c("CERT_E_PATHLENCONST", 0x800B_0104, "A path length constraint in the chain was violated", None),
    c("CERT_E_CRITICAL", 0x800B_0105, "A certificate has an unknown critical extension", None),
    c("CERT_E_PURPOSE", 0x800B_0106, "The certificate is being used for a purpose not in its key usage", None),
    c("CERT_E_ISSUERCHAINING", 0x800B_0107, "A parent certificate did not actually issue the child", None),
    c("CERT_E_MALFORMED", 0x800B_0108, "A certificate is missing or has an empty required field", None),
    c(
        "CERT_E_UNTRUSTEDROOT",
        0x800B_0109,
        "The chain ends in a root certificate that is not trusted",
        Some("Install the root/intermediate CA, or a TLS inspection device re-signs the traffic."),
    ),
    c("CERT_E_CHAINING", 0x800B_010A, "A certificate chain could not be built to a trusted root", None),
    c("CERT_E_REVOKED", 0x800B_010C, "A certificate was explicitly revoked by its issuer", None),
    c("CERT_E_UNTRUSTEDTESTROOT", 0x800B_010D, "The chain ends in an untrusted test root", None),
    c(
        "CERT_E_REVOCATION_FAILURE",
        0x800B_010E,
        "The revocation process could not continue",
        Some(REVOCATION),
    ),
    c(
        "CERT_E_CN_NO_MATCH",
        0x800B_010F,
        "The certificate's CN name does not match the passed value",
        Some(
            "The host name used (published EWS/Autodiscover name, Hybrid Agent target) is not on \
             the certificate's subject or SAN list.",
        ),
    ),
    c("CERT_E_WRONG_USAGE", 0x800B_0110, "The certificate is not valid for the requested usage", None),
    c("CERT_E_UNTRUSTEDCA", 0x800B_0112, "A certification chain processed correctly but one CA is not trusted", None),
];

/// Looks a certificate HRESULT up by value.
pub fn lookup(code: u32) -> Option<&'static CodeInfo> {
    super::find_in(TABLE, code)
}
