//! (in progress)

pub mod clipboard;
