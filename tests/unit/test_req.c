/* test_req.c: unit tests for PEP 508 requirements (req.c). The real strings at the
 * end are every Requires-Dist of Debian 12's /usr/lib/python3/dist-packages and of
 * the poetry "installed" fixtures (shared/data/installed-trees, MIT), plus a sample
 * of egg-info requires.txt lines; their expected fields were checked against the
 * PyPA packaging library. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "marker.h"
#include "pep440.h"
#include "req.h"
#include "strbuf.h"
#include "util.h"

struct real_req {
	const char	*text;
	const char	*name;		/* NULL: must not parse */
	const char	*extras;	/* joined with "," */
	const char	*specifier;
	const char	*url;
	const char	*marker;
};

/* ---- real requirement strings ---------------------------------------------- */

static const struct real_req requires_dist[] = {
	{ "Jinja2>=3.0",
	    "jinja2", "", ">=3.0", NULL, NULL },
	{ "Pillow ; extra == 'test'",
	    "pillow", "", "", NULL, "extra == 'test'" },
	{ "Pygments>=2.13",
	    "pygments", "", ">=2.13", NULL, NULL },
	{ "SecretStorage (>=3.2) ; sys_platform == \"linux\"",
	    "secretstorage", "", ">=3.2", NULL, "sys_platform == \"linux\"" },
	{ "Sphinx (>=1.3) ; extra == 'all'",
	    "sphinx", "", ">=1.3", NULL, "extra == 'all'" },
	{ "Sphinx (>=1.3) ; extra == 'doc'",
	    "sphinx", "", ">=1.3", NULL, "extra == 'doc'" },
	{ "alabaster>=0.7,<0.8",
	    "alabaster", "", ">=0.7,<0.8", NULL, NULL },
	{ "anyio<5,>=3.4.0",
	    "anyio", "", "<5,>=3.4.0", NULL, NULL },
	{ "anyio[trio]<4.0.0,>=3.2.1; extra == 'test'",
	    "anyio", "trio", "<4.0.0,>=3.2.1", NULL, "extra == 'test'" },
	{ "appdirs==1.4.4; extra == 'test'",
	    "appdirs", "", "==1.4.4", NULL, "extra == 'test'" },
	{ "appnope ; sys_platform == \"darwin\"",
	    "appnope", "", "", NULL, "sys_platform == \"darwin\"" },
	{ "appnope; platform_system == 'Darwin'",
	    "appnope", "", "", NULL, "platform_system == 'Darwin'" },
	{ "argcomplete ; extra == 'testing'",
	    "argcomplete", "", "", NULL, "extra == 'testing'" },
	{ "asttokens (>=2.1.0)",
	    "asttokens", "", ">=2.1.0", NULL, NULL },
	{ "asttokens ; extra == 'tests'",
	    "asttokens", "", "", NULL, "extra == 'tests'" },
	{ "asv; extra == \"test\"",
	    "asv", "", "", NULL, "extra == \"test\"" },
	{ "async-timeout ; extra == \"test\"",
	    "async-timeout", "", "", NULL, "extra == \"test\"" },
	{ "async_generator ; extra == \"trio\" and ( python_version == '3.6')",
	    "async-generator", "", "", NULL, "extra == \"trio\" and ( python_version == '3.6')" },
	{ "attrs (>=19.2.0)",
	    "attrs", "", ">=19.2.0", NULL, NULL },
	{ "attrs (>=22.1.0)",
	    "attrs", "", ">=22.1.0", NULL, NULL },
	{ "attrs ; extra == \"rtd\"",
	    "attrs", "", "", NULL, "extra == \"rtd\"" },
	{ "attrs>=17.4.0",
	    "attrs", "", ">=17.4.0", NULL, NULL },
	{ "attrs[docs,tests] ; extra == 'dev'",
	    "attrs", "docs,tests", "", NULL, "extra == 'dev'" },
	{ "attrs[tests-no-zope] ; extra == 'tests'",
	    "attrs", "tests-no-zope", "", NULL, "extra == 'tests'" },
	{ "attrs[tests] ; extra == 'cov'",
	    "attrs", "tests", "", NULL, "extra == 'cov'" },
	{ "autodoc-traits; extra == 'docs'",
	    "autodoc-traits", "", "", NULL, "extra == 'docs'" },
	{ "autoflake >=1.3.1,<2.0.0 ; extra == \"dev\"",
	    "autoflake", "", ">=1.3.1,<2.0.0", NULL, "extra == \"dev\"" },
	{ "babel>=2.9",
	    "babel", "", ">=2.9", NULL, NULL },
	{ "backcall",
	    "backcall", "", "", NULL, NULL },
	{ "backports-functools-lru-cache; python_version < '3'",
	    "backports-functools-lru-cache", "", "", NULL, "python_version < '3'" },
	{ "backports.cached-property (>=1.0.2,<2.0.0) ; python_version < \"3.8\"",
	    "backports-cached-property", "", ">=1.0.2,<2.0.0", NULL, "python_version < \"3.8\"" },
	{ "bcrypt (>=3.1.5) ; extra == 'ssh'",
	    "bcrypt", "", ">=3.1.5", NULL, "extra == 'ssh'" },
	{ "black ; extra == 'all'",
	    "black", "", "", NULL, "extra == 'all'" },
	{ "black ; extra == 'black'",
	    "black", "", "", NULL, "extra == 'black'" },
	{ "black ; extra == 'pep8test'",
	    "black", "", "", NULL, "extra == 'pep8test'" },
	{ "black >=22.3.0,<23.0.0 ; extra == \"test\"",
	    "black", "", ">=22.3.0,<23.0.0", NULL, "extra == \"test\"" },
	{ "black==22.10.0; extra == 'test'",
	    "black", "", "==22.10.0", NULL, "extra == 'test'" },
	{ "bokeh ; extra == 'bokeh'",
	    "bokeh", "", "", NULL, "extra == 'bokeh'" },
	{ "brotli; platform_python_implementation == 'CPython' and extra == 'brotli'",
	    "brotli", "", "", NULL, "platform_python_implementation == 'CPython' and extra == 'brotli'" },
	{ "brotlicffi; platform_python_implementation != 'CPython' and extra == 'brotli'",
	    "brotlicffi", "", "", NULL, "platform_python_implementation != 'CPython' and extra == 'brotli'" },
	{ "cachecontrol[filecache] (>=0.12.9,<0.13.0)",
	    "cachecontrol", "filecache", ">=0.12.9,<0.13.0", NULL, NULL },
	{ "cairosvg >=2.5.2,<3.0.0 ; extra == \"doc\"",
	    "cairosvg", "", ">=2.5.2,<3.0.0", NULL, "extra == \"doc\"" },
	{ "cattrs (>=22.2.0) ; extra == 'converters'",
	    "cattrs", "", ">=22.2.0", NULL, "extra == 'converters'" },
	{ "cattrs (>=22.2.0) ; extra == 'json'",
	    "cattrs", "", ">=22.2.0", NULL, "extra == 'json'" },
	{ "cattrs (>=22.2.0) ; extra == 'msgpack'",
	    "cattrs", "", ">=22.2.0", NULL, "extra == 'msgpack'" },
	{ "certifi",
	    "certifi", "", "", NULL, NULL },
	{ "cffi (>=1.4.1)",
	    "cffi", "", ">=1.4.1", NULL, NULL },
	{ "cffi ; implementation_name == \"pypy\"",
	    "cffi", "", "", NULL, "implementation_name == \"pypy\"" },
	{ "check-manifest ; extra == \"test\"",
	    "check-manifest", "", "", NULL, "extra == \"test\"" },
	{ "chromedriver ; extra == 'bokeh'",
	    "chromedriver", "", "", NULL, "extra == 'bokeh'" },
	{ "cleo (>=2.0.0,<3.0.0)",
	    "cleo", "", ">=2.0.0,<3.0.0", NULL, NULL },
	{ "click (>=7)",
	    "click", "", ">=7", NULL, NULL },
	{ "click >= 7.1.1, <9.0.0",
	    "click", "", ">=7.1.1,<9.0.0", NULL, NULL },
	{ "click; extra == \"dev\"",
	    "click", "", "", NULL, "extra == \"dev\"" },
	{ "click==8.*; extra == 'cli'",
	    "click", "", "==8.*", NULL, "extra == 'cli'" },
	{ "clikit (>=0.4.0,<0.5.0)",
	    "clikit", "", ">=0.4.0,<0.5.0", NULL, NULL },
	{ "cloudpickle ; (platform_python_implementation == \"CPython\") and extra == 'tests-no-zope'",
	    "cloudpickle", "", "", NULL, "(platform_python_implementation == \"CPython\") and extra == 'tests-no-zope'" },
	{ "cloudpickle ; (platform_python_implementation == \"CPython\") and extra == 'tests_no_zope'",
	    "cloudpickle", "", "", NULL, "(platform_python_implementation == \"CPython\") and extra == 'tests_no_zope'" },
	{ "codecov; extra == 'test'",
	    "codecov", "", "", NULL, "extra == 'test'" },
	{ "colorama ; extra == 'devel'",
	    "colorama", "", "", NULL, "extra == 'devel'" },
	{ "colorama ; sys_platform == \"win32\"",
	    "colorama", "", "", NULL, "sys_platform == \"win32\"" },
	{ "colorama >=0.4.3,<0.5.0 ; extra == \"all\"",
	    "colorama", "", ">=0.4.3,<0.5.0", NULL, "extra == \"all\"" },
	{ "colorama>=0.4.5; sys_platform == 'win32'",
	    "colorama", "", ">=0.4.5", NULL, "sys_platform == 'win32'" },
	{ "commonmark~=0.9.1 ; extra == \"compare\"",
	    "commonmark", "", "~=0.9.1", NULL, "extra == \"compare\"" },
	{ "contextlib2 ; extra == 'testing'",
	    "contextlib2", "", "", NULL, "extra == 'testing'" },
	{ "contourpy[bokeh] ; extra == 'mypy'",
	    "contourpy", "bokeh", "", NULL, "extra == 'mypy'" },
	{ "covdefaults>=2.2.2; extra == 'testing'",
	    "covdefaults", "", ">=2.2.2", NULL, "extra == 'testing'" },
	{ "coverage (>=6.2) ; extra == 'testing'",
	    "coverage", "", ">=6.2", NULL, "extra == 'testing'" },
	{ "coverage ; extra == \"testing\"",
	    "coverage", "", "", NULL, "extra == \"testing\"" },
	{ "coverage ; extra == 'azure-pipelines'",
	    "coverage", "", "", NULL, "extra == 'azure-pipelines'" },
	{ "coverage ; extra == 'dev'",
	    "coverage", "", "", NULL, "extra == 'dev'" },
	{ "coverage ; extra == 'tests'",
	    "coverage", "", "", NULL, "extra == 'tests'" },
	{ "coverage >=6.2,<7.0 ; extra == \"test\"",
	    "coverage", "", ">=6.2,<7.0", NULL, "extra == \"test\"" },
	{ "coverage-enable-subprocess (>=1) ; extra == 'testing'",
	    "coverage-enable-subprocess", "", ">=1", NULL, "extra == 'testing'" },
	{ "coverage-enable-subprocess ; extra == 'cov'",
	    "coverage-enable-subprocess", "", "", NULL, "extra == 'cov'" },
	{ "coverage; extra == 'test'",
	    "coverage", "", "", NULL, "extra == 'test'" },
	{ "coverage>=7.0.1; extra == 'testing'",
	    "coverage", "", ">=7.0.1", NULL, "extra == 'testing'" },
	{ "coverage[toml] (>=5.3) ; extra == 'cov'",
	    "coverage", "toml", ">=5.3", NULL, "extra == 'cov'" },
	{ "coverage[toml]<8.0,>=6.5.0; extra == 'test'",
	    "coverage", "toml", "<8.0,>=6.5.0", NULL, "extra == 'test'" },
	{ "crashtest (>=0.4.1,<0.5.0)",
	    "crashtest", "", ">=0.4.1,<0.5.0", NULL, NULL },
	{ "curio ; extra == 'all'",
	    "curio", "", "", NULL, "extra == 'all'" },
	{ "curio ; extra == 'test_extra'",
	    "curio", "", "", NULL, "extra == 'test_extra'" },
	{ "cython ; extra == \"test\"",
	    "cython", "", "", NULL, "extra == \"test\"" },
	{ "cython ; extra == 'tests'",
	    "cython", "", "", NULL, "extra == 'tests'" },
	{ "databases[sqlite]<0.7.0,>=0.3.2; extra == 'test'",
	    "databases", "sqlite", "<0.7.0,>=0.3.2", NULL, "extra == 'test'" },
	{ "debugpy>=1.0",
	    "debugpy", "", ">=1.0", NULL, NULL },
	{ "decorator",
	    "decorator", "", "", NULL, NULL },
	{ "distlib (<1,>=0.3.6)",
	    "distlib", "", "<1,>=0.3.6", NULL, NULL },
	{ "docutils-stubs ; extra == \"lint\"",
	    "docutils-stubs", "", "", NULL, "extra == \"lint\"" },
	{ "docutils-stubs ; extra == 'mypy'",
	    "docutils-stubs", "", "", NULL, "extra == 'mypy'" },
	{ "docutils>=0.14,<0.20",
	    "docutils", "", ">=0.14,<0.20", NULL, NULL },
	{ "doit>=0.36.0; extra == \"dev\"",
	    "doit", "", ">=0.36.0", NULL, "extra == \"dev\"" },
	{ "dulwich (>=0.20.46,<0.21.0)",
	    "dulwich", "", ">=0.20.46,<0.21.0", NULL, NULL },
	{ "email-validator<2.0.0,>=1.1.1; extra == 'test'",
	    "email-validator", "", "<2.0.0,>=1.1.1", NULL, "extra == 'test'" },
	{ "email-validator>=1.1.1; extra == 'all'",
	    "email-validator", "", ">=1.1.1", NULL, "extra == 'all'" },
	{ "entrypoints",
	    "entrypoints", "", "", NULL, NULL },
	{ "exceptiongroup (>=1.0.0rc8) ; python_version < \"3.11\"",
	    "exceptiongroup", "", ">=1.0.0rc8", NULL, "python_version < \"3.11\"" },
	{ "executing (>=1.2.0)",
	    "executing", "", ">=1.2.0", NULL, NULL },
	{ "fastjsonschema",
	    "fastjsonschema", "", "", NULL, NULL },
	{ "filelock (<4,>=3.4.1)",
	    "filelock", "", "<4,>=3.4.1", NULL, NULL },
	{ "filelock (>=3.8.0,<4.0.0)",
	    "filelock", "", ">=3.8.0,<4.0.0", NULL, NULL },
	{ "flake8 (<5) ; extra == 'testing'",
	    "flake8", "", "<5", NULL, "extra == 'testing'" },
	{ "flake8 ; extra == \"test\"",
	    "flake8", "", "", NULL, "extra == \"test\"" },
	{ "flake8 ; extra == 'pep8test'",
	    "flake8", "", "", NULL, "extra == 'pep8test'" },
	{ "flake8 >=3.8.3,<4.0.0 ; extra == \"dev\"",
	    "flake8", "", ">=3.8.3,<4.0.0", NULL, "extra == \"dev\"" },
	{ "flake8-bugbear ; extra == \"lint\"",
	    "flake8-bugbear", "", "", NULL, "extra == \"lint\"" },
	{ "flake8-comprehensions ; extra == \"lint\"",
	    "flake8-comprehensions", "", "", NULL, "extra == \"lint\"" },
	{ "flake8-import-order ; extra == 'pep8test'",
	    "flake8-import-order", "", "", NULL, "extra == 'pep8test'" },
	{ "flake8-simplify ; extra == \"lint\"",
	    "flake8-simplify", "", "", NULL, "extra == \"lint\"" },
	{ "flake8; extra == \"dev\"",
	    "flake8", "", "", NULL, "extra == \"dev\"" },
	{ "flake8>=3.5.0 ; extra == \"lint\"",
	    "flake8", "", ">=3.5.0", NULL, "extra == \"lint\"" },
	{ "flaky (>=3.7) ; extra == 'testing'",
	    "flaky", "", ">=3.7", NULL, "extra == 'testing'" },
	{ "flaky; extra == 'test'",
	    "flaky", "", "", NULL, "extra == 'test'" },
	{ "flask<3.0.0,>=1.1.2; extra == 'test'",
	    "flask", "", "<3.0.0,>=1.1.2", NULL, "extra == 'test'" },
	{ "flufl.flake8 ; extra == 'testing'",
	    "flufl-flake8", "", "", NULL, "extra == 'testing'" },
	{ "fonttools[ufo] (>=4.0.0)",
	    "fonttools", "ufo", ">=4.0.0", NULL, NULL },
	{ "fqdn; extra == 'format'",
	    "fqdn", "", "", NULL, "extra == 'format'" },
	{ "fqdn; extra == 'format-nongpl'",
	    "fqdn", "", "", NULL, "extra == 'format-nongpl'" },
	{ "furo ; extra == 'docs'",
	    "furo", "", "", NULL, "extra == 'docs'" },
	{ "furo>=2022.12.7; extra == 'docs'",
	    "furo", "", ">=2022.12.7", NULL, "extra == 'docs'" },
	{ "furo>=2022.9.29; extra == 'docs'",
	    "furo", "", ">=2022.9.29", NULL, "extra == 'docs'" },
	{ "gmpy2; extra == \"test\"",
	    "gmpy2", "", "", NULL, "extra == \"test\"" },
	{ "gprof2dot ; extra == \"profiling\"",
	    "gprof2dot", "", "", NULL, "extra == \"profiling\"" },
	{ "h2<5,>=3; extra == 'http2'",
	    "h2", "", "<5,>=3", NULL, "extra == 'http2'" },
	{ "html5lib (>=1.0,<2.0)",
	    "html5lib", "", ">=1.0,<2.0", NULL, NULL },
	{ "html5lib ; extra == \"test\"",
	    "html5lib", "", "", NULL, "extra == \"test\"" },
	{ "httpcore<0.17.0,>=0.15.0",
	    "httpcore", "", "<0.17.0,>=0.15.0", NULL, NULL },
	{ "httpx<0.24.0,>=0.23.0; extra == 'test'",
	    "httpx", "", "<0.24.0,>=0.23.0", NULL, "extra == 'test'" },
	{ "httpx>=0.22.0; extra == 'full'",
	    "httpx", "", ">=0.22.0", NULL, "extra == 'full'" },
	{ "httpx>=0.23.0; extra == 'all'",
	    "httpx", "", ">=0.23.0", NULL, "extra == 'all'" },
	{ "hypothesis (!=3.79.2,>=1.11.4) ; extra == 'test'",
	    "hypothesis", "", "!=3.79.2,>=1.11.4", NULL, "extra == 'test'" },
	{ "hypothesis (>=3.27.0) ; extra == 'tests'",
	    "hypothesis", "", ">=3.27.0", NULL, "extra == 'tests'" },
	{ "hypothesis (>=3.56) ; extra == 'testing'",
	    "hypothesis", "", ">=3.56", NULL, "extra == 'testing'" },
	{ "hypothesis ; extra == 'azure-pipelines'",
	    "hypothesis", "", "", NULL, "extra == 'azure-pipelines'" },
	{ "hypothesis ; extra == 'dev'",
	    "hypothesis", "", "", NULL, "extra == 'dev'" },
	{ "hypothesis ; extra == 'tests'",
	    "hypothesis", "", "", NULL, "extra == 'tests'" },
	{ "hypothesis ; extra == 'tests-no-zope'",
	    "hypothesis", "", "", NULL, "extra == 'tests-no-zope'" },
	{ "hypothesis ; extra == 'tests_no_zope'",
	    "hypothesis", "", "", NULL, "extra == 'tests_no_zope'" },
	{ "idna; extra == 'format'",
	    "idna", "", "", NULL, "extra == 'format'" },
	{ "idna; extra == 'format-nongpl'",
	    "idna", "", "", NULL, "extra == 'format-nongpl'" },
	{ "imagesize>=1.3",
	    "imagesize", "", ">=1.3", NULL, NULL },
	{ "importlib-metadata (>=0.12) ; python_version < \"3.8\"",
	    "importlib-metadata", "", ">=0.12", NULL, "python_version < \"3.8\"" },
	{ "importlib-metadata (>=1.7.0) ; python_version < \"3.8\"",
	    "importlib-metadata", "", ">=1.7.0", NULL, "python_version < \"3.8\"" },
	{ "importlib-metadata (>=3.6) ; python_version < \"3.10\"",
	    "importlib-metadata", "", ">=3.6", NULL, "python_version < \"3.10\"" },
	{ "importlib-metadata (>=4.4,<5.0) ; python_version < \"3.10\"",
	    "importlib-metadata", "", ">=4.4,<5.0", NULL, "python_version < \"3.10\"" },
	{ "importlib-metadata (>=4.8.3) ; python_version < \"3.8\"",
	    "importlib-metadata", "", ">=4.8.3", NULL, "python_version < \"3.8\"" },
	{ "importlib-metadata ; python_version < \"3.8\"",
	    "importlib-metadata", "", "", NULL, "python_version < \"3.8\"" },
	{ "importlib-metadata; python_version < '3.8'",
	    "importlib-metadata", "", "", NULL, "python_version < '3.8'" },
	{ "importlib-metadata>=4.8; python_version < '3.10'",
	    "importlib-metadata", "", ">=4.8", NULL, "python_version < '3.10'" },
	{ "importlib-resources (>=1.3) ; (python_version < \"3.9\") and extra == 'testing'",
	    "importlib-resources", "", ">=1.3", NULL, "(python_version < \"3.9\") and extra == 'testing'" },
	{ "importlib-resources (>=5.4) ; python_version < \"3.7\"",
	    "importlib-resources", "", ">=5.4", NULL, "python_version < \"3.7\"" },
	{ "importlib-resources>=1.4.0; python_version < '3.9'",
	    "importlib-resources", "", ">=1.4.0", NULL, "python_version < '3.9'" },
	{ "iniconfig",
	    "iniconfig", "", "", NULL, NULL },
	{ "ipykernel ; extra == 'all'",
	    "ipykernel", "", "", NULL, "extra == 'all'" },
	{ "ipykernel ; extra == 'kernel'",
	    "ipykernel", "", "", NULL, "extra == 'kernel'" },
	{ "ipykernel; extra == 'doc'",
	    "ipykernel", "", "", NULL, "extra == 'doc'" },
	{ "ipykernel; extra == 'test'",
	    "ipykernel", "", "", NULL, "extra == 'test'" },
	{ "ipykernel>=6.12; extra == 'test'",
	    "ipykernel", "", ">=6.12", NULL, "extra == 'test'" },
	{ "ipyparallel ; extra == 'all'",
	    "ipyparallel", "", "", NULL, "extra == 'all'" },
	{ "ipyparallel ; extra == 'parallel'",
	    "ipyparallel", "", "", NULL, "extra == 'parallel'" },
	{ "ipyparallel; extra == 'test'",
	    "ipyparallel", "", "", NULL, "extra == 'test'" },
	{ "ipython ; extra == 'perf'",
	    "ipython", "", "", NULL, "extra == 'perf'" },
	{ "ipython; extra == 'test'",
	    "ipython", "", "", NULL, "extra == 'test'" },
	{ "ipython>=7.23.1",
	    "ipython", "", ">=7.23.1", NULL, NULL },
	{ "ipywidgets (>=7.5.1,<9) ; extra == \"jupyter\"",
	    "ipywidgets", "", ">=7.5.1,<9", NULL, "extra == \"jupyter\"" },
	{ "ipywidgets ; extra == 'all'",
	    "ipywidgets", "", "", NULL, "extra == 'all'" },
	{ "ipywidgets ; extra == 'notebook'",
	    "ipywidgets", "", "", NULL, "extra == 'notebook'" },
	{ "ipywidgets; extra == 'test'",
	    "ipywidgets", "", "", NULL, "extra == 'test'" },
	{ "iso8601 ; extra == 'test'",
	    "iso8601", "", "", NULL, "extra == 'test'" },
	{ "isoduration; extra == 'format'",
	    "isoduration", "", "", NULL, "extra == 'format'" },
	{ "isoduration; extra == 'format-nongpl'",
	    "isoduration", "", "", NULL, "extra == 'format-nongpl'" },
	{ "isort ; extra == \"lint\"",
	    "isort", "", "", NULL, "extra == \"lint\"" },
	{ "isort ; extra == \"test\"",
	    "isort", "", "", NULL, "extra == \"test\"" },
	{ "isort >=5.0.6,<6.0.0 ; extra == \"test\"",
	    "isort", "", ">=5.0.6,<6.0.0", NULL, "extra == \"test\"" },
	{ "isort<6.0.0,>=5.0.6; extra == 'test'",
	    "isort", "", "<6.0.0,>=5.0.6", NULL, "extra == 'test'" },
	{ "itsdangerous; extra == 'full'",
	    "itsdangerous", "", "", NULL, "extra == 'full'" },
	{ "itsdangerous>=1.1.0; extra == 'all'",
	    "itsdangerous", "", ">=1.1.0", NULL, "extra == 'all'" },
	{ "jaraco.classes",
	    "jaraco-classes", "", "", NULL, NULL },
	{ "jaraco.packaging (>=3.2) ; extra == 'docs'",
	    "jaraco-packaging", "", ">=3.2", NULL, "extra == 'docs'" },
	{ "jaraco.packaging (>=9) ; extra == 'docs'",
	    "jaraco-packaging", "", ">=9", NULL, "extra == 'docs'" },
	{ "jaraco.tidelift (>=1.4) ; extra == 'docs'",
	    "jaraco-tidelift", "", ">=1.4", NULL, "extra == 'docs'" },
	{ "jedi (>=0.16)",
	    "jedi", "", ">=0.16", NULL, NULL },
	{ "jeepney (>=0.4.2) ; sys_platform == \"linux\"",
	    "jeepney", "", ">=0.4.2", NULL, "sys_platform == \"linux\"" },
	{ "jinja2 ; extra == \"diagrams\"",
	    "jinja2", "", "", NULL, "extra == \"diagrams\"" },
	{ "jinja2; extra == 'full'",
	    "jinja2", "", "", NULL, "extra == 'full'" },
	{ "jinja2>=2.11.2; extra == 'all'",
	    "jinja2", "", ">=2.11.2", NULL, "extra == 'all'" },
	{ "json-spec ; extra == 'devel'",
	    "json-spec", "", "", NULL, "extra == 'devel'" },
	{ "jsonpointer>1.13; extra == 'format'",
	    "jsonpointer", "", ">1.13", NULL, "extra == 'format'" },
	{ "jsonpointer>1.13; extra == 'format-nongpl'",
	    "jsonpointer", "", ">1.13", NULL, "extra == 'format-nongpl'" },
	{ "jsonschema (>=4.10.0,<5.0.0)",
	    "jsonschema", "", ">=4.10.0,<5.0.0", NULL, NULL },
	{ "jsonschema ; extra == 'devel'",
	    "jsonschema", "", "", NULL, "extra == 'devel'" },
	{ "jsonschema>=2.6",
	    "jsonschema", "", ">=2.6", NULL, NULL },
	{ "jupyter-client>=6.1.12",
	    "jupyter-client", "", ">=6.1.12", NULL, NULL },
	{ "jupyter-core!=5.0.*,>=4.12",
	    "jupyter-core", "", "!=5.0.*,>=4.12", NULL, NULL },
	{ "jupyter-core>=4.9.2",
	    "jupyter-core", "", ">=4.9.2", NULL, NULL },
	{ "jupyter_core",
	    "jupyter-core", "", "", NULL, NULL },
	{ "keyring (>=23.9.0,<24.0.0)",
	    "keyring", "", ">=23.9.0,<24.0.0", NULL, NULL },
	{ "linkify-it-py~=1.0 ; extra == \"linkify\"",
	    "linkify-it-py", "", "~=1.0", NULL, "extra == \"linkify\"" },
	{ "littleutils ; extra == 'tests'",
	    "littleutils", "", "", NULL, "extra == 'tests'" },
	{ "lockfile (>=0.12.2,<0.13.0)",
	    "lockfile", "", ">=0.12.2,<0.13.0", NULL, NULL },
	{ "lxml ; extra == 'lxml'",
	    "lxml", "", "", NULL, "extra == 'lxml'" },
	{ "markdown-it-py (>=2.1.0,<3.0.0)",
	    "markdown-it-py", "", ">=2.1.0,<3.0.0", NULL, NULL },
	{ "markdown~=3.3.6 ; extra == \"compare\"",
	    "markdown", "", "~=3.3.6", NULL, "extra == \"compare\"" },
	{ "matplotlib (!=3.2.0) ; extra == 'all'",
	    "matplotlib", "", "!=3.2.0", NULL, "extra == 'all'" },
	{ "matplotlib (!=3.2.0) ; extra == 'test_extra'",
	    "matplotlib", "", "!=3.2.0", NULL, "extra == 'test_extra'" },
	{ "matplotlib ; extra == 'test'",
	    "matplotlib", "", "", NULL, "extra == 'test'" },
	{ "matplotlib-inline",
	    "matplotlib-inline", "", "", NULL, NULL },
	{ "matplotlib-inline>=0.1",
	    "matplotlib-inline", "", ">=0.1", NULL, NULL },
	{ "matplotlib>2; extra == \"doc\"",
	    "matplotlib", "", ">2", NULL, "extra == \"doc\"" },
	{ "mdit-py-plugins ; extra == \"plugins\"",
	    "mdit-py-plugins", "", "", NULL, "extra == \"plugins\"" },
	{ "mdurl~=0.1",
	    "mdurl", "", "~=0.1", NULL, NULL },
	{ "mdx-include >=1.4.1,<2.0.0 ; extra == \"doc\"",
	    "mdx-include", "", ">=1.4.1,<2.0.0", NULL, "extra == \"doc\"" },
	{ "mdx-include<2.0.0,>=1.4.1; extra == 'doc'",
	    "mdx-include", "", "<2.0.0,>=1.4.1", NULL, "extra == 'doc'" },
	{ "mistletoe~=0.8.1 ; extra == \"compare\"",
	    "mistletoe", "", "~=0.8.1", NULL, "extra == \"compare\"" },
	{ "mistune~=2.0.2 ; extra == \"compare\"",
	    "mistune", "", "~=2.0.2", NULL, "extra == \"compare\"" },
	{ "mkdocs >=1.1.2,<2.0.0 ; extra == \"doc\"",
	    "mkdocs", "", ">=1.1.2,<2.0.0", NULL, "extra == \"doc\"" },
	{ "mkdocs-markdownextradata-plugin<0.3.0,>=0.1.7; extra == 'doc'",
	    "mkdocs-markdownextradata-plugin", "", "<0.3.0,>=0.1.7", NULL, "extra == 'doc'" },
	{ "mkdocs-material >=8.1.4,<9.0.0 ; extra == \"doc\"",
	    "mkdocs-material", "", ">=8.1.4,<9.0.0", NULL, "extra == \"doc\"" },
	{ "mkdocs-material<9.0.0,>=8.1.4; extra == 'doc'",
	    "mkdocs-material", "", "<9.0.0,>=8.1.4", NULL, "extra == 'doc'" },
	{ "mkdocs<2.0.0,>=1.1.2; extra == 'doc'",
	    "mkdocs", "", "<2.0.0,>=1.1.2", NULL, "extra == 'doc'" },
	{ "mock ; extra == 'testing'",
	    "mock", "", "", NULL, "extra == 'testing'" },
	{ "mock; extra == 'docs'",
	    "mock", "", "", NULL, "extra == 'docs'" },
	{ "more-itertools",
	    "more-itertools", "", "", NULL, NULL },
	{ "moto; extra == 'docs'",
	    "moto", "", "", NULL, "extra == 'docs'" },
	{ "mpmath; extra == \"test\"",
	    "mpmath", "", "", NULL, "extra == \"test\"" },
	{ "msgpack ; extra == 'msgpack'",
	    "msgpack", "", "", NULL, "extra == 'msgpack'" },
	{ "mypy (<0.990,>=0.971) ; (platform_python_implementation == \"CPython\") and extra == 'tests-no-zope'",
	    "mypy", "", "<0.990,>=0.971", NULL, "(platform_python_implementation == \"CPython\") and extra == 'tests-no-zope'" },
	{ "mypy (<0.990,>=0.971) ; (platform_python_implementation == \"CPython\") and extra == 'tests_no_zope'",
	    "mypy", "", "<0.990,>=0.971", NULL, "(platform_python_implementation == \"CPython\") and extra == 'tests_no_zope'" },
	{ "mypy (==0.991) ; extra == 'mypy'",
	    "mypy", "", "==0.991", NULL, "extra == 'mypy'" },
	{ "mypy ==0.910 ; extra == \"test\"",
	    "mypy", "", "==0.910", NULL, "extra == \"test\"" },
	{ "mypy; extra == \"dev\"",
	    "mypy", "", "", NULL, "extra == \"dev\"" },
	{ "mypy; extra == 'test'",
	    "mypy", "", "", NULL, "extra == 'test'" },
	{ "mypy==0.982; extra == 'test'",
	    "mypy", "", "==0.982", NULL, "extra == 'test'" },
	{ "mypy>=0.981 ; extra == \"lint\"",
	    "mypy", "", ">=0.981", NULL, "extra == \"lint\"" },
	{ "myst-parser ; extra == \"rtd\"",
	    "myst-parser", "", "", NULL, "extra == \"rtd\"" },
	{ "myst-parser ; extra == 'docs'",
	    "myst-parser", "", "", NULL, "extra == 'docs'" },
	{ "myst-parser; extra == 'doc'",
	    "myst-parser", "", "", NULL, "extra == 'doc'" },
	{ "myst-parser; extra == 'docs'",
	    "myst-parser", "", "", NULL, "extra == 'docs'" },
	{ "nbclient[test]; extra == 'docs'",
	    "nbclient", "test", "", NULL, "extra == 'docs'" },
	{ "nbconvert ; extra == 'all'",
	    "nbconvert", "", "", NULL, "extra == 'all'" },
	{ "nbconvert ; extra == 'nbconvert'",
	    "nbconvert", "", "", NULL, "extra == 'nbconvert'" },
	{ "nbconvert>=7.0.0; extra == 'test'",
	    "nbconvert", "", ">=7.0.0", NULL, "extra == 'test'" },
	{ "nbformat ; extra == 'all'",
	    "nbformat", "", "", NULL, "extra == 'all'" },
	{ "nbformat ; extra == 'nbformat'",
	    "nbformat", "", "", NULL, "extra == 'nbformat'" },
	{ "nbformat ; extra == 'test_extra'",
	    "nbformat", "", "", NULL, "extra == 'test_extra'" },
	{ "nbformat>=5.1",
	    "nbformat", "", ">=5.1", NULL, NULL },
	{ "nest-asyncio",
	    "nest-asyncio", "", "", NULL, NULL },
	{ "nest-asyncio>=1.5.4",
	    "nest-asyncio", "", ">=1.5.4", NULL, NULL },
	{ "nose ; extra == 'testing'",
	    "nose", "", "", NULL, "extra == 'testing'" },
	{ "notebook ; extra == 'all'",
	    "notebook", "", "", NULL, "extra == 'all'" },
	{ "notebook ; extra == 'notebook'",
	    "notebook", "", "", NULL, "extra == 'notebook'" },
	{ "numpy (>=1.16)",
	    "numpy", "", ">=1.16", NULL, NULL },
	{ "numpy (>=1.19) ; extra == 'all'",
	    "numpy", "", ">=1.19", NULL, "extra == 'all'" },
	{ "numpy (>=1.19) ; extra == 'test_extra'",
	    "numpy", "", ">=1.19", NULL, "extra == 'test_extra'" },
	{ "numpy<1.27.0,>=1.19.5",
	    "numpy", "", "<1.27.0,>=1.19.5", NULL, NULL },
	{ "numpydoc; extra == \"doc\"",
	    "numpydoc", "", "", NULL, "extra == \"doc\"" },
	{ "orjson ; (platform_python_implementation != \"PyPy\") and extra == 'json'",
	    "orjson", "", "", NULL, "(platform_python_implementation != \"PyPy\") and extra == 'json'" },
	{ "orjson<4.0.0,>=3.2.1; extra == 'test'",
	    "orjson", "", "<4.0.0,>=3.2.1", NULL, "extra == 'test'" },
	{ "orjson>=3.2.1; extra == 'all'",
	    "orjson", "", ">=3.2.1", NULL, "extra == 'all'" },
	{ "packaging",
	    "packaging", "", "", NULL, NULL },
	{ "packaging (>=20.0)",
	    "packaging", "", ">=20.0", NULL, NULL },
	{ "packaging (>=20.4)",
	    "packaging", "", ">=20.4", NULL, NULL },
	{ "packaging (>=21.3) ; extra == 'testing'",
	    "packaging", "", ">=21.3", NULL, "extra == 'testing'" },
	{ "packaging ; extra == 'testing'",
	    "packaging", "", "", NULL, "extra == 'testing'" },
	{ "packaging>=21.0",
	    "packaging", "", ">=21.0", NULL, NULL },
	{ "pandas ; extra == 'all'",
	    "pandas", "", "", NULL, "extra == 'all'" },
	{ "pandas ; extra == 'test_extra'",
	    "pandas", "", "", NULL, "extra == 'test_extra'" },
	{ "panflute~=2.1.3 ; extra == \"compare\"",
	    "panflute", "", "~=2.1.3", NULL, "extra == \"compare\"" },
	{ "passlib[bcrypt]<2.0.0,>=1.7.2; extra == 'test'",
	    "passlib", "bcrypt", "<2.0.0,>=1.7.2", NULL, "extra == 'test'" },
	{ "pathlib2 ; extra == 'testing'",
	    "pathlib2", "", "", NULL, "extra == 'testing'" },
	{ "peewee<4.0.0,>=3.13.3; extra == 'test'",
	    "peewee", "", "<4.0.0,>=3.13.3", NULL, "extra == 'test'" },
	{ "pep440 ; extra == \"test\"",
	    "pep440", "", "", NULL, "extra == \"test\"" },
	{ "pep8-naming ; extra == 'pep8test'",
	    "pep8-naming", "", "", NULL, "extra == 'pep8test'" },
	{ "pexpect (>4.3) ; sys_platform != \"win32\"",
	    "pexpect", "", ">4.3", NULL, "sys_platform != \"win32\"" },
	{ "pexpect (>=4.7.0,<5.0.0)",
	    "pexpect", "", ">=4.7.0,<5.0.0", NULL, NULL },
	{ "pickleshare",
	    "pickleshare", "", "", NULL, NULL },
	{ "pillow >=9.3.0,<10.0.0 ; extra == \"doc\"",
	    "pillow", "", ">=9.3.0,<10.0.0", NULL, "extra == \"doc\"" },
	{ "pkginfo (>=1.5,<2.0)",
	    "pkginfo", "", ">=1.5,<2.0", NULL, NULL },
	{ "pkgutil-resolve-name>=1.3.10; python_version < '3.9'",
	    "pkgutil-resolve-name", "", ">=1.3.10", NULL, "python_version < '3.9'" },
	{ "platformdirs (<3,>=2.4)",
	    "platformdirs", "", "<3,>=2.4", NULL, NULL },
	{ "platformdirs (>=2.5.2,<3.0.0)",
	    "platformdirs", "", ">=2.5.2,<3.0.0", NULL, NULL },
	{ "pluggy (<2.0,>=0.12)",
	    "pluggy", "", "<2.0,>=0.12", NULL, NULL },
	{ "poetry-core (==1.4.0)",
	    "poetry-core", "", "==1.4.0", NULL, NULL },
	{ "poetry-plugin-export (>=1.2.0,<2.0.0)",
	    "poetry-plugin-export", "", ">=1.2.0,<2.0.0", NULL, NULL },
	{ "pooch; extra == \"test\"",
	    "pooch", "", "", NULL, "extra == \"test\"" },
	{ "pre-commit ; extra == \"test\"",
	    "pre-commit", "", "", NULL, "extra == \"test\"" },
	{ "pre-commit ; extra == 'dev'",
	    "pre-commit", "", "", NULL, "extra == 'dev'" },
	{ "pre-commit >=2.17.0,<3.0.0 ; extra == \"dev\"",
	    "pre-commit", "", ">=2.17.0,<3.0.0", NULL, "extra == \"dev\"" },
	{ "pre-commit; extra == 'dev'",
	    "pre-commit", "", "", NULL, "extra == 'dev'" },
	{ "pre-commit; extra == 'test'",
	    "pre-commit", "", "", NULL, "extra == 'test'" },
	{ "pre-commit<3.0.0,>=2.17.0; extra == 'dev'",
	    "pre-commit", "", "<3.0.0,>=2.17.0", NULL, "extra == 'dev'" },
	{ "pre-commit==2.6 ; extra == \"code_style\"",
	    "pre-commit", "", "==2.6", NULL, "extra == \"code_style\"" },
	{ "pretend ; extra == 'test'",
	    "pretend", "", "", NULL, "extra == 'test'" },
	{ "prompt-toolkit (<3.1.0,>3.0.1)",
	    "prompt-toolkit", "", "<3.1.0,>3.0.1", NULL, NULL },
	{ "proselint (>=0.13) ; extra == 'docs'",
	    "proselint", "", ">=0.13", NULL, "extra == 'docs'" },
	{ "proselint>=0.13; extra == 'docs'",
	    "proselint", "", ">=0.13", NULL, "extra == 'docs'" },
	{ "psutil",
	    "psutil", "", "", NULL, NULL },
	{ "psutil ; extra == \"benchmarking\"",
	    "psutil", "", "", NULL, "extra == \"benchmarking\"" },
	{ "ptyprocess; os_name != 'nt'",
	    "ptyprocess", "", "", NULL, "os_name != 'nt'" },
	{ "pure-eval",
	    "pure-eval", "", "", NULL, NULL },
	{ "py ; implementation_name == \"pypy\"",
	    "py", "", "", NULL, "implementation_name == \"pypy\"" },
	{ "pycodestyle; extra == \"dev\"",
	    "pycodestyle", "", "", NULL, "extra == \"dev\"" },
	{ "pydantic!=1.7,!=1.7.1,!=1.7.2,!=1.7.3,!=1.8,!=1.8.1,<2.0.0,>=1.6.2",
	    "pydantic", "", "!=1.7,!=1.7.1,!=1.7.2,!=1.7.3,!=1.8,!=1.8.1,<2.0.0,>=1.6.2", NULL, NULL },
	{ "pydata-sphinx-theme; extra == 'docs'",
	    "pydata-sphinx-theme", "", "", NULL, "extra == 'docs'" },
	{ "pydata-sphinx-theme==0.9.0; extra == \"doc\"",
	    "pydata-sphinx-theme", "", "==0.9.0", NULL, "extra == \"doc\"" },
	{ "pydevtool; extra == \"dev\"",
	    "pydevtool", "", "", NULL, "extra == \"dev\"" },
	{ "pyenchant (>=1.6.11) ; extra == 'docstest'",
	    "pyenchant", "", ">=1.6.11", NULL, "extra == 'docstest'" },
	{ "pyfakefs ; extra == 'testing'",
	    "pyfakefs", "", "", NULL, "extra == 'testing'" },
	{ "pygments (>=2.14.0,<3.0.0)",
	    "pygments", "", ">=2.14.0,<3.0.0", NULL, NULL },
	{ "pygments (>=2.4.0)",
	    "pygments", "", ">=2.4.0", NULL, NULL },
	{ "pygments (>=2.7.2) ; extra == 'testing'",
	    "pygments", "", ">=2.7.2", NULL, "extra == 'testing'" },
	{ "pygments ; extra == 'tests'",
	    "pygments", "", "", NULL, "extra == 'tests'" },
	{ "pygments==2.*; extra == 'cli'",
	    "pygments", "", "==2.*", NULL, "extra == 'cli'" },
	{ "pylev (>=1.4.0,<2.0.0)",
	    "pylev", "", ">=1.4.0,<2.0.0", NULL, NULL },
	{ "pylint ; extra == 'devel'",
	    "pylint", "", "", NULL, "extra == 'devel'" },
	{ "pympler ; extra == 'azure-pipelines'",
	    "pympler", "", "", NULL, "extra == 'azure-pipelines'" },
	{ "pympler ; extra == 'dev'",
	    "pympler", "", "", NULL, "extra == 'dev'" },
	{ "pympler ; extra == 'tests'",
	    "pympler", "", "", NULL, "extra == 'tests'" },
	{ "pympler ; extra == 'tests-no-zope'",
	    "pympler", "", "", NULL, "extra == 'tests-no-zope'" },
	{ "pympler ; extra == 'tests_no_zope'",
	    "pympler", "", "", NULL, "extra == 'tests_no_zope'" },
	{ "pyobjc-framework-Cocoa ; (sys_platform == \"darwin\") and extra == 'nativelib'",
	    "pyobjc-framework-cocoa", "", "", NULL, "(sys_platform == \"darwin\") and extra == 'nativelib'" },
	{ "pyobjc-framework-Cocoa ; extra == 'objc'",
	    "pyobjc-framework-cocoa", "", "", NULL, "extra == 'objc'" },
	{ "pyparsing (!=3.0.0,!=3.0.1,!=3.0.2,!=3.0.3,<4,>=2.4.2) ; python_version > \"3.0\"",
	    "pyparsing", "", "!=3.0.0,!=3.0.1,!=3.0.2,!=3.0.3,<4,>=2.4.2", NULL, "python_version > \"3.0\"" },
	{ "pyparsing (<3,>=2.4.2) ; python_version < \"3.0\"",
	    "pyparsing", "", "<3,>=2.4.2", NULL, "python_version < \"3.0\"" },
	{ "pyrsistent!=0.17.0,!=0.17.1,!=0.17.2,>=0.14.0",
	    "pyrsistent", "", "!=0.17.0,!=0.17.1,!=0.17.2,>=0.14.0", NULL, NULL },
	{ "pytest (!=3.3.0,>=3.2.1) ; extra == 'tests'",
	    "pytest", "", "!=3.3.0,>=3.2.1", NULL, "extra == 'tests'" },
	{ "pytest (<7.1) ; extra == 'all'",
	    "pytest", "", "<7.1", NULL, "extra == 'all'" },
	{ "pytest (<7.1) ; extra == 'test'",
	    "pytest", "", "<7.1", NULL, "extra == 'test'" },
	{ "pytest (<7.1) ; extra == 'test_extra'",
	    "pytest", "", "<7.1", NULL, "extra == 'test_extra'" },
	{ "pytest (>=4.3.0) ; extra == 'azure-pipelines'",
	    "pytest", "", ">=4.3.0", NULL, "extra == 'azure-pipelines'" },
	{ "pytest (>=4.3.0) ; extra == 'dev'",
	    "pytest", "", ">=4.3.0", NULL, "extra == 'dev'" },
	{ "pytest (>=4.3.0) ; extra == 'tests'",
	    "pytest", "", ">=4.3.0", NULL, "extra == 'tests'" },
	{ "pytest (>=4.3.0) ; extra == 'tests-no-zope'",
	    "pytest", "", ">=4.3.0", NULL, "extra == 'tests-no-zope'" },
	{ "pytest (>=4.3.0) ; extra == 'tests_no_zope'",
	    "pytest", "", ">=4.3.0", NULL, "extra == 'tests_no_zope'" },
	{ "pytest (>=6) ; extra == 'testing'",
	    "pytest", "", ">=6", NULL, "extra == 'testing'" },
	{ "pytest (>=6.2) ; extra == 'test'",
	    "pytest", "", ">=6.2", NULL, "extra == 'test'" },
	{ "pytest (>=6.2.0) ; extra == 'test'",
	    "pytest", "", ">=6.2.0", NULL, "extra == 'test'" },
	{ "pytest (>=7.0.1) ; extra == 'testing'",
	    "pytest", "", ">=7.0.1", NULL, "extra == 'testing'" },
	{ "pytest ; extra == \"benchmarking\"",
	    "pytest", "", "", NULL, "extra == \"benchmarking\"" },
	{ "pytest ; extra == \"test\"",
	    "pytest", "", "", NULL, "extra == \"test\"" },
	{ "pytest ; extra == \"testing\"",
	    "pytest", "", "", NULL, "extra == \"testing\"" },
	{ "pytest ; extra == 'devel'",
	    "pytest", "", "", NULL, "extra == 'devel'" },
	{ "pytest ; extra == 'test'",
	    "pytest", "", "", NULL, "extra == 'test'" },
	{ "pytest ; extra == 'test-no-images'",
	    "pytest", "", "", NULL, "extra == 'test-no-images'" },
	{ "pytest ; extra == 'tests'",
	    "pytest", "", "", NULL, "extra == 'tests'" },
	{ "pytest >=4.4.0,<8.0.0 ; extra == \"test\"",
	    "pytest", "", ">=4.4.0,<8.0.0", NULL, "extra == \"test\"" },
	{ "pytest-asyncio ; extra == 'all'",
	    "pytest-asyncio", "", "", NULL, "extra == 'all'" },
	{ "pytest-asyncio ; extra == 'test'",
	    "pytest-asyncio", "", "", NULL, "extra == 'test'" },
	{ "pytest-asyncio ; extra == 'test_extra'",
	    "pytest-asyncio", "", "", NULL, "extra == 'test_extra'" },
	{ "pytest-asyncio >=0.17 ; extra == \"test\"",
	    "pytest-asyncio", "", ">=0.17", NULL, "extra == \"test\"" },
	{ "pytest-asyncio; extra == 'test'",
	    "pytest-asyncio", "", "", NULL, "extra == 'test'" },
	{ "pytest-asyncio>=0.18; extra == 'test'",
	    "pytest-asyncio", "", ">=0.18", NULL, "extra == 'test'" },
	{ "pytest-azurepipelines ; extra == 'azure-pipelines'",
	    "pytest-azurepipelines", "", "", NULL, "extra == 'azure-pipelines'" },
	{ "pytest-benchmark ; extra == 'devel'",
	    "pytest-benchmark", "", "", NULL, "extra == 'devel'" },
	{ "pytest-benchmark ; extra == 'test'",
	    "pytest-benchmark", "", "", NULL, "extra == 'test'" },
	{ "pytest-benchmark~=3.2 ; extra == \"benchmarking\"",
	    "pytest-benchmark", "", "~=3.2", NULL, "extra == \"benchmarking\"" },
	{ "pytest-black (>=0.3.7) ; (platform_python_implementation != \"PyPy\") and extra == 'testing'",
	    "pytest-black", "", ">=0.3.7", NULL, "(platform_python_implementation != \"PyPy\") and extra == 'testing'" },
	{ "pytest-cache ; extra == 'devel'",
	    "pytest-cache", "", "", NULL, "extra == 'devel'" },
	{ "pytest-checkdocs (>=2.4) ; extra == 'testing'",
	    "pytest-checkdocs", "", ">=2.4", NULL, "extra == 'testing'" },
	{ "pytest-cov ; extra == \"testing\"",
	    "pytest-cov", "", "", NULL, "extra == \"testing\"" },
	{ "pytest-cov ; extra == 'test'",
	    "pytest-cov", "", "", NULL, "extra == 'test'" },
	{ "pytest-cov ; extra == 'testing'",
	    "pytest-cov", "", "", NULL, "extra == 'testing'" },
	{ "pytest-cov >=2.10.0,<5.0.0 ; extra == \"test\"",
	    "pytest-cov", "", ">=2.10.0,<5.0.0", NULL, "extra == \"test\"" },
	{ "pytest-cov; extra == \"test\"",
	    "pytest-cov", "", "", NULL, "extra == \"test\"" },
	{ "pytest-cov; extra == 'test'",
	    "pytest-cov", "", "", NULL, "extra == 'test'" },
	{ "pytest-cov>=4.0; extra == 'test'",
	    "pytest-cov", "", ">=4.0", NULL, "extra == 'test'" },
	{ "pytest-cov>=4; extra == 'test'",
	    "pytest-cov", "", ">=4", NULL, "extra == 'test'" },
	{ "pytest-cov>=4; extra == 'testing'",
	    "pytest-cov", "", ">=4", NULL, "extra == 'testing'" },
	{ "pytest-enabler (>=1.3) ; extra == 'testing'",
	    "pytest-enabler", "", ">=1.3", NULL, "extra == 'testing'" },
	{ "pytest-env (>=0.6.2) ; extra == 'testing'",
	    "pytest-env", "", ">=0.6.2", NULL, "extra == 'testing'" },
	{ "pytest-flake8 ; extra == 'testing'",
	    "pytest-flake8", "", "", NULL, "extra == 'testing'" },
	{ "pytest-freezegun (>=0.4.2) ; extra == 'testing'",
	    "pytest-freezegun", "", ">=0.4.2", NULL, "extra == 'testing'" },
	{ "pytest-mock (>=3.6.1) ; extra == 'testing'",
	    "pytest-mock", "", ">=3.6.1", NULL, "extra == 'testing'" },
	{ "pytest-mock>=3.10; extra == 'test'",
	    "pytest-mock", "", ">=3.10", NULL, "extra == 'test'" },
	{ "pytest-mypy (>=0.9.1) ; (platform_python_implementation != \"PyPy\") and extra == 'testing'",
	    "pytest-mypy", "", ">=0.9.1", NULL, "(platform_python_implementation != \"PyPy\") and extra == 'testing'" },
	{ "pytest-mypy-plugins ; (platform_python_implementation == \"CPython\" and python_version < \"3.11\") and extra == 'tests-no-zope'",
	    "pytest-mypy-plugins", "", "", NULL, "(platform_python_implementation == \"CPython\" and python_version < \"3.11\") and extra == 'tests-no-zope'" },
	{ "pytest-mypy-plugins ; (platform_python_implementation == \"CPython\" and python_version < \"3.11\") and extra == 'tests_no_zope'",
	    "pytest-mypy-plugins", "", "", NULL, "(platform_python_implementation == \"CPython\" and python_version < \"3.11\") and extra == 'tests_no_zope'" },
	{ "pytest-perf (>=0.9.2) ; extra == 'testing'",
	    "pytest-perf", "", ">=0.9.2", NULL, "extra == 'testing'" },
	{ "pytest-randomly (>=3.10.3) ; extra == 'testing'",
	    "pytest-randomly", "", ">=3.10.3", NULL, "extra == 'testing'" },
	{ "pytest-regressions ; extra == \"testing\"",
	    "pytest-regressions", "", "", NULL, "extra == \"testing\"" },
	{ "pytest-subtests ; extra == 'test'",
	    "pytest-subtests", "", "", NULL, "extra == 'test'" },
	{ "pytest-sugar >=0.9.4,<0.10.0 ; extra == \"test\"",
	    "pytest-sugar", "", ">=0.9.4,<0.10.0", NULL, "extra == \"test\"" },
	{ "pytest-timeout (>=2.1) ; extra == 'testing'",
	    "pytest-timeout", "", ">=2.1", NULL, "extra == 'testing'" },
	{ "pytest-timeout; extra == \"test\"",
	    "pytest-timeout", "", "", NULL, "extra == \"test\"" },
	{ "pytest-timeout; extra == 'test'",
	    "pytest-timeout", "", "", NULL, "extra == 'test'" },
	{ "pytest-timeout>=2.1; extra == 'testing'",
	    "pytest-timeout", "", ">=2.1", NULL, "extra == 'testing'" },
	{ "pytest-trio ; extra == \"test\"",
	    "pytest-trio", "", "", NULL, "extra == \"test\"" },
	{ "pytest-xdist ; extra == 'test'",
	    "pytest-xdist", "", "", NULL, "extra == 'test'" },
	{ "pytest-xdist >=1.32.0,<4.0.0 ; extra == \"test\"",
	    "pytest-xdist", "", ">=1.32.0,<4.0.0", NULL, "extra == \"test\"" },
	{ "pytest-xdist; extra == \"test\"",
	    "pytest-xdist", "", "", NULL, "extra == \"test\"" },
	{ "pytest-xdist[psutil] ; extra == 'tests-no-zope'",
	    "pytest-xdist", "psutil", "", NULL, "extra == 'tests-no-zope'" },
	{ "pytest-xdist[psutil] ; extra == 'tests_no_zope'",
	    "pytest-xdist", "psutil", "", NULL, "extra == 'tests_no_zope'" },
	{ "pytest; extra == \"test\"",
	    "pytest", "", "", NULL, "extra == \"test\"" },
	{ "pytest; extra == 'test'",
	    "pytest", "", "", NULL, "extra == 'test'" },
	{ "pytest<8.0.0,>=7.1.3; extra == 'test'",
	    "pytest", "", "<8.0.0,>=7.1.3", NULL, "extra == 'test'" },
	{ "pytest>=4.6 ; extra == \"test\"",
	    "pytest", "", ">=4.6", NULL, "extra == \"test\"" },
	{ "pytest>=7.0; extra == 'test'",
	    "pytest", "", ">=7.0", NULL, "extra == 'test'" },
	{ "pytest>=7.2; extra == 'test'",
	    "pytest", "", ">=7.2", NULL, "extra == 'test'" },
	{ "pytest>=7.2; extra == 'testing'",
	    "pytest", "", ">=7.2", NULL, "extra == 'testing'" },
	{ "python-dateutil>=2.8.2",
	    "python-dateutil", "", ">=2.8.2", NULL, NULL },
	{ "python-jose[cryptography]<4.0.0,>=3.3.0; extra == 'test'",
	    "python-jose", "cryptography", "<4.0.0,>=3.3.0", NULL, "extra == 'test'" },
	{ "python-multipart; extra == 'full'",
	    "python-multipart", "", "", NULL, "extra == 'full'" },
	{ "python-multipart<0.0.6,>=0.0.5; extra == 'test'",
	    "python-multipart", "", "<0.0.6,>=0.0.5", NULL, "extra == 'test'" },
	{ "python-multipart>=0.0.5; extra == 'all'",
	    "python-multipart", "", ">=0.0.5", NULL, "extra == 'all'" },
	{ "pytz ; extra == 'test'",
	    "pytz", "", "", NULL, "extra == 'test'" },
	{ "pywin32 ; (sys_platform == \"win32\") and extra == 'nativelib'",
	    "pywin32", "", "", NULL, "(sys_platform == \"win32\") and extra == 'nativelib'" },
	{ "pywin32 ; extra == 'win32'",
	    "pywin32", "", "", NULL, "extra == 'win32'" },
	{ "pywin32-ctypes (!=0.1.0,!=0.1.1) ; sys_platform == \"win32\"",
	    "pywin32-ctypes", "", "!=0.1.0,!=0.1.1", NULL, "sys_platform == \"win32\"" },
	{ "pywin32>=1.0; sys_platform == 'win32' and platform_python_implementation != 'PyPy'",
	    "pywin32", "", ">=1.0", NULL, "sys_platform == 'win32' and platform_python_implementation != 'PyPy'" },
	{ "pywinpty>=1.1.0; os_name == 'nt'",
	    "pywinpty", "", ">=1.1.0", NULL, "os_name == 'nt'" },
	{ "pyyaml ; extra == \"rtd\"",
	    "pyyaml", "", "", NULL, "extra == \"rtd\"" },
	{ "pyyaml; extra == 'full'",
	    "pyyaml", "", "", NULL, "extra == 'full'" },
	{ "pyyaml<7.0.0,>=5.3.1; extra == 'doc'",
	    "pyyaml", "", "<7.0.0,>=5.3.1", NULL, "extra == 'doc'" },
	{ "pyyaml<7.0.0,>=5.3.1; extra == 'test'",
	    "pyyaml", "", "<7.0.0,>=5.3.1", NULL, "extra == 'test'" },
	{ "pyyaml>=5.3.1; extra == 'all'",
	    "pyyaml", "", ">=5.3.1", NULL, "extra == 'all'" },
	{ "pyzmq>=17",
	    "pyzmq", "", ">=17", NULL, NULL },
	{ "pyzmq>=23.0",
	    "pyzmq", "", ">=23.0", NULL, NULL },
	{ "qtconsole ; extra == 'all'",
	    "qtconsole", "", "", NULL, "extra == 'all'" },
	{ "qtconsole ; extra == 'qtconsole'",
	    "qtconsole", "", "", NULL, "extra == 'qtconsole'" },
	{ "railroad-diagrams ; extra == \"diagrams\"",
	    "railroad-diagrams", "", "", NULL, "extra == \"diagrams\"" },
	{ "requests (>=2.18,<3.0)",
	    "requests", "", ">=2.18,<3.0", NULL, NULL },
	{ "requests ; extra == 'testing'",
	    "requests", "", "", NULL, "extra == 'testing'" },
	{ "requests-toolbelt (>=0.9.1,<0.11.0)",
	    "requests-toolbelt", "", ">=0.9.1,<0.11.0", NULL, NULL },
	{ "requests>=2.5.0",
	    "requests", "", ">=2.5.0", NULL, NULL },
	{ "rfc3339-validator; extra == 'format'",
	    "rfc3339-validator", "", "", NULL, "extra == 'format'" },
	{ "rfc3339-validator; extra == 'format-nongpl'",
	    "rfc3339-validator", "", "", NULL, "extra == 'format-nongpl'" },
	{ "rfc3986-validator>0.1.0; extra == 'format-nongpl'",
	    "rfc3986-validator", "", ">0.1.0", NULL, "extra == 'format-nongpl'" },
	{ "rfc3986[idna2008]<2,>=1.3",
	    "rfc3986", "idna2008", "<2,>=1.3", NULL, NULL },
	{ "rfc3987; extra == 'format'",
	    "rfc3987", "", "", NULL, "extra == 'format'" },
	{ "rich ; (python_version >= \"3.11\") and extra == 'tests'",
	    "rich", "", "", NULL, "(python_version >= \"3.11\") and extra == 'tests'" },
	{ "rich >=10.11.0,<13.0.0 ; extra == \"all\"",
	    "rich", "", ">=10.11.0,<13.0.0", NULL, "extra == \"all\"" },
	{ "rich >=10.11.0,<13.0.0 ; extra == \"test\"",
	    "rich", "", ">=10.11.0,<13.0.0", NULL, "extra == \"test\"" },
	{ "rich-click; extra == \"dev\"",
	    "rich-click", "", "", NULL, "extra == \"dev\"" },
	{ "rich<13,>=10; extra == 'cli'",
	    "rich", "", "<13,>=10", NULL, "extra == 'cli'" },
	{ "rst.linker (>=1.9) ; extra == 'docs'",
	    "rst-linker", "", ">=1.9", NULL, "extra == 'docs'" },
	{ "ruff==0.0.138; extra == 'dev'",
	    "ruff", "", "==0.0.138", NULL, "extra == 'dev'" },
	{ "ruff==0.0.138; extra == 'test'",
	    "ruff", "", "==0.0.138", NULL, "extra == 'test'" },
	{ "scikit-umfpack; extra == \"test\"",
	    "scikit-umfpack", "", "", NULL, "extra == \"test\"" },
	{ "selenium ; extra == 'bokeh'",
	    "selenium", "", "", NULL, "extra == 'bokeh'" },
	{ "setuptools",
	    "setuptools", "", "", NULL, NULL },
	{ "setuptools (>=42) ; extra == 'toml'",
	    "setuptools", "", ">=42", NULL, "extra == 'toml'" },
	{ "setuptools-rust (>=0.11.4) ; extra == 'sdist'",
	    "setuptools-rust", "", ">=0.11.4", NULL, "extra == 'sdist'" },
	{ "shellingham (>=1.5,<2.0)",
	    "shellingham", "", ">=1.5,<2.0", NULL, NULL },
	{ "shellingham >=1.3.0,<2.0.0 ; extra == \"all\"",
	    "shellingham", "", ">=1.3.0,<2.0.0", NULL, "extra == \"all\"" },
	{ "shellingham >=1.3.0,<2.0.0 ; extra == \"test\"",
	    "shellingham", "", ">=1.3.0,<2.0.0", NULL, "extra == \"test\"" },
	{ "six ; extra == 'azure-pipelines'",
	    "six", "", "", NULL, "extra == 'azure-pipelines'" },
	{ "six ; extra == 'dev'",
	    "six", "", "", NULL, "extra == 'dev'" },
	{ "six ; extra == 'tests'",
	    "six", "", "", NULL, "extra == 'tests'" },
	{ "sniffio",
	    "sniffio", "", "", NULL, NULL },
	{ "snowballstemmer>=2.0",
	    "snowballstemmer", "", ">=2.0", NULL, NULL },
	{ "socksio==1.*; extra == 'socks'",
	    "socksio", "", "==1.*", NULL, "extra == 'socks'" },
	{ "sphinx (!=1.8.0,!=3.1.0,!=3.1.1,>=1.6.5) ; extra == 'docs'",
	    "sphinx", "", "!=1.8.0,!=3.1.0,!=3.1.1,>=1.6.5", NULL, "extra == 'docs'" },
	{ "sphinx (>=1.6.5) ; extra == 'docs'",
	    "sphinx", "", ">=1.6.5", NULL, "extra == 'docs'" },
	{ "sphinx (>=5.3) ; extra == 'docs'",
	    "sphinx", "", ">=5.3", NULL, "extra == 'docs'" },
	{ "sphinx ; extra == \"doc\"",
	    "sphinx", "", "", NULL, "extra == \"doc\"" },
	{ "sphinx ; extra == \"rtd\"",
	    "sphinx", "", "", NULL, "extra == \"rtd\"" },
	{ "sphinx ; extra == 'dev'",
	    "sphinx", "", "", NULL, "extra == 'dev'" },
	{ "sphinx ; extra == 'docs'",
	    "sphinx", "", "", NULL, "extra == 'docs'" },
	{ "sphinx!=4.1.0; extra == \"doc\"",
	    "sphinx", "", "!=4.1.0", NULL, "extra == \"doc\"" },
	{ "sphinx-argparse (>=0.3.2) ; extra == 'docs'",
	    "sphinx-argparse", "", ">=0.3.2", NULL, "extra == 'docs'" },
	{ "sphinx-autodoc-typehints>=1.19.4; extra == 'docs'",
	    "sphinx-autodoc-typehints", "", ">=1.19.4", NULL, "extra == 'docs'" },
	{ "sphinx-autodoc-typehints>=1.19.5; extra == 'docs'",
	    "sphinx-autodoc-typehints", "", ">=1.19.5", NULL, "extra == 'docs'" },
	{ "sphinx-book-theme; extra == 'docs'",
	    "sphinx-book-theme", "", "", NULL, "extra == 'docs'" },
	{ "sphinx-copybutton ; extra == \"rtd\"",
	    "sphinx-copybutton", "", "", NULL, "extra == \"rtd\"" },
	{ "sphinx-copybutton ; extra == 'docs'",
	    "sphinx-copybutton", "", "", NULL, "extra == 'docs'" },
	{ "sphinx-design ; extra == \"rtd\"",
	    "sphinx-design", "", "", NULL, "extra == \"rtd\"" },
	{ "sphinx-design>=0.2.0; extra == \"doc\"",
	    "sphinx-design", "", ">=0.2.0", NULL, "extra == \"doc\"" },
	{ "sphinx-lint ; extra == \"lint\"",
	    "sphinx-lint", "", "", NULL, "extra == \"lint\"" },
	{ "sphinx-notfound-page ; extra == 'docs'",
	    "sphinx-notfound-page", "", "", NULL, "extra == 'docs'" },
	{ "sphinx-rtd-theme (>=1) ; extra == 'docs'",
	    "sphinx-rtd-theme", "", ">=1", NULL, "extra == 'docs'" },
	{ "sphinx-rtd-theme ; extra == 'docs'",
	    "sphinx-rtd-theme", "", "", NULL, "extra == 'docs'" },
	{ "sphinx-rtd-theme; extra == 'doc'",
	    "sphinx-rtd-theme", "", "", NULL, "extra == 'doc'" },
	{ "sphinx; extra == \"doc\"",
	    "sphinx", "", "", NULL, "extra == \"doc\"" },
	{ "sphinx; extra == 'docs'",
	    "sphinx", "", "", NULL, "extra == 'docs'" },
	{ "sphinx>=1.3.6; extra == 'doc'",
	    "sphinx", "", ">=1.3.6", NULL, "extra == 'doc'" },
	{ "sphinx>=1.7; extra == 'docs'",
	    "sphinx", "", ">=1.7", NULL, "extra == 'docs'" },
	{ "sphinx>=5.3; extra == 'docs'",
	    "sphinx", "", ">=5.3", NULL, "extra == 'docs'" },
	{ "sphinx_book_theme ; extra == \"rtd\"",
	    "sphinx-book-theme", "", "", NULL, "extra == \"rtd\"" },
	{ "sphinx_rtd_theme ; extra == \"doc\"",
	    "sphinx-rtd-theme", "", "", NULL, "extra == \"doc\"" },
	{ "sphinx_rtd_theme; extra == \"doc\"",
	    "sphinx-rtd-theme", "", "", NULL, "extra == \"doc\"" },
	{ "sphinxcontrib-applehelp ; extra == \"sphinxcontrib\"",
	    "sphinxcontrib-applehelp", "", "", NULL, "extra == \"sphinxcontrib\"" },
	{ "sphinxcontrib-devhelp ; extra == \"sphinxcontrib\"",
	    "sphinxcontrib-devhelp", "", "", NULL, "extra == \"sphinxcontrib\"" },
	{ "sphinxcontrib-github-alt; extra == 'doc'",
	    "sphinxcontrib-github-alt", "", "", NULL, "extra == 'doc'" },
	{ "sphinxcontrib-github-alt; extra == 'docs'",
	    "sphinxcontrib-github-alt", "", "", NULL, "extra == 'docs'" },
	{ "sphinxcontrib-htmlhelp>=2.0.0 ; extra == \"sphinxcontrib\"",
	    "sphinxcontrib-htmlhelp", "", ">=2.0.0", NULL, "extra == \"sphinxcontrib\"" },
	{ "sphinxcontrib-jsmath ; extra == \"sphinxcontrib\"",
	    "sphinxcontrib-jsmath", "", "", NULL, "extra == \"sphinxcontrib\"" },
	{ "sphinxcontrib-qthelp ; extra == \"sphinxcontrib\"",
	    "sphinxcontrib-qthelp", "", "", NULL, "extra == \"sphinxcontrib\"" },
	{ "sphinxcontrib-serializinghtml>=1.1.5 ; extra == \"sphinxcontrib\"",
	    "sphinxcontrib-serializinghtml", "", ">=1.1.5", NULL, "extra == \"sphinxcontrib\"" },
	{ "sphinxcontrib-spelling (>=4.0.1) ; extra == 'docstest'",
	    "sphinxcontrib-spelling", "", ">=4.0.1", NULL, "extra == 'docstest'" },
	{ "sphinxcontrib-towncrier ; extra == 'docs'",
	    "sphinxcontrib-towncrier", "", "", NULL, "extra == 'docs'" },
	{ "sphinxcontrib-websupport ; extra == \"docs\"",
	    "sphinxcontrib-websupport", "", "", NULL, "extra == \"docs\"" },
	{ "sqlalchemy<1.4.43,>=1.3.18; extra == 'test'",
	    "sqlalchemy", "", "<1.4.43,>=1.3.18", NULL, "extra == 'test'" },
	{ "stack-data",
	    "stack-data", "", "", NULL, NULL },
	{ "starlette<0.26.0,>=0.25.0",
	    "starlette", "", "<0.26.0,>=0.25.0", NULL, NULL },
	{ "sys-platform (==\"darwin\") ; extra == 'objc'", NULL, NULL, NULL, NULL, NULL },
	{ "sys-platform (==\"win32\") ; extra == 'win32'", NULL, NULL, NULL, NULL, NULL },
	{ "tap.py; extra == \"test\"",
	    "tap-py", "", "", NULL, "extra == \"test\"" },
	{ "testpath ; extra == \"test\"",
	    "testpath", "", "", NULL, "extra == \"test\"" },
	{ "testpath ; extra == 'all'",
	    "testpath", "", "", NULL, "extra == 'all'" },
	{ "testpath ; extra == 'test'",
	    "testpath", "", "", NULL, "extra == 'test'" },
	{ "testpath ; extra == 'test_extra'",
	    "testpath", "", "", NULL, "extra == 'test_extra'" },
	{ "testpath; extra == 'test'",
	    "testpath", "", "", NULL, "extra == 'test'" },
	{ "threadpoolctl; extra == \"test\"",
	    "threadpoolctl", "", "", NULL, "extra == \"test\"" },
	{ "tomli (>=1.0.0) ; python_version < \"3.11\"",
	    "tomli", "", ">=1.0.0", NULL, "python_version < \"3.11\"" },
	{ "tomli (>=2.0.1,<3.0.0) ; python_version < \"3.11\"",
	    "tomli", "", ">=2.0.1,<3.0.0", NULL, "python_version < \"3.11\"" },
	{ "tomlkit (>=0.11.1,<1.0.0,!=0.11.2,!=0.11.3)",
	    "tomlkit", "", ">=0.11.1,<1.0.0,!=0.11.2,!=0.11.3", NULL, NULL },
	{ "tornado>=6.1",
	    "tornado", "", ">=6.1", NULL, NULL },
	{ "tornado>=6.1.0",
	    "tornado", "", ">=6.1.0", NULL, NULL },
	{ "tornado>=6.2",
	    "tornado", "", ">=6.2", NULL, NULL },
	{ "towncrier (>=22.8) ; extra == 'docs'",
	    "towncrier", "", ">=22.8", NULL, "extra == 'docs'" },
	{ "towncrier ; extra == 'docs'",
	    "towncrier", "", "", NULL, "extra == 'docs'" },
	{ "traitlets",
	    "traitlets", "", "", NULL, NULL },
	{ "traitlets (>=5)",
	    "traitlets", "", ">=5", NULL, NULL },
	{ "traitlets>=5.1",
	    "traitlets", "", ">=5.1", NULL, NULL },
	{ "traitlets>=5.1.0",
	    "traitlets", "", ">=5.1.0", NULL, NULL },
	{ "traitlets>=5.3",
	    "traitlets", "", ">=5.3", NULL, NULL },
	{ "trio ; extra == \"test\"",
	    "trio", "", "", NULL, "extra == \"test\"" },
	{ "trio ; extra == \"trio\"",
	    "trio", "", "", NULL, "extra == \"trio\"" },
	{ "trio ; extra == 'all'",
	    "trio", "", "", NULL, "extra == 'all'" },
	{ "trio ; extra == 'test_extra'",
	    "trio", "", "", NULL, "extra == 'test_extra'" },
	{ "trove-classifiers (>=2022.5.19)",
	    "trove-classifiers", "", ">=2022.5.19", NULL, NULL },
	{ "twine (>=1.12.0) ; extra == 'docstest'",
	    "twine", "", ">=1.12.0", NULL, "extra == 'docstest'" },
	{ "typed_ast ; extra == \"test\" and ( python_version < '3.8')",
	    "typed-ast", "", "", NULL, "extra == \"test\" and ( python_version < '3.8')" },
	{ "typer[all]<0.8.0,>=0.6.1; extra == 'doc'",
	    "typer", "all", "<0.8.0,>=0.6.1", NULL, "extra == 'doc'" },
	{ "types-Pillow ; extra == 'mypy'",
	    "types-pillow", "", "", NULL, "extra == 'mypy'" },
	{ "types-orjson==3.6.2; extra == 'test'",
	    "types-orjson", "", "==3.6.2", NULL, "extra == 'test'" },
	{ "types-requests ; extra == \"lint\"",
	    "types-requests", "", "", NULL, "extra == \"lint\"" },
	{ "types-typed-ast ; extra == \"lint\"",
	    "types-typed-ast", "", "", NULL, "extra == \"lint\"" },
	{ "types-ujson==5.6.0.0; extra == 'test'",
	    "types-ujson", "", "==5.6.0.0", NULL, "extra == 'test'" },
	{ "typing ; python_version < \"3.5\"",
	    "typing", "", "", NULL, "python_version < \"3.5\"" },
	{ "typing-extensions",
	    "typing-extensions", "", "", NULL, NULL },
	{ "typing-extensions (>=3.6.4) ; python_version < \"3.8\"",
	    "typing-extensions", "", ">=3.6.4", NULL, "python_version < \"3.8\"" },
	{ "typing-extensions (>=4.0.0,<5.0) ; python_version < \"3.9\"",
	    "typing-extensions", "", ">=4.0.0,<5.0", NULL, "python_version < \"3.9\"" },
	{ "typing-extensions ; python_version < \"3.10\"",
	    "typing-extensions", "", "", NULL, "python_version < \"3.10\"" },
	{ "typing-extensions ; python_version < \"3.8\"",
	    "typing-extensions", "", "", NULL, "python_version < \"3.8\"" },
	{ "typing-extensions; python_version < '3.8'",
	    "typing-extensions", "", "", NULL, "python_version < '3.8'" },
	{ "typing-extensions>=3.10.0; python_version < '3.10'",
	    "typing-extensions", "", ">=3.10.0", NULL, "python_version < '3.10'" },
	{ "typing_extensions; extra == \"dev\"",
	    "typing-extensions", "", "", NULL, "extra == \"dev\"" },
	{ "typing_extensions>=3.7.4;python_version<'3.8'",
	    "typing-extensions", "", ">=3.7.4", NULL, "python_version<'3.8'" },
	{ "ujson!=4.0.2,!=4.1.0,!=4.2.0,!=4.3.0,!=5.0.0,!=5.1.0,<6.0.0,>=4.0.1; extra == 'test'",
	    "ujson", "", "!=4.0.2,!=4.1.0,!=4.2.0,!=4.3.0,!=5.0.0,!=5.1.0,<6.0.0,>=4.0.1", NULL, "extra == 'test'" },
	{ "ujson!=4.0.2,!=4.1.0,!=4.2.0,!=4.3.0,!=5.0.0,!=5.1.0,>=4.0.1; extra == 'all'",
	    "ujson", "", "!=4.0.2,!=4.1.0,!=4.2.0,!=4.3.0,!=5.0.0,!=5.1.0,>=4.0.1", NULL, "extra == 'all'" },
	{ "unittest2 ; extra == 'testing'",
	    "unittest2", "", "", NULL, "extra == 'testing'" },
	{ "uri-template; extra == 'format'",
	    "uri-template", "", "", NULL, "extra == 'format'" },
	{ "uri-template; extra == 'format-nongpl'",
	    "uri-template", "", "", NULL, "extra == 'format-nongpl'" },
	{ "urllib3 (>=1.26.0,<2.0.0)",
	    "urllib3", "", ">=1.26.0,<2.0.0", NULL, NULL },
	{ "uvicorn[standard]<0.21.0,>=0.12.0; extra == 'dev'",
	    "uvicorn", "standard", "<0.21.0,>=0.12.0", NULL, "extra == 'dev'" },
	{ "uvicorn[standard]>=0.12.0; extra == 'all'",
	    "uvicorn", "standard", ">=0.12.0", NULL, "extra == 'all'" },
	{ "validictory ; extra == 'devel'",
	    "validictory", "", "", NULL, "extra == 'devel'" },
	{ "virtualenv (>20) ; extra == 'test'",
	    "virtualenv", "", ">20", NULL, "extra == 'test'" },
	{ "virtualenv (>=20.4.3,<21.0.0,!=20.4.5,!=20.4.6) ; sys_platform != \"win32\" or python_version != \"3.9\"",
	    "virtualenv", "", ">=20.4.3,<21.0.0,!=20.4.5,!=20.4.6", NULL, "sys_platform != \"win32\" or python_version != \"3.9\"" },
	{ "virtualenv (>=20.4.3,<21.0.0,!=20.4.5,!=20.4.6,<20.16.6) ; sys_platform == \"win32\" and python_version == \"3.9\"",
	    "virtualenv", "", ">=20.4.3,<21.0.0,!=20.4.5,!=20.4.6,<20.16.6", NULL, "sys_platform == \"win32\" and python_version == \"3.9\"" },
	{ "webcolors>=1.11; extra == 'format'",
	    "webcolors", "", ">=1.11", NULL, "extra == 'format'" },
	{ "webcolors>=1.11; extra == 'format-nongpl'",
	    "webcolors", "", ">=1.11", NULL, "extra == 'format-nongpl'" },
	{ "webencodings >=0.4",
	    "webencodings", "", ">=0.4", NULL, NULL },
	{ "xattr (>=0.10.0,<0.11.0) ; sys_platform == \"darwin\"",
	    "xattr", "", ">=0.10.0,<0.11.0", NULL, "sys_platform == \"darwin\"" },
	{ "xmlschema ; extra == 'testing'",
	    "xmlschema", "", "", NULL, "extra == 'testing'" },
	{ "xmltodict; extra == 'test'",
	    "xmltodict", "", "", NULL, "extra == 'test'" },
	{ "zipp (>=0.5)",
	    "zipp", "", ">=0.5", NULL, NULL },
	{ "zope.interface ; extra == 'azure-pipelines'",
	    "zope-interface", "", "", NULL, "extra == 'azure-pipelines'" },
	{ "zope.interface ; extra == 'dev'",
	    "zope-interface", "", "", NULL, "extra == 'dev'" },
	{ "zope.interface ; extra == 'docs'",
	    "zope-interface", "", "", NULL, "extra == 'docs'" },
	{ "zope.interface ; extra == 'tests'",
	    "zope-interface", "", "", NULL, "extra == 'tests'" },
};

