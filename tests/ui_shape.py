#!/usr/bin/env python3
"""ui_shape.py: the shape of the source tree, read from its #include lines and headers:
src/ never includes curses; each view (a ui/ file defining a struct view_ops) includes
view.h and no other view's header, nor the loop's (display, term, script, tui, keys);
the app and the actions know no view; a ui/ header declares only what its own .c
defines (no header that declares everything); the ui/ modules include each other
without a cycle. In src/ (folders by stage) no module includes its way back to itself,
and no object file's symbols lead back to it through others (nm on libftport.a); the
command table, which names every command, is the one module let out of both rules.
Each rule is also run on a small broken tree, which it must catch."""

import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ftlib  # noqa: E402
from ftlib import check  # noqa: E402

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)
CURSES = re.compile(r'^(n?curses(w)?(/[a-z]+)?\.h|ncursesw?/.*)$')
VIEW_OPS = re.compile(r'^const struct view_ops (\w+)\s*=', re.M)
# A prototype at the start of a line in a header: its name before "(".
PROTO = re.compile(r'^(?!typedef|struct|enum|union|extern|#|\s)[^;{}()]*?\b(\w+)\(', re.M)
LOOP = {"display", "term", "script", "tui", "keys"}
# The command table points at every command, which point back at what they share: the
# one circle the house accepts.
TABLE = "cmdtable"


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def includes(path):
    return INCLUDE.findall(read(path))


def modules(ui):
    """name -> (has .c, has .h) for ui/."""
    mods = {}
    for f in os.listdir(ui):
        base, ext = os.path.splitext(f)
        if ext in (".c", ".h"):
            c, h = mods.get(base, (False, False))
            mods[base] = (c or ext == ".c", h or ext == ".h")
    return mods


def shape(top):
    """What is wrong with the tree at top: a list of sentences (empty: nothing)."""
    wrong = []
    src, ui = os.path.join(top, "src"), os.path.join(top, "ui")
    for d, _, names in sorted(os.walk(src)):
        for f in sorted(names):
            if f.endswith((".c", ".h")):
                path = os.path.join(d, f)
                for inc in includes(path):
                    if CURSES.match(inc):
                        wrong.append("%s includes <%s>: the core never sees curses" %
                                     (os.path.relpath(path, top), inc))
    mods = modules(ui)
    views = {m for m, (c, h) in mods.items() if c and VIEW_OPS.search(read(os.path.join(ui, m + ".c")))}
    if not views:
        wrong.append("no view: no ui/*.c defines a struct view_ops")
    deps = {}
    for m, (c, h) in sorted(mods.items()):
        d = set()
        direct = set(includes(os.path.join(ui, m + ".c"))) if c else set()
        for ext, present in ((".c", c), (".h", h)):
            if present:
                for inc in includes(os.path.join(ui, m + ext)):
                    base = os.path.splitext(inc)[0]
                    if inc.endswith(".h") and base in mods and base != m:
                        d.add(base)
                        if ext == ".h" and base in views | {"view"} and m not in views:
                            wrong.append("ui/%s.h includes %s: only the display knows the views" % (m, inc))
        deps[m] = d
        if m in views:
            if "view.h" not in direct:
                wrong.append("ui/%s.c is a view but does not include view.h" % m)
            for o in sorted(d & (views | LOOP)):
                wrong.append("ui/%s.c (a view) includes %s.h: views know the model, never "
                             "another view or the loop" % (m, o))
        elif m not in LOOP and m != "view" and d & (views | {"view"}):
            wrong.append("ui/%s includes %s: the model and the actions know no view" %
                         (m, ", ".join(o + ".h" for o in sorted(d & (views | {"view"})))))
        if h and m != "view":
            text = read(os.path.join(ui, m + ".h"))
            body = read(os.path.join(ui, m + ".c")) if c else ""
            for name in PROTO.findall(text):
                if not re.search(r'^%s\(' % re.escape(name), body, re.M):
                    wrong.append("ui/%s.h declares %s(), which ui/%s.c does not define" % (m, name, m))
            for name in re.findall(r'^extern const struct view_ops (\w+);', text, re.M):
                if not re.search(r'^const struct view_ops %s\s*=' % name, body, re.M):
                    wrong.append("ui/%s.h declares %s, which ui/%s.c does not define" % (m, name, m))
    wrong += cycles(deps, "include")
    wrong += src_include_cycles(top)
    return wrong


