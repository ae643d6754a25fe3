//! A refusal IIS logged as 404.x (here 404.7, request filtering denying the `.svc` extension)
//! behind a `(404) Not Found` migration endpoint test: the remedy's check says the endpoint
//! must answer 401, not 404 — the status the admin will see — and never names a 403 that no log
//! shows. Fixture: `tests/fixtures/dedupe/notfound-sub` (the `forbidden-ip` catalogue run with
//! the WCF 404 chain and IIS `404 7 0`).

use hcwlens::pipeline::{LoadOptions, load};
use hcwlens::progress::NoProgress;
use std::path::PathBuf;

#[test]
fn a_404_substatus_remedy_follows_the_status() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dedupe/notfound-sub");
    let a = load(&[dir], &LoadOptions::default(), &NoProgress).expect("load");
    let f = a
        .findings
        .iter()
        .find(|f| f.id.to_string() == "hcw-no-endpoint")
        .expect("hcw-no-endpoint");
    assert!(f.title.contains("404.7"), "{}", f.title);
    let text = format!("{} {}", f.explanation, f.remedy);
    assert!(f.remedy.contains("not 404"), "{}", f.remedy);
    assert!(!text.contains("403"), "no log shows a 403: {text}");
}
