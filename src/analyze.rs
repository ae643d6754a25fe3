//! Analysis over parsed sources: cmdlet calls, handshakes, correlation, clock skew, findings,
//! the join of front-end IIS lines to HttpProxy rows.

pub mod cmdlet;
pub mod correlate;
pub mod finding;
pub mod findings;
pub mod handshake;
pub mod hint;
pub mod mrs;
pub mod names;
pub mod overview;
pub mod proxyjoin;
pub mod scope;
pub mod seclink;
pub mod skew;
