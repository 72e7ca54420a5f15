//! The README's figures ("### The fault suite" table) and the tests a test binary holds: so a
//! figure can be compared with what the suite really runs.

/// The figure of the README's fault-suite row whose first cell starts with `what`.
pub fn readme_figure(what: &str) -> String {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/testing.md"))
        .expect("docs/testing.md");
    let section = readme
        .split("# The fault suite")
        .nth(1)
        .expect("a fault-suite section in docs/testing.md");
    section
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim().trim_matches('|').split('|').collect();
            (cells.len() == 2 && cells[0].trim().starts_with(what))
                .then(|| cells[1].trim().to_owned())
        })
        .next()
        .unwrap_or_else(|| panic!("no README figure for {what:?}"))
}

/// The names of the tests in this test binary, as `--list` prints them.
pub fn listed_tests() -> Vec<String> {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--list", "--format", "terse"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_suffix(": test").map(str::to_owned))
        .collect()
}