static const struct real_req requires_txt[] = {
	/* installed-trees: pendulum.egg-info/requires.txt */
	{ "python-dateutil<3.0,>=2.6",
	    "python-dateutil", "", "<3.0,>=2.6", NULL, NULL },
	{ "pytzdata>=2018.3",
	    "pytzdata", "", ">=2018.3", NULL, NULL },
	{ "typing<4.0,>=3.6",
	    "typing", "", "<4.0,>=3.6", NULL, NULL },
	{ "Django<3.1",
	    "django", "", "<3.1", NULL, NULL },
	{ "PyHamcrest>=1.9.0",
	    "pyhamcrest", "", ">=1.9.0", NULL, NULL },
	{ "PyYAML>=5.1",
	    "pyyaml", "", ">=5.1", NULL, NULL },
	{ "aiodns",
	    "aiodns", "", "", NULL, NULL },
	{ "appdirs>=1.4.0",
	    "appdirs", "", ">=1.4.0", NULL, NULL },
	{ "asyncpg",
	    "asyncpg", "", "", NULL, NULL },
	{ "azure-storage-blob==12.9.0",
	    "azure-storage-blob", "", "==12.9.0", NULL, NULL },
	{ "backports.zoneinfo>=0.2.1",
	    "backports-zoneinfo", "", ">=0.2.1", NULL, NULL },
	{ "black",
	    "black", "", "", NULL, NULL },
	{ "boto3>=1.9.12",
	    "boto3", "", ">=1.9.12", NULL, NULL },
	{ "botocore[crt]<2.0a.0,>=1.20.29",
	    "botocore", "crt", "<2.0a.0,>=1.20.29", NULL, NULL },
	{ "botocore[crt]<2.0a0,>=1.21.0",
	    "botocore", "crt", "<2.0a0,>=1.21.0", NULL, NULL },
	{ "brotli>=1.0.0",
	    "brotli", "", ">=1.0.0", NULL, NULL },
	{ "brotlipy>=0.7.0",
	    "brotlipy", "", ">=0.7.0", NULL, NULL },
	{ "chardet<6,>=3.0.2",
	    "chardet", "", "<6,>=3.0.2", NULL, NULL },
	{ "click>=7.0",
	    "click", "", ">=7.0", NULL, NULL },
	{ "commonmark==0.8.1",
	    "commonmark", "", "==0.8.1", NULL, NULL },
	{ "couchbase>=3.0.0",
	    "couchbase", "", ">=3.0.0", NULL, NULL },
	{ "coverage[toml]",
	    "coverage", "toml", "", NULL, NULL },
	{ "coverage[toml]==5.0.4",
	    "coverage", "toml", "==5.0.4", NULL, NULL },
	{ "coverage[toml]>=4.5",
	    "coverage", "toml", ">=4.5", NULL, NULL },
	{ "coverage[toml]>=5.0.2",
	    "coverage", "toml", ">=5.0.2", NULL, NULL },
	{ "cryptography",
	    "cryptography", "", "", NULL, NULL },
	{ "cssselect>=0.7",
	    "cssselect", "", ">=0.7", NULL, NULL },
	{ "defusedxml",
	    "defusedxml", "", "", NULL, NULL },
	{ "dpcontracts>=0.4",
	    "dpcontracts", "", ">=0.4", NULL, NULL },
	{ "ephem",
	    "ephem", "", "", NULL, NULL },
	{ "flake8",
	    "flake8", "", "", NULL, NULL },
	{ "flaky",
	    "flaky", "", "", NULL, NULL },
	{ "gevent>=1.5.0",
	    "gevent", "", ">=1.5.0", NULL, NULL },
	{ "gssapi>=1.4.1",
	    "gssapi", "", ">=1.4.1", NULL, NULL },
	{ "html5lib",
	    "html5lib", "", "", NULL, NULL },
	{ "hypothesis>=4.0",
	    "hypothesis", "", ">=4.0", NULL, NULL },
	{ "idna>=2.4",
	    "idna", "", ">=2.4", NULL, NULL },
	{ "ipaddress",
	    "ipaddress", "", "", NULL, NULL },
	{ "jaraco.packaging>=8.2",
	    "jaraco-packaging", "", ">=8.2", NULL, NULL },
	{ "kombu[sqs]",
	    "kombu", "sqs", "", NULL, NULL },
	{ "lazr.authentication",
	    "lazr-authentication", "", "", NULL, NULL },
	{ "lxml",
	    "lxml", "", "", NULL, NULL },
	{ "markdown2",
	    "markdown2", "", "", NULL, NULL },
	{ "mock",
	    "mock", "", "", NULL, NULL },
	{ "mypy",
	    "mypy", "", "", NULL, NULL },
	{ "mypy>=0.800",
	    "mypy", "", ">=0.800", NULL, NULL },
	{ "mysqlclient<2,>=1.4.0",
	    "mysqlclient", "", "<2,>=1.4.0", NULL, NULL },
	{ "nbsphinx>=0.2.12",
	    "nbsphinx", "", ">=0.2.12", NULL, NULL },
	{ "numpy>=1.9.0",
	    "numpy", "", ">=1.9.0", NULL, NULL },
	{ "oauthlib[signedtoken]>=3.0.0",
	    "oauthlib", "signedtoken", ">=3.0.0", NULL, NULL },
	{ "objgraph",
	    "objgraph", "", "", NULL, NULL },
	{ "pandas>=1.0.5",
	    "pandas", "", ">=1.0.5", NULL, NULL },
	{ "pexpect",
	    "pexpect", "", "", NULL, NULL },
	{ "pooch>=1.6.0",
	    "pooch", "", ">=1.6.0", NULL, NULL },
	{ "psutil",
	    "psutil", "", "", NULL, NULL },
	{ "pyOpenSSL",
	    "pyopenssl", "", "", NULL, NULL },
	{ "pycairo>=1.16.0",
	    "pycairo", "", ">=1.16.0", NULL, NULL },
	{ "pydoctor~=22.7.0",
	    "pydoctor", "", "~=22.7.0", NULL, NULL },
	{ "pygraphviz>=1.9",
	    "pygraphviz", "", ">=1.9", NULL, NULL },
	{ "pymongo[srv]>=3.11.1",
	    "pymongo", "srv", ">=3.11.1", NULL, NULL },
	{ "pymssql",
	    "pymssql", "", "", NULL, NULL },
	{ "pyobjc-framework-CFNetwork",
	    "pyobjc-framework-cfnetwork", "", "", NULL, NULL },
	{ "pyppeteer<1.1,>=1",
	    "pyppeteer", "", "<1.1,>=1", NULL, NULL },
	{ "pytest!=3.3.0",
	    "pytest", "", "!=3.3.0", NULL, NULL },
	{ "pytest-black>=0.3.7",
	    "pytest-black", "", ">=0.3.7", NULL, NULL },
	{ "pytest-cov>=4.0",
	    "pytest-cov", "", ">=4.0", NULL, NULL },
	{ "pytest-mock>=3.6.1",
	    "pytest-mock", "", ">=3.6.1", NULL, NULL },
	{ "pytest-timeout",
	    "pytest-timeout", "", "", NULL, NULL },
	{ "pytest<7.0.0,>=6.0.0",
	    "pytest", "", "<7.0.0,>=6.0.0", NULL, NULL },
	{ "pytest>=4.6",
	    "pytest", "", ">=4.6", NULL, NULL },
	{ "pytest>=7",
	    "pytest", "", ">=7", NULL, NULL },
	{ "python-dateutil>=1.4",
	    "python-dateutil", "", ">=1.4", NULL, NULL },
	{ "python-subunit~=1.4",
	    "python-subunit", "", "~=1.4", NULL, NULL },
	{ "pywin32!=226",
	    "pywin32", "", "!=226", NULL, NULL },
	{ "readthedocs-sphinx-ext~=2.1",
	    "readthedocs-sphinx-ext", "", "~=2.1", NULL, NULL },
	{ "repoze.sphinx.autointerface",
	    "repoze-sphinx-autointerface", "", "", NULL, NULL },
	{ "rst.linker>=1.9",
	    "rst-linker", "", ">=1.9", NULL, NULL },
	{ "seaborn>=0.9.0",
	    "seaborn", "", ">=0.9.0", NULL, NULL },
	{ "six==1.15.0",
	    "six", "", "==1.15.0", NULL, NULL },
	{ "sphinx",
	    "sphinx", "", "", NULL, NULL },
	{ "sphinx-copybutton",
	    "sphinx-copybutton", "", "", NULL, NULL },
	{ "sphinx-prompt>=1.3.0",
	    "sphinx-prompt", "", ">=1.3.0", NULL, NULL },
	{ "sphinx<5.0.0,>=4.5.0",
	    "sphinx", "", "<5.0.0,>=4.5.0", NULL, NULL },
	{ "sphinx>=2.4",
	    "sphinx", "", ">=2.4", NULL, NULL },
	{ "sphinx_rtd_theme",
	    "sphinx-rtd-theme", "", "", NULL, NULL },
	{ "sphinxext-opengraph",
	    "sphinxext-opengraph", "", "", NULL, NULL },
	{ "sqlcipher3_binary",
	    "sqlcipher3-binary", "", "", NULL, NULL },
	{ "testpath",
	    "testpath", "", "", NULL, NULL },
	{ "tornado>=6.1",
	    "tornado", "", ">=6.1", NULL, NULL },
	{ "tox-pyenv",
	    "tox-pyenv", "", "", NULL, NULL },
	{ "twine",
	    "twine", "", "", NULL, NULL },
	{ "twisted>=16.4.0",
	    "twisted", "", ">=16.4.0", NULL, NULL },
	{ "typing",
	    "typing", "", "", NULL, NULL },
	{ "unicodedata2>=14.0.0",
	    "unicodedata2", "", ">=14.0.0", NULL, NULL },
	{ "uvloop!=0.15.0,!=0.15.1,>=0.14.0",
	    "uvloop", "", "!=0.15.0,!=0.15.1,>=0.14.0", NULL, NULL },
	{ "websockets>=10.0",
	    "websockets", "", ">=10.0", NULL, NULL },
	{ "xattr",
	    "xattr", "", "", NULL, NULL },
	{ "zopfli>=0.1.4",
	    "zopfli", "", ">=0.1.4", NULL, NULL },
};

