//! Copying a fixture tree into a temporary directory, shared by the test
//! crates that build throwaway projects (`#[path]`-included).

use std::fs;
use std::path::Path;

/// Copies `from` into `to`, recursively (regular files and directories).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}
