fn main() -> std::process::ExitCode {
    // A child of our own that reads an untrusted file under limits.
    if std::env::args_os().nth(1).is_some_and(|a| a == nianbao::import::isolate::CHILD_ARG) {
        return nianbao::import::isolate::child_main();
    }
    nianbao::cli::run(nianbao::cli::parse())
}