static const size_t nrequires_dist = nitems(requires_dist);
static const size_t nrequires_txt = nitems(requires_txt);

/* ---- tests ------------------------------------------------------------------- */

static char *
join_extras(const struct req *r)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < r->extras.n; i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", r->extras.v[i]);
	return strbuf_detach(&sb, NULL);
}

static void
check_real(const struct real_req *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct real_req *c = &cases[i];
		char *cause = NULL, *extras;
		struct req *r = req_parse(c->text, &cause);

		if (c->name == NULL) {
			if (r != NULL)
				fail_msg("'%s' should not parse", c->text);
			assert_non_null(cause);
			free(cause);
			continue;
		}
		if (r == NULL)
			fail_msg("'%s' did not parse: %s", c->text, cause);
		extras = join_extras(r);
		if (strcmp(r->name, c->name) != 0 || strcmp(extras, c->extras) != 0 ||
		    strcmp(r->specifier, c->specifier) != 0)
			fail_msg("'%s': got name '%s' extras '%s' specifier '%s'", c->text,
			    r->name, extras, r->specifier);
		free(extras);
		assert_non_null(r->spec);
		assert_string_equal(pep440_specset_text(r->spec), r->specifier);
		if (c->url == NULL)
			assert_null(r->url);
		else
			assert_string_equal(r->url, c->url);
		if (c->marker == NULL) {
			assert_null(r->marker_text);
			assert_null(r->marker);
		} else {
			assert_string_equal(r->marker_text, c->marker);
			assert_non_null(r->marker);
		}
		assert_true(str_starts_with(c->text, r->display_name) ||
		    str_starts_with(c->text + strspn(c->text, " \t"), r->display_name));
		req_free(r);
	}
}

