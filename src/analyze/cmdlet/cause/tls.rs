//! What a TLS failure's chain says the certificate's fault was, when it says one: .NET's
//! `SslPolicyErrors` names (`RemoteCertificateNameMismatch`, `RemoteCertificateChainErrors`,
//! `RemoteCertificateNotAvailable`), the chain statuses and CERT_E/SEC_E codes and messages
//! behind them. A chain that says only "could not establish trust relationship" or "the remote
//! certificate is invalid" names no fault: the finding then keeps its list of possible ones. A
//! chain that says only that the handshake failed ("could not create SSL/TLS secure channel")
//! refused no certificate ([`certificate_refused`]).

/// A fault of the certificate that the failure's text names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TlsFault {
    /// The certificate's names do not include the host called.
    NameMismatch,
    /// The chain does not lead to a trusted root (self-signed, internal CA).
    UntrustedRoot,
    /// An intermediate certificate was not sent and could not be found.
    PartialChain,
    /// The certificate (or one in its chain) is expired or not yet valid.
    Expired,
    /// The certificate was revoked.
    Revoked,
    /// Its revocation could not be checked (CRL or OCSP unreachable).
    RevocationUnknown,
    /// `RemoteCertificateChainErrors` with no chain status: the chain did not validate.
    ChainErrors,
    /// The server presented no certificate.
    NotAvailable,
}

/// Lower-case texts that name each fault; codes in hex and decimal are language-neutral.
const FAULTS: &[(TlsFault, &str)] = &[
    (TlsFault::NameMismatch, "remotecertificatenamemismatch"),
    (TlsFault::NameMismatch, "cert_e_cn_no_match"),
    (TlsFault::NameMismatch, "0x800b010f"),
    (TlsFault::NameMismatch, "2148204815"),
    (TlsFault::NameMismatch, "cn name does not match"),
    (TlsFault::NameMismatch, "target principal name is incorrect"),
    (TlsFault::UntrustedRoot, "untrustedroot"),
    (TlsFault::UntrustedRoot, "cert_e_untrustedroot"),
    (TlsFault::UntrustedRoot, "sec_e_untrusted_root"),
    (TlsFault::UntrustedRoot, "0x80090325"),
    (
        TlsFault::UntrustedRoot,
        "issued by an authority that is not trusted",
    ),
    (
        TlsFault::UntrustedRoot,
        "root certificate which is not trusted",
    ),
    (TlsFault::PartialChain, "partialchain"),
    (TlsFault::PartialChain, "cert_e_chaining"),
    (
        TlsFault::PartialChain,
        "could not be built to a trusted root",
    ),
    (TlsFault::Expired, "nottimevalid"),
    (TlsFault::Expired, "cert_e_expired"),
    (TlsFault::Expired, "sec_e_cert_expired"),
    (TlsFault::Expired, "certificate has expired"),
    (TlsFault::Expired, "certificate expired"),
    (TlsFault::Revoked, "cert_e_revoked"),
    (TlsFault::Revoked, "crypt_e_revoked"),
    (TlsFault::Revoked, "certificate has been revoked"),
    (TlsFault::Revoked, "revoked"),
    (TlsFault::RevocationUnknown, "revocationstatusunknown"),
    (TlsFault::RevocationUnknown, "offlinerevocation"),
    (TlsFault::RevocationUnknown, "crypt_e_no_revocation_check"),
    (TlsFault::RevocationUnknown, "crypt_e_revocation_offline"),
    (TlsFault::RevocationUnknown, "unable to check revocation"),
    (TlsFault::ChainErrors, "remotecertificatechainerrors"),
    (TlsFault::NotAvailable, "remotecertificatenotavailable"),
];

/// The faults a failure's text names, in [`TlsFault`] order; a bare `ChainErrors` is left out
/// when a chain status says which chain error it was.
pub fn tls_faults(chain: &str) -> Vec<TlsFault> {
    let lower = chain.to_ascii_lowercase();
    let mut found: Vec<TlsFault> = FAULTS
        .iter()
        .filter(|(_, m)| lower.contains(m))
        .map(|&(f, _)| f)
        .collect();
    found.sort_unstable();
    found.dedup();
    let specific = found.iter().any(|f| {
        matches!(
            f,
            TlsFault::UntrustedRoot
                | TlsFault::PartialChain
                | TlsFault::Expired
                | TlsFault::Revoked
                | TlsFault::RevocationUnknown
        )
    });
    if specific {
        found.retain(|f| *f != TlsFault::ChainErrors);
    }
    found
}

/// Whether the failure's text says the certificate was judged and refused (.NET's
/// `TrustFailure`: "could not establish trust relationship", "the remote certificate is
/// invalid", or a named fault), not only that the TLS handshake failed ("could not create
/// SSL/TLS secure channel", a closed or unexpected handshake: no certificate was judged).
pub fn certificate_refused(chain: &str) -> bool {
    let lower = chain.to_ascii_lowercase();
    [
        "trust relationship",
        "remote certificate is invalid",
        "trustfailure",
    ]
    .iter()
    .any(|m| lower.contains(m))
        || !tls_faults(chain).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_dotnet_and_the_codes_say() {
        assert_eq!(
            tls_faults(
                "The remote certificate is invalid according to the validation procedure: \
                 RemoteCertificateNameMismatch, RemoteCertificateChainErrors"
            ),
            vec![TlsFault::NameMismatch, TlsFault::ChainErrors]
        );
        assert_eq!(
            tls_faults("RemoteCertificateChainErrors (PartialChain, RevocationStatusUnknown)"),
            vec![TlsFault::PartialChain, TlsFault::RevocationUnknown]
        );
        assert_eq!(
            tls_faults("0x800B010F CERT_E_CN_NO_MATCH"),
            vec![TlsFault::NameMismatch]
        );
        assert!(
            tls_faults(
                "Could not establish trust relationship for the SSL/TLS secure channel with \
                 authority 'mail.contoso.com'."
            )
            .is_empty()
        );
        assert!(certificate_refused(
            "Could not establish trust relationship for the SSL/TLS secure channel."
        ));
        assert!(!certificate_refused(
            "The request was aborted: Could not create SSL/TLS secure channel."
        ));
    }
}
