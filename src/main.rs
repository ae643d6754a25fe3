//! hcwlens command line entry.

fn main() {}