static void
test_real_requires_dist(void **state)
{
	check_real(requires_dist, nrequires_dist);
}

static void
test_real_requires_txt(void **state)
{
	check_real(requires_txt, nrequires_txt);
}

static void
test_fields(void **state)
{
	struct marker_env env = { { NULL }, NULL, NULL };
	char *cause = NULL;
	struct req *r;

	r = req_parse("  Foo_Bar.baz [Security , socks,SOCKS, sec.urity] (>= 1.0 , < 2) ;"
	    " python_version >= '3' and extra == 'Test'  ", &cause);
	assert_non_null(r);
	assert_string_equal(r->name, "foo-bar-baz");
	assert_string_equal(r->display_name, "Foo_Bar.baz");
	assert_int_equal(r->extras.n, 3);
	assert_string_equal(r->extras.v[0], "sec-urity");	/* normalised, sorted, unique */
	assert_string_equal(r->extras.v[1], "security");
	assert_string_equal(r->extras.v[2], "socks");
	assert_string_equal(r->specifier, ">=1.0,<2");
	assert_null(r->url);
	assert_string_equal(r->marker_text, "python_version >= '3' and extra == 'Test'");
	env.values[MV_PYTHON_VERSION] = "3.11";
	assert_true(marker_eval(r->marker, &env, "test"));
	assert_false(marker_eval(r->marker, &env, ""));
	assert_true(marker_uses_extra(r->marker));
	assert_true(pep440_specset_contains(r->spec, "1.5", false));
	assert_false(pep440_specset_contains(r->spec, "2.0", false));
	req_free(r);

	r = req_parse("requests", &cause);
	assert_non_null(r);
	assert_string_equal(r->name, "requests");
	assert_int_equal(r->extras.n, 0);
	assert_string_equal(r->specifier, "");
	assert_non_null(r->spec);
	assert_true(pep440_specset_contains(r->spec, "2.31.0", false));
	assert_null(r->url);
	assert_null(r->marker_text);
	assert_null(r->marker);
	req_free(r);

	r = req_parse("pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb"
	    "3c72346a6de940a148ea686 ; python_version >= '3'", &cause);
	assert_non_null(r);
	assert_string_equal(r->name, "pip");
	assert_string_equal(r->url, "https://github.com/pypa/pip/archive/1.3.1.zip"
	    "#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686");
	assert_string_equal(r->specifier, "");
	assert_non_null(r->spec);
	assert_string_equal(r->marker_text, "python_version >= '3'");
	req_free(r);

	/* a ";" touching the URL is part of it (as in packaging): no marker */
	r = req_parse("foo @ https://example.com/foo.whl;python_version<'3'", &cause);
	assert_non_null(r);
	assert_string_equal(r->url, "https://example.com/foo.whl;python_version<'3'");
	assert_null(r->marker);
	req_free(r);

	r = req_parse("name[quux, strange];python_version<'2.7' and platform_version=='2'",
	    &cause);
	assert_non_null(r);
	assert_string_equal(r->extras.v[0], "quux");
	assert_string_equal(r->extras.v[1], "strange");
	assert_string_equal(r->marker_text, "python_version<'2.7' and platform_version=='2'");
	req_free(r);

	r = req_parse("foo[]", NULL);
	assert_non_null(r);
	assert_int_equal(r->extras.n, 0);
	req_free(r);
	req_free(NULL);
}