def cycles(deps, what):
    """One sentence per cycle found in deps (module -> set of modules), depth first."""
    found, state = [], {}

    def visit(m, path):
        state[m] = 1
        for o in sorted(deps.get(m, ())):
            if state.get(o) == 1:
                found.append("%s cycle: %s" % (what, " -> ".join(path[path.index(o):] + [o])))
            elif o not in state:
                visit(o, path + [o])
        state[m] = 2
    for m in sorted(deps):
        if m not in state:
            visit(m, [m])
    return found


def src_modules(src):
    """name -> its .c and .h paths, over src/ and its folders."""
    mods = {}
    for d, _, names in os.walk(src):
        for f in names:
            base, ext = os.path.splitext(f)
            if ext in (".c", ".h"):
                mods.setdefault(base, []).append(os.path.join(d, f))
    return mods


def src_include_cycles(top):
    mods = src_modules(os.path.join(top, "src"))
    deps = {}
    for m, paths in mods.items():
        if m == TABLE:
            continue
        deps[m] = {os.path.splitext(os.path.basename(inc))[0] for p in paths for inc in includes(p)
                   if inc.endswith(".h") and os.path.splitext(os.path.basename(inc))[0] in mods} - {m}
    return cycles(deps, "src/ include")


def symbol_cycles(nm_text):
    """Cycles between object files from `nm -A` of the core library: a module depends on
    another when it uses a symbol the other defines."""
    defined, used = {}, {}
    for line in nm_text.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        obj = parts[0].split(":")[1] if parts[0].count(":") >= 2 else parts[0].rstrip(":")
        mod = os.path.splitext(obj)[0].split("-", 1)[-1]
        kind, name = parts[-2], parts[-1]
        if kind in "TDBRC" and len(parts) == 3:
            defined[name] = mod
        elif kind == "U":
            used.setdefault(mod, set()).add(name)
    deps = {m: {defined[n] for n in names if n in defined} - {m}
            for m, names in used.items() if m != TABLE}
    return cycles(deps, "symbol")


