//! The bundled sample scenario, embedded in the binary so `hcwlens demo` works from any folder.
//!
//! The files are written to a fresh folder under the system temp directory (keeping the
//! `EX01/W3SVC1` layout that names the server) and removed again when the demo ends.

use std::path::{Path, PathBuf};

const FILES: &[(&str, &str)] = &[
    (
        "hcw/20241105_142155.log",
        include_str!("../../assets/demo/hcw/20241105_142155.log"),
    ),
    (
        "EX01/W3SVC1/u_ex241105.log",
        include_str!("../../assets/demo/EX01/W3SVC1/u_ex241105.log"),
    ),
];

/// The demo files on disk; the folder is removed on drop.
#[derive(Debug)]
pub struct DemoFiles {
    root: PathBuf,
}

impl DemoFiles {
    /// Writes the embedded files into a new folder under `base` (the system temp dir).
    pub fn extract(base: &Path) -> std::io::Result<Self> {
        let root = base.join(format!("hcwlens-demo-{}", std::process::id()));
        for (rel, text) in FILES {
            let path = root.join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, text)?;
        }
        Ok(DemoFiles { root })
    }

    /// The folder holding the demo files.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Drop for DemoFiles {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
