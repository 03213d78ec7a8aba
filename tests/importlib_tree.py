"""importlib_tree.py: the reference for `ftport tree --json`, written with
importlib.metadata and packaging, and the comparison of the two.

  python importlib_tree.py reference            the reference graph of the running
                                                interpreter's sys.path, as JSON on stdout
  python importlib_tree.py compare FTPORT REF   compares two such files; one line per
                                                disagreement; exit 1 if there is any

The reference must run with the same sys.path as ftport's interpreter query
(`python -c ...`: sys.path[0] is ""), so tree_vs_importlib.sh starts it through
runpy from -c in the same (empty) working directory.

It implements ftport's dependency-graph rules independently of ftport: markers
evaluated by packaging for the running interpreter, extras propagated to a fixpoint
("pkg[x]" turns on pkg's `extra == "x"` requirements, which may ask for more extras),
one edge per child name (specifiers intersected, extras united, the marker kept only
when every merged line has one), pip's rule that an installed pre-release satisfies a
specifier, roots = what no other distribution requires, then the first (by name)
unreached node of each pure cycle.
"""

import json
import os
import re
import sys


def load_packaging():
    """Imports packaging; borrows FTPORT_PACKAGING_DIR's copy (Debian's
    python3-packaging) when the interpreter has none, then takes that directory off
    sys.path again so that it adds no distributions."""
    try:
        import packaging.markers  # noqa: F401
        import packaging.requirements  # noqa: F401
        import packaging.specifiers  # noqa: F401
        import packaging.utils  # noqa: F401
        import packaging.version  # noqa: F401
        return "own " + _packaging_version()
    except ImportError:
        pass
    borrow = os.environ.get("FTPORT_PACKAGING_DIR")
    if not borrow:
        return None
    for mod in [m for m in sys.modules if m == "packaging" or m.startswith("packaging.")]:
        del sys.modules[mod]
    sys.path.insert(0, borrow)
    try:
        import packaging.markers  # noqa: F401,F811
        import packaging.requirements  # noqa: F401,F811
        import packaging.specifiers  # noqa: F401,F811
        import packaging.utils  # noqa: F401,F811
        import packaging.version  # noqa: F401,F811
    except ImportError:
        return None
    finally:
        sys.path.remove(borrow)
        sys.path_importer_cache.pop(borrow, None)
    return "borrowed " + _packaging_version() + " from " + borrow


def _packaging_version():
    try:
        from importlib.metadata import version

        return version("packaging")
    except Exception:
        import packaging

        return getattr(packaging, "__version__", "?")


