//! Line grammars: the HCW text log, W3C extended logs (IIS and HTTPERR) and Exchange HttpProxy
//! CSV logs.

pub mod hcw;
pub mod httpproxy;
pub mod w3c;
