//! The markers that classify an exception chain: texts and type names .NET, WCF, MRS and the
//! migration service really produce, in English and a few common localisations, and the
//! language-neutral `(nnn)` statuses.

use super::CauseKind;

/// (class, lower-case marker). Order does not matter; positions decide.
pub(super) const MARKERS: &[(CauseKind, &str)] = &[
    (
        CauseKind::NameNotResolved,
        "remote name could not be resolved",
    ),
    (CauseKind::NameNotResolved, "nameresolutionfailure"),
    (CauseKind::NameNotResolved, "no such host is known"),
    (CauseKind::NameNotResolved, "name or service not known"),
    (
        CauseKind::NameNotResolved,
        "no data of the requested type was found",
    ),
    (
        CauseKind::NameNotResolved,
        "remotename konnte nicht aufgelöst werden",
    ),
    (
        CauseKind::NameNotResolved,
        "nom distant n'a pas pu être résolu",
    ),
    (CauseKind::NetworkTimeout, "timed out"),
    (CauseKind::NetworkTimeout, "timeoutexception"),
    (CauseKind::NetworkTimeout, "exceeded the allotted timeout"),
    (
        CauseKind::NetworkTimeout,
        "did not properly respond after a period of time",
    ),
    (CauseKind::NetworkTimeout, "gateway timeout"),
    (CauseKind::NetworkTimeout, "(504)"),
    (
        CauseKind::NetworkTimeout,
        "unable to connect to the remote server",
    ),
    (CauseKind::NetworkTimeout, "connectfailure"),
    (
        CauseKind::NetworkTimeout,
        "the connection was closed unexpectedly",
    ),
    (
        CauseKind::NetworkTimeout,
        "forcibly closed by the remote host",
    ),
    (CauseKind::NetworkTimeout, "zeitlimit"),
    (CauseKind::NetworkTimeout, "délai d'attente"),
    (CauseKind::NoEndpoint, "no endpoint listening"),
    (CauseKind::NoEndpoint, "no service was listening"),
    (CauseKind::NoEndpoint, "endpointnotfoundexception"),
    (CauseKind::NoEndpoint, "actively refused"),
    (CauseKind::NoEndpoint, "(404)"),
    (CauseKind::NoEndpoint, "(403)"),
    (CauseKind::MethodNotAllowed, "(405)"),
    (CauseKind::MethodNotAllowed, "http status 405"),
    (CauseKind::MethodNotAllowed, "http-status 405"),
    (CauseKind::MethodNotAllowed, "method not allowed"),
    (CauseKind::RequestTooLarge, "(413)"),
    (CauseKind::RequestTooLarge, "requestentitytoolarge"),
    (CauseKind::RequestTooLarge, "request entity too large"),
    (CauseKind::NoMrsProxy, "no mrsproxy was found running"),
    (CauseKind::NoMrsProxy, "no mrs proxy was found running"),
    (
        CauseKind::Autodiscover,
        "autodiscover failed with a configuration error",
    ),
    (
        CauseKind::Autodiscover,
        "failed to detect the migration endpoint using the autodiscover service",
    ),
    (
        CauseKind::Autodiscover,
        "autodiscoverfailedconfigurationerror",
    ),
    (CauseKind::Unauthorized, "(401)"),
    (
        CauseKind::Unauthorized,
        "is unauthorized with client authentication scheme",
    ),
    (CauseKind::Unauthorized, "mrshttpunauthorizedexception"),
    (
        CauseKind::TlsTrust,
        "could not establish trust relationship",
    ),
    (
        CauseKind::TlsTrust,
        "could not create ssl/tls secure channel",
    ),
    (CauseKind::TlsTrust, "could not establish secure channel"),
    (CauseKind::TlsTrust, "remote certificate is invalid"),
    (CauseKind::TlsTrust, "trustfailure"),
    (CauseKind::TlsTrust, "securechannelfailure"),
    (CauseKind::TlsTrust, "securitynegotiationexception"),
    (
        CauseKind::TlsTrust,
        "remote party has closed the transport stream",
    ),
    (
        CauseKind::TlsTrust,
        "handshake failed due to an unexpected packet format",
    ),
    (CauseKind::TlsTrust, "a call to sspi failed"),
    (
        CauseKind::TlsTrust,
        "server certificate is not configured properly",
    ),
    (CauseKind::ServerError, "(500)"),
    (CauseKind::ServerError, "(502)"),
    (CauseKind::ServerError, "(503)"),
    (CauseKind::ServerError, "internal server error"),
    (CauseKind::ServerError, "service unavailable"),
    (CauseKind::ServerError, "server unavailable"),
    (CauseKind::ServerError, "servertoobusyexception"),
    (CauseKind::ServerError, "service is too busy"),
    (CauseKind::ServerError, "bad gateway"),
];
