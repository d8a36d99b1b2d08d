//! `kplay`: the headless scenario runner (`shared/scenario-format.md`).
//!
//! ```text
//! kplay run SCENARIO.json [--trace]   validate, run, print the report
//! kplay check SCENARIO.json           validate only, print "ok"
//! kplay check-challenge CHALLENGE.json SOLUTION
//!                                     check a challenge solution (a file or a share link)
//! kplay help | --help | -h            print the usage
//! ```
//!
//! `SCENARIO.json` may be `-` for standard input; so may `SOLUTION`, which is a
//! scenario file, a share link (a URL or its `#s=1.…` fragment), or a file holding
//! a share link. `check-challenge` prints `solved: …` and the completion code
//! (exit 0), `not solved: …` with every reason (exit 1), or the errors of an
//! invalid challenge or solution (exit 2). The report is printed as
//! pretty-printed JSON (two-space indents) followed by a newline, so that reports
//! read and diff cleanly. Exit status: 0 on success; 2 for an invalid
//! scenario (one `error: <path>: <message>` line per problem on stderr), an
//! unreadable file, or a usage error; 1 when the output cannot be written.
//! Arguments are read as OS strings, so no input can make `kplay` panic.

use kafka_playground::challenge::{self, Challenge, Verdict};
use kafka_playground::scenario::{self, run::run_to_json};
use kafka_playground::share;
use std::ffi::{OsStr, OsString};
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "\
kplay: run and check Kafka Playground scenarios (kafka-playground/scenario@1)

