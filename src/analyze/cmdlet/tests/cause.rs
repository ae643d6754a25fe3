//! The exception-chain classifier on chains shaped like the ones MRS, WCF and .NET write.

use super::super::cause::{CauseKind, classify, url_host};

const OUTER: &str = "Microsoft.Exchange.Migration.MigrationServerConnectionFailedException: The connection to the server 'mail.contoso.com' could not be completed. ---> Microsoft.Exchange.MailboxReplicationService.MRSRemoteTransientException: ";

fn chain(inner: &str) -> String {
    format!("{OUTER}{inner}")
}

#[test]
fn unresolved_name_wins_over_the_endpoint_wrapper_and_names_the_host() {
    let c = classify(&chain(
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed because no service was listening on the specified endpoint. Error details: There was no endpoint listening at https://mail.contoso.com/EWS/mrsproxy.svc that could accept the message. This is often caused by an incorrect address or SOAP action. See InnerException, if present, for more details. --> The remote name could not be resolved: 'hybrid.contoso.net'",
    ))
    .expect("cause");
    assert_eq!(c.kind, CauseKind::NameNotResolved);
    assert_eq!(c.host.as_deref(), Some("hybrid.contoso.net"));
    assert_eq!(
        c.url.as_deref(),
        Some("https://mail.contoso.com/EWS/mrsproxy.svc")
    );
    assert_eq!(
        c.detail,
        "The remote name could not be resolved: 'hybrid.contoso.net'"
    );
}

#[test]
fn socket_level_name_failure_falls_back_to_the_url_host() {
    let c = classify(&chain(
        "The call to 'https://mail.contoso.com:443/EWS/mrsproxy.svc' failed. Error details: No such host is known",
    ))
    .expect("cause");
    assert_eq!(c.kind, CauseKind::NameNotResolved);
    assert_eq!(c.host.as_deref(), Some("mail.contoso.com"));
}

#[test]
fn timeouts_are_the_network_path() {
    let c = classify(&chain(
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' timed out. Error details: The request channel timed out attempting to send after 00:00:07.9000000. Increase the timeout value passed to the call to Request or increase the SendTimeout value on the Binding. --> The HTTP request to 'https://mail.contoso.com/EWS/mrsproxy.svc' has exceeded the allotted timeout of 00:00:07.9000000. --> The operation has timed out",
    ))
    .expect("cause");
    assert_eq!(c.kind, CauseKind::NetworkTimeout);
    assert_eq!(c.host.as_deref(), Some("mail.contoso.com"));
    let socket = classify(&chain(
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed because no service was listening on the specified endpoint. Error details: There was no endpoint listening at https://mail.contoso.com/EWS/mrsproxy.svc that could accept the message. --> Unable to connect to the remote server --> A connection attempt failed because the connected party did not properly respond after a period of time, or established connection failed because connected host has failed to respond 203.0.113.10:443",
    ))
    .expect("cause");
    assert_eq!(socket.kind, CauseKind::NetworkTimeout);
    let gateway = classify(
        "The connection to the server 'c41e0b97.resource.mailboxmigration.his.msappproxy.net' could not be completed., The call to 'https://c41e0b97.resource.mailboxmigration.his.msappproxy.net/EWS/mrsproxy.svc' failed. Error details: The remote server returned an error: (504) Gateway Timeout.",
    )
    .expect("cause");
    assert_eq!(gateway.kind, CauseKind::NetworkTimeout);
    assert_eq!(gateway.status, Some(504));
    assert_eq!(
        gateway.host.as_deref(),
        Some("c41e0b97.resource.mailboxmigration.his.msappproxy.net")
    );
}

#[test]
fn nothing_listening_refused_or_not_found_is_no_endpoint() {
    for inner in [
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed because no service was listening on the specified endpoint. Error details: There was no endpoint listening at https://mail.contoso.com/EWS/mrsproxy.svc that could accept the message. --> The remote server returned an error: (404) Not Found.",
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed. Error details: There was no endpoint listening at https://mail.contoso.com/EWS/mrsproxy.svc that could accept the message. --> Unable to connect to the remote server --> No connection could be made because the target machine actively refused it 203.0.113.10:443",
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed. Error details: The HTTP request was forbidden with client authentication scheme 'Negotiate'. --> The remote server returned an error: (403) Forbidden.",
    ] {
        let c = classify(&chain(inner)).expect("cause");
        assert_eq!(c.kind, CauseKind::NoEndpoint, "{inner}");
        assert_eq!(c.host.as_deref(), Some("mail.contoso.com"));
    }
}

#[test]
fn unauthorized_keeps_the_offered_schemes() {
    let c = classify(&chain(
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed. Error details: Microsoft.Exchange.MailboxReplicationService.MrsHttpUnauthorizedException: The HTTP request is unauthorized with client authentication scheme 'Negotiate'. The authentication header received from the server was 'Negotiate, NTLM'. --> The remote server returned an error: (401) Unauthorized.",
    ))
    .expect("cause");
    assert_eq!(c.kind, CauseKind::Unauthorized);
    assert_eq!(c.status, Some(401));
    assert_eq!(c.auth_header.as_deref(), Some("Negotiate, NTLM"));
    assert_eq!(
        c.detail,
        "The remote server returned an error: (401) Unauthorized."
    );
}