/* PEP 508's own examples. */
static void
test_pep508_examples(void **state)
{
	static const char *ok[] = {
		"A", "A.B-C_D", "aa", "name", "name<=1", "name>=3", "name>=3,<2",
		"name@http://foo.com", "name [fred,bar] @ http://foo.com ; python_version=='2.7'",
		"name[quux, strange];python_version<'2.7' and platform_version=='2'",
		"name; os_name=='a' or os_name=='b'",
		"name; os_name=='a' and os_name=='b' or os_name=='c'",
		"name; os_name=='a' and (os_name=='b' or os_name=='c')",
		"name; os_name=='a' or os_name=='b' and os_name=='c'",
		"name; (os_name=='a' or os_name=='b') and os_name=='c'",
		"name (>=1.0)", "name (>=1.0,<2)", "name(==1.0.*)",
	};

	for (size_t i = 0; i < nitems(ok); i++) {
		char *cause = NULL;
		struct req *r = req_parse(ok[i], &cause);

		if (r == NULL)
			fail_msg("'%s': %s", ok[i], cause);
		req_free(r);
	}
}

static void
test_specifier_forms(void **state)
{
	static const char *cases[][2] = {
		{ "foo>=1.0,<2", ">=1.0,<2" }, { "foo >= 1.0 , < 2", ">=1.0,<2" },
		{ "foo (>=1.0,<2)", ">=1.0,<2" }, { "foo( >= 1.0 , < 2 )", ">=1.0,<2" },
		{ "foo (==1.0.*)", "==1.0.*" }, { "foo~=1.4.5", "~=1.4.5" },
		{ "foo===bar", "===bar" }, { "foo ()", "" }, { "foo>=1.0,", ">=1.0" },
		{ "foo!=1.7,!=1.7.1,<2.0.0,>=1.6.2", "!=1.7,!=1.7.1,<2.0.0,>=1.6.2" },
		{ "foo==1.0+local", "==1.0+local" }, { "foo<2.0a.0,>=1.20.29", "<2.0a.0,>=1.20.29" },
		{ "foo[x]>=1", ">=1" }, { "foo [x] (>=1)", ">=1" }, { "foo\t>=\t1", ">=1" },
		{ "foo>=1;os_name=='nt'", ">=1" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *cause = NULL;
		struct req *r = req_parse(cases[i][0], &cause);

		if (r == NULL)
			fail_msg("'%s': %s", cases[i][0], cause);
		assert_string_equal(r->specifier, cases[i][1]);
		req_free(r);
	}
}

static void
test_errors(void **state)
{
	static const char *cases[][2] = {
		{ "foo>=", "invalid requirement \"foo>=\": expected a version after \">=\"" },
		{ "", "expected a package name" }, { "   ", "expected a package name" },
		{ ">=1.0", "expected a package name" }, { "-foo", "expected a package name" },
		{ "(foo)", "expected a package name" },
		{ "foo-", "invalid name \"foo-\": it must start and end with a letter or digit" },
		{ "foo.", "invalid name \"foo.\"" },
		{ "foo[bar,]", "expected an extra name, not \"]\"" },
		{ "foo[bar baz]", "expected \",\" between extra names" },
		{ "foo[bar", "expected \"]\" to close the extras" },
		{ "foo[bar;", "expected \"]\" to close the extras, not \";\"" },
		{ "foo[bar-]", "invalid extra name \"bar-\"" },
		{ "foo[", "expected an extra name and \"]\"" },
		{ "foo (>=1.0", "expected \")\" to close the version specifier" },
		{ "foo (bar)", "expected \")\" to close the version specifier, not \"bar)\"" },
		{ "foo > = 1.0", "expected a version after \">\", not \"= 1.0\"" },
		{ "foo>=1 <2", "expected \",\" between version clauses, not \"<2\"" },
		{ "foo=>1", "invalid operator \"=>\"" }, { "foo=1", "invalid operator \"=\"" },
		{ "foo>=1.0x", "\"1.0x\" is not a valid version" },
		{ "foo~=1", "at least two release numbers" },
		{ "foo>=1.0+local", "local version label" },
		{ "foo<1.*", "only allowed with == and !=" },
		{ "foo>=1.0,,<2", "unexpected \",<2\" after the version specifier" },
		{ "foo 1.0", "expected a version operator" },
		{ "foo bar", "expected a version operator" },
		{ "foo>=1.0 # comment", "(comments are not allowed)" },
		{ "foo # comment", "unexpected \"# comment\" after the name" },
		{ "foo (>=1.0) (<2)", "unexpected \"(<2)\"" },
		{ "foo @", "expected a URL after \"@\"" },
		{ "foo @ ", "expected a URL after \"@\"" },
		{ "foo @ https://x/y extra", "expected \";\" or the end after the URL" },
		{ "foo @ https://example.com/foo.whl; python_version < '3.8'",
		    "expected \";\" or the end after the URL, not \"python_version" },
		{ "foo>=1.0 ; ", "expected a marker after \";\"" },
		{ "foo==1.0;", "expected a marker after \";\"" },
		{ "foo ; extra == 'x' and", "expected a marker variable or a quoted string" },
		{ "foo ; bogus == 'x'", "\": unknown marker variable \"bogus\"" },
		{ "foo ; python_version > '3'; os_name == 'nt'", "at \"; os_name == 'nt'\"" },
		{ "sys-platform (==\"darwin\") ; extra == 'objc'", "is not a valid version" },
		{ "foo\n>=1\n;\nbar", "unknown marker variable" },
		{ "foo\x01", "unexpected \"?\" after the name" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *cause = NULL;
		struct req *r = req_parse(cases[i][0], &cause);

		if (r != NULL)
			fail_msg("'%s' should not parse", cases[i][0]);
		assert_non_null(cause);
		if (strstr(cause, cases[i][1]) == NULL)
			fail_msg("cause for '%s' is '%s', want '%s'", cases[i][0], cause,
			    cases[i][1]);
		assert_true(str_starts_with(cause, "invalid requirement \""));
		assert_null(strchr(cause, '\n'));
		/* the prefix of the inner parser is not repeated */
		assert_null(strstr(cause, "invalid marker"));
		assert_null(strstr(cause, "invalid version specifier"));
		free(cause);
		assert_null(req_parse(cases[i][0], NULL));
	}
	assert_null(req_parse(NULL, NULL));
}

/* Is s valid UTF-8 (no control characters)? Causes go to the status line. */
static bool
clean_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0') {
		int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 :
		    (*p & 0xf8) == 0xf0 ? 3 : -1;

		if (n < 0 || *p < 0x20)
			return false;
		p++;
		for (; n > 0; n--, p++) {
			if ((*p & 0xc0) != 0x80)
				return false;
		}
	}
	return true;
}

