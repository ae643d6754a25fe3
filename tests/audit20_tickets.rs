//! What `y` copies for a handshake carries the server's side the detail pane shows: the front
//! end's HttpProxy row joined to a leg through its `cafeReqId`, and the Security event linked to
//! a failed handshake. A row of another request id at the same moment is not cited.
//! Fixture: `tests/fixtures/audit20/lb-pair` (see its README); the Security log is the corpus
//! file `Security_with_size_t.evtx` beside `tests/fixtures/evtx-scenario` (skipped with a note
//! when the corpus is absent).

use crate::corpus;
use crate::fixtures;

use fixtures::fixture;
use hcwlens::analyze::handshake::Handshake;
use hcwlens::export::{ExportItem, marked_markdown};
use hcwlens::pipeline::{Analysis, LoadOptions, load};
use hcwlens::progress::NoProgress;
use hcwlens::time::ZoneSpec;

/// The ticket text `y` copies for one handshake (`tui::ticket::markdown` writes it so).
fn ticket(a: &Analysis, h: &Handshake) -> String {
    marked_markdown(
        &[ExportItem::Handshake(h, None)],
        &a.sources,
        &ZoneSpec::Fixed(0),
        a,
    )
}

/// The failed handshake whose final leg is `line` of a file whose path contains `server`.
fn failed_ending_at<'a>(a: &'a Analysis, server: &str, line: u32) -> &'a Handshake {
    a.handshakes
        .iter()
        .find(|h| {
            h.legs.last().is_some_and(|l| {
                l.line == line
                    && a.sources[usize::from(l.source.0)]
                        .path
                        .to_string_lossy()
                        .contains(server)
            })
        })
        .expect("handshake")
}

#[test]
fn a_handshake_ticket_cites_the_front_end_row_joined_to_its_leg() {
    let a = load(
        &[fixture("audit20/lb-pair")],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let joined = ticket(&a, failed_ending_at(&a, "FBEX1", 28));
    assert!(
        joined.contains(
            "   - Front end: `HttpProxy_2025031209-1.LOG:6` request \
             d96e5adf-a2be-4e31-ac8b-e7d742840d2b: Negotiate, not authenticated; 401 to the \
             client; not proxied to a back end; errors: AuthenticationError=SEC_E_BAD_BINDINGS;"
        ),
        "{joined}"
    );
    // Only the leg the row belongs to cites it.
    assert_eq!(joined.matches("Front end:").count(), 1, "{joined}");
    // The other failing leg on FBEX1 has a row of another request id beside it: not its own.
    let other = ticket(&a, failed_ending_at(&a, "FBEX1", 31));
    assert!(!other.contains("Front end"), "{other}");
    assert!(!other.contains("HttpProxy"), "{other}");
}

#[test]
fn a_handshake_ticket_cites_the_security_event_that_says_why() {
    let Some(evtx) = corpus::corpus("evtx/omerbenamram-evtx/Security_with_size_t.evtx") else {
        return;
    };
    let a = load(
        &[fixture("evtx-scenario"), evtx],
        &LoadOptions::default(),
        &NoProgress,
    )
    .expect("load");
    let link = a.security.links.first().expect("a linked handshake");
    let linked = ticket(&a, &a.handshakes[link.handshake]);
    assert!(
        linked.contains(
            "Security event (same user or address, 137 ms after the final leg): \
             `Security_with_size_t.evtx:18`"
        ),
        "{linked}"
    );
    assert!(
        linked.contains(
            "2015-08-23T10:53:26.137Z WIN-L0ZZQ76PMUF 4625: no such user (0xC0000064), Status \
             0xC000006D, SubStatus 0xC0000064, user IT104-3\\Student"
        ),
        "{linked}"
    );
    // One blank line between the event's block and the verdict.
    assert!(linked.contains("record 452\n```\n\nVerdict: "), "{linked}");
    // The handshake of another client at the same moment has no event of its own.
    let unlinked = a
        .handshakes
        .iter()
        .enumerate()
        .find(|(i, h)| {
            h.outcome == hcwlens::analyze::handshake::HandshakeOutcome::Failed
                && a.security.links.iter().all(|l| l.handshake != *i)
        })
        .map(|(_, h)| h)
        .expect("an unlinked failed handshake");
    let text = ticket(&a, unlinked);
    assert!(!text.contains("Security event"), "{text}");
}
