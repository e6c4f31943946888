use clap::Parser;

fn main() -> std::process::ExitCode {
    nianbao::cli::run(nianbao::cli::Cli::parse())
}