static void
test_cause_text(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *cause = NULL;

	/* long texts are shortened without cutting a UTF-8 sequence */
	for (int pad = 0; pad < 4; pad++) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "foo ; ");
		for (int i = 0; i < pad; i++)
			strbuf_addch(&sb, 'x');
		for (int i = 0; i < 300; i++)
			strbuf_addstr(&sb, "\xc3\xa9\xe2\x82\xac");
		assert_null(req_parse(sb.buf, &cause));
		assert_true(clean_utf8(cause));
		assert_non_null(strstr(cause, "...\""));
		assert_true(strlen(cause) < 1200);
		free(cause);
	}
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "foo ; os_name == 'x' and \t\r\x01\x7f ==");
	assert_null(req_parse(sb.buf, &cause));
	assert_true(clean_utf8(cause));
	assert_null(strchr(cause, 0x7f));
	free(cause);
	strbuf_release(&sb);
}

static void
test_extra_normalize(void **state)
{
	static const char *cases[][2] = {
		{ "Test", "test" }, { "tests_no_zope", "tests-no-zope" },
		{ "Tests.No--Zope", "tests-no-zope" }, { "a", "a" }, { "", "" },
		{ "format_nongpl", "format-nongpl" },
	};

	for (size_t i = 0; i < nitems(cases); i++) {
		char *n = extra_normalize(cases[i][0]);

		assert_string_equal(n, cases[i][1]);
		free(n);
	}
}

