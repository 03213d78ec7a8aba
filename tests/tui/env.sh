# tests/tui/env.sh: sourced by tests/tui_script.sh and tests/tui_tmux.sh: builds the
# environment the TUI tests look at (a venv that no interpreter answers for, so its
# version comes from pyvenv.cfg and the screens are the same on every machine) and
# starts tests/fakeindex.py on 127.0.0.1. Needs $tmp, $SRCDIR and $PY set.

# tui_dist NAME VERSION KIND [Requires-Dist...]: KIND is pure, compiled, unrecorded or
# editable, as pip would leave them.
tui_dist() {
	_name=$1 _ver=$2 _kind=$3
	shift 3
	_stem="$(echo "$_name" | tr '-' '_')-$_ver"
	_d="$site/$_stem.dist-info"
	mkdir -p "$_d"
	{
		printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$_name" "$_ver"
		printf 'Summary: The %s package\n' "$_name"
		for _r in "$@"; do
			printf 'Requires-Dist: %s\n' "$_r"
		done
		printf '\nA description.\n'
	} >"$_d/METADATA"
	printf 'pip\n' >"$_d/INSTALLER"
	_mod=$(echo "$_name" | tr '-' '_')
	case $_kind in
	pure)
		printf '%s/__init__.py,sha256=x,10\n%s/RECORD,,\n' "$_mod" "$_stem.dist-info" \
		    >"$_d/RECORD" ;;
	compiled)
		printf '%s/__init__.py,sha256=x,10\n%s/_speedups.cpython-312-x86_64-linux-gnu.so,sha256=x,1000\n' \
		    "$_mod" "$_mod" >"$_d/RECORD" ;;
	editable)
		printf '%s/RECORD,,\n' "$_stem.dist-info" >"$_d/RECORD"
		printf '{"url": "file:///home/dev/src/%s", "dir_info": {"editable": true}}\n' \
		    "$_name" >"$_d/direct_url.json" ;;
	esac
}

tui_make_env() {
	venv="$HOME/venv"
	site="$venv/lib/python3.12/site-packages"
	mkdir -p "$site"
	printf 'home = /nonexistent/bin\ninclude-system-site-packages = false\nversion = 3.12.1\n' \
	    >"$venv/pyvenv.cfg"
	tui_dist app 1.0 pure 'numpy>=1.20' 'requests' 'markupsafe' 'pydantic' 'ghost>=1'
	tui_dist numpy 1.25.1 compiled
	tui_dist requests 2.33.1 pure 'charset-normalizer<4,>=2' 'idna<4,>=2.5'
	tui_dist charset-normalizer 3.4.7 compiled
	tui_dist idna 3.11 pure
	tui_dist markupsafe 2.1.5 compiled
	tui_dist pydantic 2.12.5 pure 'pydantic-core==2.41.5' 'typing-extensions>=4.14.1'
	tui_dist pydantic-core 2.41.5 compiled 'typing-extensions>=4.14.1'
	tui_dist typing-extensions 4.15.0 unrecorded
	tui_dist ruff 0.15.9 compiled
	tui_dist mine 0.1.0 editable
	tui_dist shady 1.0 pure
	# Escape sequences in the Summary: a title-setting OSC and a screen clear.
	_m="$site/shady-1.0.dist-info/METADATA"
	{
		printf 'Metadata-Version: 2.1\nName: shady\nVersion: 1.0\n'
		printf 'Summary: innocent \033]0;pwned\007text\033[2J here\n'
		printf 'Home-page: https://example.org/shady\n'
		printf 'Project-URL: Source, https://example.org/shady/src\n'
	} >"$_m"
	# Text that is not ASCII: a Name with double-width (CJK) characters and an e with a
	# combining acute accent (U+0301, no column of its own), and a Summary mixing them
	# with ASCII. The index does not know the name, so it stays "unknown".
	tui_dist wenzi 2.0 pure
	_m="$site/wenzi-2.0.dist-info/METADATA"
	{
		printf 'Metadata-Version: 2.1\nName: we\314\201nzi-\346\226\207\345\255\227\nVersion: 2.0\n'
		printf 'Summary: \344\270\255\346\226\207\346\221\230\350\246\201 (Chinese) and a '
		printf 'cafe\314\201 with \355\225\234\352\265\255\354\226\264 text that wraps in a narrow pane\n'
	} >"$_m"
}

# Starts the fake index (a fake GitHub API too); sets index_url, forge_url and index_pid.
tui_start_index() {
	"$PY" "$SRCDIR/tests/fakeindex.py" --port 0 --lifetime 600 \
	    --json-dir "$SRCDIR/tests/fixtures/pypi/micropip" \
	    --json-dir "$SRCDIR/tests/fixtures/pypi/poetry" \
	    --wheel-list "$SRCDIR/tests/fixtures/wheel-lists/ftready-374287e-files.json" \
	    --forge "$SRCDIR/tests/fixtures/forge" \
	    >"$tmp/index.port" 2>"$tmp/index.err" &
	index_pid=$!
	_i=0
	while [ "$_i" -lt 200 ]; do
		_port=$(head -n 1 "$tmp/index.port" 2>/dev/null)
		case $_port in
		[0-9]*) break ;;
		esac
		if ! kill -0 "$index_pid" 2>/dev/null; then
			break
		fi
		_i=$((_i + 1))
		sleep 0.05
	done
	case ${_port:-} in
	[0-9]*) index_url="http://127.0.0.1:$_port/simple/"
		forge_url="http://127.0.0.1:$_port" ;;
	*)
		echo "fakeindex did not start:"
		cat "$tmp/index.err"
		return 1 ;;
	esac
}

tui_stop_index() {
	if [ -n "${index_pid:-}" ]; then
		kill "$index_pid" 2>/dev/null
		wait "$index_pid" 2>/dev/null
		index_pid=
	fi
}
