fn main() -> std::process::ExitCode {
    // A child of our own that reads an untrusted file under limits.
    if std::env::args_os().nth(1).is_some_and(|a| a == nianbao::import::isolate::CHILD_ARG) {
        return nianbao::import::isolate::child_main(limit_self);
    }
    nianbao::cli::run(nianbao::cli::parse())
}

/// The reading child's limits on itself: address space, CPU time, no core
/// file. One that cannot be set leaves the parent's deadline and text bound.
fn limit_self(limits: nianbao::import::isolate::Limits) {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let limit = |n| Rlimit { current: Some(n), maximum: Some(n) };
    let _ = setrlimit(Resource::As, limit(limits.memory));
    let _ = setrlimit(Resource::Cpu, limit(limits.cpu_secs));
    let _ = setrlimit(Resource::Core, limit(0));
}
