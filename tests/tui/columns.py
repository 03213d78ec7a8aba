#!/usr/bin/env python3
"""columns.py: checks that a saved TUI screen keeps its columns with text that is not
ASCII, measuring display width itself (East Asian wide = 2, combining = 0) rather than
trusting the C library's wcwidth that ftport uses: no line is wider than the terminal,
the rows of the tree end their status word in one column, and the detail pane's
border (│ or |) sits in one column. Usage: columns.py SCREEN COLUMNS; prints what is
wrong and exits 1, or exits 0."""

import sys
import unicodedata


def width(text):
    w = 0
    for c in text:
        if unicodedata.combining(c):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return w


def main():
    path, cols = sys.argv[1], int(sys.argv[2])
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")[:-1]
    problems = []
    ends, borders = {}, {}
    in_tree = False
    for n, line in enumerate(lines, 1):
        if width(line) > cols:
            problems.append(f"line {n} is {width(line)} columns wide, more than {cols}")
        # The tree: from the separator under the header to the next one.
        if line.startswith("───") or line.startswith("---"):
            in_tree = n == 3
            continue
        if not in_tree:
            continue
        tree = line
        # The border of a detail pane on the right.
        for sep in (" │", " |"):
            i = line.find(sep)
            if i >= 0:
                borders.setdefault(width(line[:i + 1]), []).append(n)
                tree = line[:i]
                break
        # A row of a package installed pure: the word "pure" ends the tree column.
        if tree.endswith(" pure"):
            ends.setdefault(width(tree), []).append(n)
    if len(ends) > 1:
        problems.append(f"status words end in different columns: {ends}")
    if len(borders) > 1:
        problems.append(f"the pane's border is in different columns: {borders}")
    if not ends:
        problems.append("no tree row ending in 'pure' to measure")
    for p in problems:
        print(f"{path}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