def canon(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def reference():
    from importlib import metadata

    how = load_packaging()
    if how is None:
        sys.stdout.write(json.dumps({"error": "packaging is not importable by %s "
                                     "(install python3-packaging or set "
                                     "FTPORT_PACKAGING_DIR)" % sys.executable}))
        return 0
    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.specifiers import SpecifierSet
    from packaging.version import InvalidVersion, Version

    # Distributions: first one of a name wins, in sys.path order (importlib's order).
    nodes = {}
    skipped = []
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        version = dist.metadata["Version"]
        # importlib lists these too (with Name None); ftport skips them with a
        # warning, since nothing can require a distribution without a name.
        if not name or version is None:
            skipped.append(str(getattr(dist, "_path", "?")))
            continue
        key = canon(name)
        if key in nodes:
            continue
        nodes[key] = {
            "name": key,
            "version": version,
            "path": str(getattr(dist, "_path", "")),
            "raw": list(dist.requires or []),
        }

    # Parse the requirements.
    for n in nodes.values():
        n["reqs"] = []
        n["errors"] = []
        n["extras"] = []
        for text in n["raw"]:
            try:
                r = Requirement(text)
            except InvalidRequirement as exc:
                n["errors"].append("%s: %s" % (text, exc))
                continue
            q = {
                "req": r,
                "name": canon(r.name),
                "extras": sorted(canon(x) for x in r.extras),
                # Only a marker can depend on the extra; which ones do is merely
                # an optimisation in ftport.
                "uses_extra": r.marker is not None,
                "active": False,
                "plain": False,
                "from": [],
            }
            n["reqs"].append(q)

    def holds(q, extra):
        m = q["req"].marker
        if m is None:
            return True
        try:
            return bool(m.evaluate({"extra": extra}))
        except Exception:
            return False

    # Extras to a fixpoint.
    queue = []

    def activate(q):
        q["active"] = True
        child = nodes.get(q["name"])
        if child is None:
            return
        grew = False
        for x in q["extras"]:
            if x not in child["extras"]:
                child["extras"].append(x)
                grew = True
        if grew:
            queue.append(child)

    for n in nodes.values():
        for q in n["reqs"]:
            if holds(q, ""):
                q["plain"] = True
                activate(q)
    while queue:
        n = queue.pop()
        for x in list(n["extras"]):
            for q in n["reqs"]:
                if q["plain"] or not q["uses_extra"]:
                    continue
                if holds(q, x):
                    if x not in q["from"]:
                        q["from"].append(x)
                    if not q["active"]:
                        activate(q)

    # Edges: one per child name.
    for n in nodes.values():
        order = []
        groups = {}
        for q in n["reqs"]:
            if not q["active"]:
                continue
            if q["name"] not in groups:
                order.append(q["name"])
                groups[q["name"]] = []
            groups[q["name"]].append(q)
        n["edges"] = []
        for cname in order:
            g = groups[cname]
            clauses = []
            for q in g:
                for s in q["req"].specifier:
                    if str(s) not in clauses:
                        clauses.append(str(s))
            extras = sorted(set(x for q in g for x in q["extras"]))
            plain = any(q["plain"] for q in g)
            from_extras = [] if plain else sorted(set(x for q in g for x in q["from"]))
            has_marker = all(q["req"].marker is not None for q in g)
            url = next((q["req"].url for q in g if q["req"].url), None)
            child = nodes.get(cname)
            installed = child["version"] if child else None
            satisfied = False
            if child is not None:
                spec = SpecifierSet(",".join(clauses)) if not url else SpecifierSet("")
                try:
                    satisfied = spec.contains(Version(installed), prereleases=True)
                except InvalidVersion:
                    satisfied = False
            n["edges"].append({
                "name": cname,
                "specifier": clauses if not url else [],
                "marker": has_marker,
                "extras": extras,
                "from_extras": from_extras,
                "installed": installed,
                "satisfied": satisfied,
            })

    # Roots.
    names = sorted(nodes)
    required = set()
    for n in nodes.values():
        for e in n["edges"]:
            if e["name"] in nodes and e["name"] != n["name"]:
                required.add(e["name"])
    reached = set()

    def reach(start):
        stack = [start]
        reached.add(start)
        while stack:
            cur = stack.pop()
            for e in nodes[cur]["edges"]:
                if e["name"] in nodes and e["name"] not in reached:
                    reached.add(e["name"])
                    stack.append(e["name"])

    roots = []
    for k in names:
        if k not in required:
            roots.append(k)
            if k not in reached:
                reach(k)
    for k in names:
        if k not in reached:
            roots.append(k)
            reach(k)
    roots.sort()

    out = {
        "packaging": how,
        "python": sys.executable,
        "sys_path": sys.path,
        "skipped": skipped,
        "packages": [{
            "name": nodes[k]["name"],
            "version": nodes[k]["version"],
            "path": nodes[k]["path"],
            "errors": nodes[k]["errors"],
            "requires": nodes[k]["edges"],
        } for k in names],
        "roots": roots,
    }
    sys.stdout.write(json.dumps(out, indent=1))
    return 0


# --- comparison ------------------------------------------------------------------

def norm_clauses(clauses):
    """A specifier as a set of clauses: whitespace dropped, each version in its
    canonical PEP 440 form where it is one (ftport prints canonical text, packaging
    keeps what was written)."""
    out = set()
    for c in clauses:
        c = re.sub(r"\s+", "", c)
        if not c:
            continue
        m = re.match(r"^(===|~=|==|!=|<=|>=|<|>)(.*)$", c)
        if not m:
            out.add(c)
            continue
        op, v = m.groups()
        if op != "===":
            star = v.endswith(".*")
            base = v[:-2] if star else v
            try:
                from packaging.version import Version

                base = str(Version(base))
            except Exception:
                pass
            v = base + (".*" if star else "")
        out.add(op + v)
    return frozenset(out)


# Deliberate differences between ftport and this reference, each with its reason. A
# line that matches one is reported as "deliberate:" and does not fail the test.
DELIBERATE = [
    # (regular expression over the disagreement line, reason)
]


def compare(ftport_file, ref_file):
    if load_packaging() is None:
        print("FAIL: packaging is not importable by %s for the comparison" % sys.executable)
        print("# cases: 0 passed, 1 failed")
        return 1
    with open(ftport_file, encoding="utf-8") as f:
        ft = json.load(f)
    with open(ref_file, encoding="utf-8") as f:
        ref = json.load(f)
    label = os.environ.get("CASE_LABEL", ref.get("python", "?"))
    passed = failed = 0
    if "error" in ref:
        print("FAIL %s: %s" % (label, ref["error"]))
        print("# cases: 0 passed, 1 failed")
        return 1

    def disagree(lines, what):
        bad = []
        for line in lines:
            why = next((r for p, r in DELIBERATE if re.search(p, line)), None)
            if why:
                print("deliberate: %s (%s)" % (line, why))
            else:
                bad.append(line)
                print("FAIL %s: %s" % (label, line))
        return bad

    ftp = {p["name"]: p for p in ft["packages"]}
    rfp = {p["name"]: p for p in ref["packages"]}

    # Case 1: the set of distributions, by name and version.
    lines = []
    for k in sorted(set(ftp) | set(rfp)):
        if k not in ftp:
            lines.append("%s %s: importlib has it, ftport does not (%s)"
                         % (k, rfp[k]["version"], rfp[k]["path"]))
        elif k not in rfp:
            lines.append("%s %s: ftport has it, importlib does not (%s)"
                         % (k, ftp[k]["version"], ftp[k]["location"]))
        elif ftp[k]["version"] != rfp[k]["version"]:
            lines.append("%s: version %s in ftport, %s in importlib"
                         % (k, ftp[k]["version"], rfp[k]["version"]))
    if disagree(lines, "set"):
        failed += 1
    else:
        passed += 1

    # One case per distribution both see: its edges, one by one.
    nedges = 0
    for k in sorted(set(ftp) & set(rfp)):
        lines = []
        fe = {e["name"]: e for e in ftp[k]["requires"]}
        re_ = {e["name"]: e for e in rfp[k]["requires"]}
        if len(fe) != len(ftp[k]["requires"]):
            lines.append("%s: ftport has two edges to one name" % k)
        for c in sorted(set(fe) | set(re_)):
            nedges += 1
            if c not in fe:
                lines.append("%s -> %s: edge only in importlib" % (k, c))
                continue
            if c not in re_:
                lines.append("%s -> %s: edge only in ftport (specifier %r, marker %r)"
                             % (k, c, fe[c]["specifier"], fe[c]["marker"]))
                continue
            a, b = fe[c], re_[c]
            sa = norm_clauses(a["specifier"].split(","))
            sb = norm_clauses(b["specifier"])
            if sa != sb:
                lines.append("%s -> %s: specifier %r in ftport, %r in importlib"
                             % (k, c, ",".join(sorted(sa)), ",".join(sorted(sb))))
            if (a["marker"] is not None) != b["marker"]:
                lines.append("%s -> %s: marker %s in ftport, %s in importlib"
                             % (k, c, "present" if a["marker"] is not None else "absent",
                                "present" if b["marker"] else "absent"))
            if sorted(a["extras"]) != b["extras"]:
                lines.append("%s -> %s: extras %s in ftport, %s in importlib"
                             % (k, c, a["extras"], b["extras"]))
            if sorted(a["from_extras"]) != b["from_extras"]:
                lines.append("%s -> %s: from_extras %s in ftport, %s in importlib"
                             % (k, c, a["from_extras"], b["from_extras"]))
            if a["installed"] != b["installed"]:
                lines.append("%s -> %s: installed %s in ftport, %s in importlib"
                             % (k, c, a["installed"], b["installed"]))
            if a["satisfied"] != b["satisfied"]:
                lines.append("%s -> %s: satisfied %s in ftport, %s in importlib"
                             % (k, c, a["satisfied"], b["satisfied"]))
        nbad_ft = sum(1 for w in ftp[k]["warnings"] if w.startswith("invalid requirement"))
        if nbad_ft != len(rfp[k]["errors"]):
            lines.append("%s: %d invalid requirements in ftport, %d in importlib (%s)"
                         % (k, nbad_ft, len(rfp[k]["errors"]), rfp[k]["errors"]))
        if disagree(lines, k):
            failed += 1
        else:
            passed += 1

    # Roots.
    lines = []
    only_ft = sorted(set(ft["roots"]) - set(ref["roots"]))
    only_ref = sorted(set(ref["roots"]) - set(ft["roots"]))
    if only_ft:
        lines.append("roots only in ftport: %s" % " ".join(only_ft))
    if only_ref:
        lines.append("roots only in importlib: %s" % " ".join(only_ref))
    if disagree(lines, "roots"):
        failed += 1
    else:
        passed += 1

    print("%s: %d distributions, %d edges compared, %d roots; packaging %s"
          % (label, len(ftp), nedges, len(ft["roots"]), ref["packaging"]))
    print("# cases: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "reference":
        return reference()
    if len(argv) == 4 and argv[1] == "compare":
        return compare(argv[2], argv[3])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