static void
test_garbage(void **state)
{
	static const char *tokens[] = {
		"foo", "Foo_Bar", "[", "]", ",", "a", "(", ")", ">=", "==", "~=", "===", "<",
		"1.0", "1.*", "+l", " ", "\t", ";", "@", "https://x/y", "extra == 'x'",
		"python_version", "'3'", "\"", "and", "or", "#", "\x80", "\x7f", "!",
	};
	uint32_t seed = 777;

	for (int i = 0; i < 200000; i++) {
		struct strbuf sb = STRBUF_INIT;
		struct req *r;
		char *cause = NULL;
		int n;

		seed = seed * 1103515245 + 12345;
		n = (int)((seed >> 16) % 14);
		strbuf_addstr(&sb, "");
		for (int j = 0; j < n; j++) {
			seed = seed * 1103515245 + 12345;
			strbuf_addstr(&sb, tokens[(seed >> 16) % nitems(tokens)]);
		}
		r = req_parse(sb.buf, &cause);
		if (r != NULL) {
			assert_non_null(r->name);
			assert_non_null(r->spec);
			assert_non_null(r->specifier);
			req_free(r);
		} else {
			assert_non_null(cause);
			assert_null(strchr(cause, '\n'));
			free(cause);
		}
		strbuf_release(&sb);
	}
}

