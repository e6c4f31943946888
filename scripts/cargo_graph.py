"""What the release scripts share: the packages of a `cargo metadata`
graph reached from some roots through some kinds of dependency."""


def reachable(meta, roots, kinds):
    """The packages (as cargo metadata gives them) reached from the package
    ids `roots` through dependencies of the `kinds` (None: normal, "build",
    "dev"), roots included."""
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    seen, todo = set(), list(roots)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        for dep in nodes[pid]["deps"]:
            if any(k["kind"] in kinds for k in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    return [packages[p] for p in seen]