#[test]
fn certificate_trust_is_tls() {
    let c = classify(&chain(
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed. Error details: Could not establish trust relationship for the SSL/TLS secure channel with authority 'mail.contoso.com'. --> The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel. --> The remote certificate is invalid according to the validation procedure.",
    ))
    .expect("cause");
    assert_eq!(c.kind, CauseKind::TlsTrust);
    assert_eq!(c.host.as_deref(), Some("mail.contoso.com"));
}

#[test]
fn back_end_errors_are_server_errors() {
    let c = classify(&chain(
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed. Error details: The remote server returned an unexpected response: (503) Service Unavailable. --> The remote server returned an error: (503) Server Unavailable.",
    ))
    .expect("cause");
    assert_eq!(c.kind, CauseKind::ServerError);
    assert_eq!(c.status, Some(503));
    let c = classify("The remote server returned an error: (500) Internal Server Error.")
        .expect("cause");
    assert_eq!(
        (c.kind, c.status, c.host),
        (CauseKind::ServerError, Some(500), None)
    );
}

#[test]
fn localised_and_unknown_chains() {
    let de = classify(
        "System.Net.WebException: Der Remotename konnte nicht aufgelöst werden: 'mail.contoso.de'",
    )
    .expect("cause");
    assert_eq!(de.kind, CauseKind::NameNotResolved);
    assert_eq!(de.host.as_deref(), Some("mail.contoso.de"));
    assert_eq!(
        classify("Object reference not set to an instance of an object."),
        None
    );
    assert_eq!(
        classify("Access to the path is denied (UnauthorizedAccessException)"),
        None
    );
}

#[test]
fn url_hosts() {
    assert_eq!(
        url_host("https://user@h.example:444/x").as_deref(),
        Some("h.example")
    );
    assert_eq!(
        url_host("https://[2001:db8::1]:443/").as_deref(),
        Some("2001:db8::1")
    );
    assert_eq!(url_host("mail.contoso.com"), None);
}

mod hostile {
    use super::super::super::cause::classify;
    use super::super::super::dump::{property, unwrap_text};
    use proptest::prelude::*;

    const PIECES: &[&str] = &[
        "The remote name could not be resolved: '",
        "Der Remotename konnte nicht aufgelöst werden: \"",
        "(401)",
        "(50",
        "timed out",
        "https://",
        "' ",
        "'",
        " ---> ",
        " --> ",
        "Error details: ",
        "ErrorDetail='",
        "\n   at X()",
        "\n",
        "é",
        "İ",
        "\u{1b}[31m",
        "}",
    ];

    proptest! {
        #[test]
        fn never_panics_and_names_only_escaped_hosts(
            parts in proptest::collection::vec((0..PIECES.len(), "\\PC{0,6}"), 0..24)
        ) {
            let text: String = parts
                .iter()
                .map(|(i, s)| format!("{}{s}", PIECES[*i]))
                .collect();
            let un = unwrap_text(&text);
            let _ = property(&un, "ErrorDetail");
            if let Some(c) = classify(&un) {
                for s in [c.host.as_deref(), c.url.as_deref(), Some(c.detail.as_str())]
                    .into_iter()
                    .flatten()
                {
                    prop_assert!(!s.contains('\x1b'), "control character in {:?}", s);
                }
            }
        }
    }
}

#[test]
fn refusals_that_name_their_cause_have_their_own_class() {
    let c =
        classify("The remote server returned an unexpected response: (413) RequestEntityTooLarge.")
            .expect("cause");
    assert_eq!((c.kind, c.status), (CauseKind::RequestTooLarge, Some(413)));
    let c = classify(&chain(
        "The call to 'https://mail.contoso.com/EWS/mrsproxy.svc' failed. Error details: Request failed with http status 405: method not allowed. --> Exception has been thrown by the target of an invocation.",
    ))
    .expect("cause");
    assert_eq!((c.kind, c.status), (CauseKind::MethodNotAllowed, Some(405)));
    assert_eq!(c.host.as_deref(), Some("mail.contoso.com"));
    let c = classify("The ExchangeRemote endpoint settings could not be determined from the autodiscover response. No MRSProxy was found running at 'mail.contoso.com'.")
        .expect("cause");
    assert_eq!(c.kind, CauseKind::NoMrsProxy);
    let c = classify("AutoDiscover failed with a configuration error: The migration service failed to detect the migration endpoint using the Autodiscover service.")
        .expect("cause");
    assert_eq!(c.kind, CauseKind::Autodiscover);
    // The innermost marker still wins: an Autodiscover failure caused by a DNS failure is DNS.
    let c = classify("AutoDiscover failed with a configuration error. ---> The remote name could not be resolved: 'autodiscover.contoso.com'")
        .expect("cause");
    assert_eq!(c.kind, CauseKind::NameNotResolved);
}

#[test]
fn a_german_405_is_method_not_allowed() {
    // .NET's German resource; the status text after the code comes from the server.
    let c = classify("Fehler bei der Anforderung mit HTTP-Status 405: Methode nicht zulässig.")
        .expect("cause");
    assert_eq!((c.kind, c.status), (CauseKind::MethodNotAllowed, Some(405)));
}

#[test]
fn only_the_migration_services_autodiscover_failure_is_that_class() {
    // Other Autodiscover wording (an Outlook or federation lookup) is not a migration endpoint
    // lookup and must not be worded as one.
    assert_eq!(
        classify("Autodiscover failed for user admin@contoso.com: the request was redirected."),
        None
    );
    let c = classify("Microsoft.Exchange.Migration.AutoDiscoverFailedConfigurationErrorException")
        .expect("cause");
    assert_eq!(c.kind, CauseKind::Autodiscover);
}
