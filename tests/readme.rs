//! The README is part of the interface: its exit-code table must be the program's.

use stytch_m2m::exit_codes::ExitCode;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn the_exit_code_table_matches_the_program() {
    let readme = readme();
    let section = readme
        .split("## Exit codes")
        .nth(1)
        .expect("an Exit codes section");
    let rows: Vec<(i32, String)> = section
        .lines()
        .skip_while(|l| !l.starts_with("| code"))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            (cells[0].parse().unwrap(), cells[1].to_owned())
        })
        .collect();
    let expected: Vec<(i32, String)> = ExitCode::ALL
        .iter()
        .map(|c| (c.code(), c.meaning().to_owned()))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn help_shows_the_same_table() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_stytch-m2m"))
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for code in ExitCode::ALL {
        let line = format!("{:<4} {}", code.code(), code.meaning());
        assert!(help.contains(&line), "--help lacks {line:?}");
    }
}