usage:
  kplay run SCENARIO.json [--trace]   validate and run the scenario; print the report (JSON)
                                      on stdout, with every engine event under \"trace\"
                                      when --trace is given
  kplay check SCENARIO.json           validate only; print \"ok\" or the errors
  kplay check-challenge CHALLENGE.json SOLUTION
                                      check a solution of a classroom challenge
                                      (kafka-playground/challenge@1); SOLUTION is a
                                      scenario file, a share link (a URL or its
                                      #s=1.… part), or a file holding one; print
                                      the verdict and, when solved, the completion code
  kplay help | --help | -h            print this help

SCENARIO.json and SOLUTION may be \"-\" to read standard input.
exit status: 0 success (check-challenge: solved); 1 not solved (check-challenge),
or the output cannot be written; 2 invalid scenario, challenge or solution,
unreadable file or bad usage.
";

/// Exit status for an invalid scenario, an unreadable file or a usage error.
const INVALID: u8 = 2;
/// Exit status when stdout cannot be written.
const OUTPUT_FAILED: u8 = 1;
/// Exit status of `check-challenge` for a solution that does not solve it.
const NOT_SOLVED: u8 = 1;

enum Command {
    Help,
    Check(OsString),
    Run {
        file: OsString,
        trace: bool,
    },
    CheckChallenge {
        challenge: OsString,
        solution: OsString,
    },
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    match parse_args(&args) {
        Ok(Command::Help) => print(USAGE.trim_end()),
        Ok(Command::Check(file)) => match load(&file) {
            Ok(_) => print("ok"),
            Err(code) => code,
        },
        Ok(Command::Run { file, trace }) => match load(&file) {
            Ok(scenario) => {
                let report = run_to_json(&scenario, trace);
                match serde_json::to_string_pretty(&report) {
                    Ok(text) => print(&text),
                    Err(error) => {
                        eprint_line(&format!("error: cannot write the report: {error}"));
                        ExitCode::from(OUTPUT_FAILED)
                    }
                }
            }
            Err(code) => code,
        },
        Ok(Command::CheckChallenge {
            challenge,
            solution,
        }) => check_challenge(&challenge, &solution),
        Err(message) => {
            eprint_line(&format!("error: {message}"));
            eprint_line("run \"kplay --help\" for usage");
            ExitCode::from(INVALID)
        }
    }
}

fn parse_args(args: &[OsString]) -> Result<Command, String> {
    let Some((first, rest)) = args.split_first() else {
        return Err("missing command (run, check, check-challenge or help)".to_string());
    };
    let command = first.to_str().unwrap_or("");
    match command {
        "help" | "--help" | "-h" => match rest {
            [] => Ok(Command::Help),
            _ => Err(format!("{command} takes no arguments")),
        },
        "check" => match rest {
            [file] if !is_option(file) => Ok(Command::Check(file.clone())),
            [] => Err("check needs a scenario file (or - for standard input)".to_string()),
            _ => Err(format!(
                "check takes one scenario file, got: {}",
                show(rest)
            )),
        },
        "run" => {
            let trace = rest.iter().filter(|a| a.as_os_str() == "--trace").count();
            let others: Vec<&OsString> =
                rest.iter().filter(|a| a.as_os_str() != "--trace").collect();
            match (trace, others.as_slice()) {
                (0 | 1, [file]) if !is_option(file) => Ok(Command::Run {
                    file: (*file).clone(),
                    trace: trace == 1,
                }),
                (0 | 1, []) => {
                    Err("run needs a scenario file (or - for standard input)".to_string())
                }
                _ => Err(format!(
                    "run takes one scenario file and an optional --trace, got: {}",
                    show(rest)
                )),
            }
        }
        "check-challenge" => match rest {
            [challenge, solution] if !is_option(challenge) && !is_option(solution) => {
                Ok(Command::CheckChallenge {
                    challenge: challenge.clone(),
                    solution: solution.clone(),
                })
            }
            _ => Err(format!(
                "check-challenge takes a challenge file and a solution (a file, a share link, or -), got: {}",
                show(rest)
            )),
        },
        _ => Err(format!(
            "unknown command {:?} (commands: run, check, check-challenge, help)",
            first.to_string_lossy()
        )),
    }
}

/// An argument that looks like an option (`--x`, `-x`), other than `-` itself.
fn is_option(arg: &OsStr) -> bool {
    let text = arg.to_string_lossy();
    text.starts_with('-') && text != "-"
}

fn show(args: &[OsString]) -> String {
    let shown: Vec<String> = args
        .iter()
        .map(|a| format!("{:?}", a.to_string_lossy()))
        .collect();
    shown.join(" ")
}

/// Reads and validates the scenario, printing every problem on failure.
fn load(file: &OsStr) -> Result<scenario::Scenario, ExitCode> {
    let text = read(file).map_err(|message| {
        eprint_line(&format!("error: {message}"));
        ExitCode::from(INVALID)
    })?;
    scenario::parse(&text).map_err(|errors| {
        for error in errors {
            eprint_line(&format!("error: {error}"));
        }
        ExitCode::from(INVALID)
    })
}

/// `check-challenge`: reads both, checks, prints the verdict.
fn check_challenge(challenge: &OsStr, solution: &OsStr) -> ExitCode {
    let invalid = |lines: Vec<String>| {
        for line in lines {
            eprint_line(&format!("error: {line}"));
        }
        ExitCode::from(INVALID)
    };
    let challenge = match read(challenge) {
        Ok(text) => match Challenge::parse(&text) {
            Ok(challenge) => challenge,
            Err(errors) => return invalid(errors.iter().map(ToString::to_string).collect()),
        },
        Err(message) => return invalid(vec![message]),
    };
    let solution = match read_solution(solution) {
        Ok(text) => match share::read_session(&text) {
            Ok(solution) => solution,
            Err(share::ShareError::InvalidScenario(errors)) => {
                return invalid(errors.iter().map(|e| format!("solution: {e}")).collect())
            }
            Err(error) => return invalid(vec![format!("solution: {error}")]),
        },
        Err(message) => return invalid(vec![message]),
    };
    match challenge::check(&challenge, &solution) {
        Verdict::Solved {
            why,
            completion_code,
        } => print(&format!(
            "solved: {}\n{why}\ncompletion code: #{completion_code}",
            challenge.title
        )),
        Verdict::NotSolved { why } => {
            let mut text = format!("not solved: {}", challenge.title);
            for reason in why {
                text.push_str(&format!("\n- {reason}"));
            }
            match print(&text) {
                code if code == ExitCode::SUCCESS => ExitCode::from(NOT_SOLVED),
                code => code,
            }
        }
    }
}

/// A solution argument: `-`, a file, or a share link given on the command line.
fn read_solution(arg: &OsStr) -> Result<String, String> {
    let text = arg.to_string_lossy();
    if text.contains("s=") && !Path::new(arg).exists() {
        return Ok(text.into_owned());
    }
    read(arg)
}

fn read(file: &OsStr) -> Result<String, String> {
    if file == "-" {
        let mut text = String::new();
        return io::stdin()
            .read_to_string(&mut text)
            .map(|_| text)
            .map_err(|error| format!("cannot read standard input: {error}"));
    }
    std::fs::read_to_string(file)
        .map_err(|error| format!("cannot read {}: {error}", Path::new(file).display()))
}

/// Prints `text` and a newline on stdout; a failed write (e.g. a closed pipe) is
/// reported rather than a panic.
fn print(text: &str) -> ExitCode {
    let mut out = io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprint_line(&format!("error: cannot write to standard output: {error}"));
            ExitCode::from(OUTPUT_FAILED)
        }
    }
}

/// Prints a line on stderr, ignoring failure (there is nowhere left to report it).
fn eprint_line(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}