def tree(root, files):
    """A small tree: files maps a path to its text."""
    top = tempfile.mkdtemp(dir=root)
    for path, text in files.items():
        os.makedirs(os.path.join(top, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(top, path), "w") as f:
            f.write(text)
    return top


GOOD = {
    "src/core.c": '#include "core.h"\n',
    "src/core.h": "int core_run(void);\n",
    "ui/view.h": "struct view_ops { int (*draw)(void); };\n",
    "ui/app.h": '#include "core.h"\nvoid app_message(void);\n',
    "ui/app.c": '#include "app.h"\nvoid\napp_message(void)\n{\n}\n',
    "ui/list.h": '#include "view.h"\nextern const struct view_ops list_view_ops;\n',
    "ui/list.c": '#include "app.h"\n#include "list.h"\n#include "view.h"\n'
                 "const struct view_ops list_view_ops = { 0 };\n",
    "ui/pane.h": '#include "view.h"\nextern const struct view_ops pane_view_ops;\n',
    "ui/pane.c": '#include "app.h"\n#include "pane.h"\n#include "view.h"\n'
                 "const struct view_ops pane_view_ops = { 0 };\n",
    "ui/display.h": '#include "app.h"\nvoid display_key(int k);\n',
    "ui/display.c": '#include "display.h"\n#include "list.h"\n#include "pane.h"\n'
                    "void\ndisplay_key(int k)\n{\n}\n",
}

BROKEN = [
    ("src/ includes curses", {"src/core.c": '#include "core.h"\n#include <curses.h>\n'},
     "src/core.c includes <curses.h>"),
    ("a view includes another view's header",
     {"ui/pane.c": GOOD["ui/pane.c"] + '#include "list.h"\n'}, "includes list.h"),
    ("a view includes the loop's header",
     {"ui/pane.c": GOOD["ui/pane.c"] + '#include "display.h"\n'}, "includes display.h"),
    ("a view without view.h",
     {"ui/pane.c": '#include "app.h"\n#include "pane.h"\nconst struct view_ops pane_view_ops = { 0 };\n'},
     "does not include view.h"),
    ("the app knows a view", {"ui/app.h": GOOD["ui/app.h"] + '#include "list.h"\n'},
     "only the display knows the views"),
    ("one header declares every file's functions (the old tui.h)",
     {"ui/app.h": GOOD["ui/app.h"] + "void display_key(int k);\n"},
     "declares display_key(), which ui/app.c does not define"),
    ("an include cycle", {"ui/app.c": GOOD["ui/app.c"] + '#include "display.h"\n'},
     "include cycle"),
    ("an include cycle in src/ folders (lockfile.h declared reqfile.c's functions)",
     {"src/env/lock.h": '#include "req.h"\n', "src/env/lock.c": '#include "lock.h"\n',
      "src/env/req.h": "int req_read(void);\n", "src/env/req.c": '#include "lock.h"\n'},
     "src/ include cycle: lock -> req -> lock"),
]

# `nm -A` of a library where reqfile calls back into the lockfile builder that calls it,
# and the command table calls a command that uses the table (allowed).
NM_CIRCLE = """lib.a:lockfile.o:0000000000000000 T lockfile_add
lib.a:lockfile.o:                 U reqfile_read
lib.a:reqfile.o:0000000000000000 T reqfile_read
lib.a:reqfile.o:                 U lockfile_add
lib.a:cmdtable.o:0000000000000000 R cmd_table
lib.a:cmdtable.o:                 U cmd_tree
lib.a:cmd_tree.o:0000000000000000 T cmd_tree
lib.a:cmd_tree.o:                 U cmd_table
"""


def body(root, env):
    top = ftlib.SRCDIR
    wrong = shape(top)
    for w in wrong:
        print("  " + w)
    check(not wrong, "the source tree has the shape (%d problems)" % len(wrong))
    lib = os.path.join(os.path.dirname(os.path.abspath(ftlib.FTPORT or "ftport")), "libftport.a")
    nm = subprocess.run(["nm", "-A", lib], capture_output=True, text=True)
    check(nm.returncode == 0 and " T " in nm.stdout, "nm read %s" % lib)
    circles = symbol_cycles(nm.stdout)
    for w in circles:
        print("  " + w)
    check(not circles, "no circle between src/ modules by their symbols, the command "
          "table aside (%d)" % len(circles))
    caught = symbol_cycles(NM_CIRCLE)
    check(caught == ["symbol cycle: lockfile -> reqfile -> lockfile"],
          "caught: a circle by symbols, the command table's let be (%r)" % caught)
    views = [m for m, (c, h) in modules(os.path.join(top, "ui")).items()
             if c and VIEW_OPS.search(read(os.path.join(top, "ui", m + ".c")))]
    check(len(views) >= 3, "ui/ has views: %s" % ", ".join(sorted(views)))
    good = shape(tree(root, GOOD))
    check(not good, "a well-shaped small tree passes: %r" % good)
    for what, change, says in BROKEN:
        files = dict(GOOD)
        files.update(change)
        found = shape(tree(root, files))
        check(any(says in w for w in found), "caught: %s (%r)" % (what, found))


if __name__ == "__main__":
    sys.exit(ftlib.main("ui-shape", body))