/* Long inputs parse in linear (or n log n) time and never overflow the stack. */
static void
test_long_inputs(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct req *r;
	char *cause = NULL;
	double t0 = now_ms();

	for (int i = 0; i < 200000; i++)
		strbuf_addstr(&sb, "abcde");
	r = req_parse(sb.buf, &cause);	/* a 1 MB name */
	assert_non_null(r);
	assert_int_equal(strlen(r->name), 1000000);
	req_free(r);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, "foo[");
	for (int i = 0; i < 100000; i++)
		strbuf_addf(&sb, "%se%d", i ? "," : "", i % 50000);
	strbuf_addstr(&sb, "]");
	r = req_parse(sb.buf, &cause);
	assert_non_null(r);
	assert_int_equal(r->extras.n, 50000);
	req_free(r);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, "foo");
	for (int i = 0; i < 100000; i++)
		strbuf_addf(&sb, "%s!=1.%d", i ? "," : "", i);
	r = req_parse(sb.buf, &cause);
	assert_non_null(r);
	assert_false(pep440_specset_contains(r->spec, "1.99999", false));
	assert_true(pep440_specset_contains(r->spec, "2.0", false));
	req_free(r);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, "foo ; ");
	for (int i = 0; i < 100000; i++)
		strbuf_addstr(&sb, "(");
	r = req_parse(sb.buf, &cause);
	assert_null(r);
	assert_non_null(strstr(cause, "nested too deeply"));
	assert_true(strlen(cause) < 600);
	free(cause);

	strbuf_reset(&sb);
	strbuf_addstr(&sb, "foo @ ");
	for (int i = 0; i < 200000; i++)
		strbuf_addstr(&sb, "http:");
	r = req_parse(sb.buf, &cause);
	assert_non_null(r);
	req_free(r);
	strbuf_release(&sb);
	assert_true(now_ms() - t0 < 20000);
}

/* The startup path parses ~20k requirement strings for 2,000 distributions. */
static void
test_speed(void **state)
{
	double t0 = now_ms(), ms;
	size_t n = 0;

	while (n < 20000) {
		for (size_t i = 0; i < nrequires_dist && n < 20000; i++, n++)
			req_free(req_parse(requires_dist[i].text, NULL));
	}
	ms = now_ms() - t0;
	print_message("20000 requirement strings parsed in %.1f ms\n", ms);
	assert_true(ms < 5000);	/* ~30 ms unoptimised; generous for sanitizers */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_pep508_examples),
		cmocka_unit_test(test_specifier_forms),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_cause_text),
		cmocka_unit_test(test_extra_normalize),
		cmocka_unit_test(test_real_requires_dist),
		cmocka_unit_test(test_real_requires_txt),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_long_inputs),
		cmocka_unit_test(test_speed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

