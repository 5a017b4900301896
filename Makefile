# loyalty-batch — see README.md. `make demo` and `make test` work on a fresh Debian machine with Swift.
SWIFT   ?= swift
PREFIX  ?= /usr/local
DEMO    := .build/demo
BIN     := .build/debug/loyalty-batch

.PHONY: deps build demo desk test test-browser lint fuzz bench install clean

## deps: install the C libraries when their headers are missing: libcsv (CSV), libxml2, zlib and libxlsxwriter (.xlsx),
## SQLite (the desk's list of jobs), pkg-config; and openpyxl for the python3 first on PATH (Debian's package for
## Debian's python3, pip's for another), with which the tests read exported workbooks back.
deps:
	@missing=""; \
	test -f /usr/include/csv.h || missing="$$missing libcsv-dev"; \
	test -f /usr/include/libxml2/libxml/parser.h || missing="$$missing libxml2-dev"; \
	test -f /usr/include/zlib.h || missing="$$missing zlib1g-dev"; \
	test -f /usr/include/xlsxwriter.h || missing="$$missing libxlsxwriter-dev"; \
	test -f /usr/include/sqlite3.h || missing="$$missing libsqlite3-dev"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing (CSV parser; XML parser, zlib and xlsx writer for .xlsx; SQLite for the desk)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq $$missing >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq $$missing; }; fi
	@python3 -c 'import openpyxl' 2>/dev/null || { \
	  echo "installing openpyxl for $$(command -v python3) (the tests read exported workbooks back with it)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  if [ "$$(command -v python3)" = /usr/bin/python3 ]; then \
	    $$SUDO apt-get install -y -qq python3-openpyxl >/dev/null 2>&1 || \
	    { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-openpyxl; }; \
	  else \
	    python3 -m pip install -q openpyxl 2>/dev/null || python3 -m pip install -q --break-system-packages openpyxl; \
	  fi; }

## build: release build of both executables.
build: deps
	$(SWIFT) build -c release --product loyalty-batch
	$(SWIFT) build -c release --product loyalty-sandbox

## demo: start a sandbox, import the bundled Dutch Excel export into it, send the bundled referral
## invites through its Capillary, and export what the import left in Leat (examples/demo.sh).
demo: deps
	$(SWIFT) build --product loyalty-batch
	$(SWIFT) build --product loyalty-sandbox
	BIN=$(BIN) SANDBOX=.build/debug/loyalty-sandbox OUT=$(DEMO) sh examples/demo.sh

## desk: the import desk against an in-process sandbox, at http://127.0.0.1:8080/ (Ctrl-C stops it).
desk: deps
	$(SWIFT) build --product loyalty-batch
	$(BIN) serve --sandbox --data-dir .build/desk

## test: every test, over real HTTP to the in-process sandbox where HTTP is involved.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## test-browser: the import desk in a real browser, headless Chromium driven by Python Selenium
## (Debian chromium and chromium-driver, PyPI selenium and axe-selenium-python, which bundles
## axe-core; installed when missing); its screenshots
## go to docs/screenshots/.
test-browser: deps
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
	  echo "installing chromium chromium-driver (the browser tests)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium chromium-driver; }; }
	@python3 -c 'import selenium, axe_selenium_python' 2>/dev/null || { \
	  echo "installing selenium and axe-selenium-python (PyPI, the browser tests)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  python3 -m pip --version >/dev/null 2>&1 || $$SUDO apt-get install -y -qq python3-pip; \
	  python3 -m pip install -q selenium axe-selenium-python 2>/dev/null || \
	  python3 -m pip install -q --break-system-packages selenium axe-selenium-python; }
	$(SWIFT) build --product loyalty-batch
	$(SWIFT) build --product loyalty-sandbox
	BIN=$(BIN) SANDBOX=.build/debug/loyalty-sandbox python3 Tests/Browser/desk_test.py

## lint: the sources as `swift format` (the toolchain's) would write them, with the rules of
## .swift-format; CI fails on any difference. `swift format -i -r -p Sources Tests Package.swift
## bench/http-floor` fixes them.
lint:
	$(SWIFT) format lint --strict -r -p Sources Tests Package.swift bench/http-floor

## fuzz: the seeded fuzz tests with 200,000 inputs (CI runs 10,000 with the tests): mutated CSV,
## NDJSON and job files; no crash, and every data row read gets exactly one report line.
fuzz: deps
	$(SWIFT) build --build-tests
	FUZZ_INPUTS=$${FUZZ_INPUTS:-200000} $(SWIFT) test --skip-build --filter 'FuzzTests'

## bench: the benchmarks of the README (release builds; figures as ratios to reference runs in the same run).
bench: deps
	@command -v wrk >/dev/null && test -x /usr/bin/time || apt-get install -y -qq wrk time || { apt-get update -qq && apt-get install -y -qq wrk time; }
	$(SWIFT) build -c release --product loyalty-batch
	$(SWIFT) build -c release --product loyalty-sandbox
	$(SWIFT) build -c release --product http-floor
	python3 bench/run.py

## install: the executables, their man pages (generated from the argument parser) and shell
## completions (bash, zsh, fish) under $(PREFIX).
install: build
	install -d $(PREFIX)/bin $(PREFIX)/share/man/man1 $(PREFIX)/share/bash-completion/completions \
	  $(PREFIX)/share/zsh/site-functions $(PREFIX)/share/fish/vendor_completions.d
	install -m 0755 .build/release/loyalty-batch .build/release/loyalty-sandbox $(PREFIX)/bin/
	mkdir -p .build/man
	$(SWIFT) package --allow-writing-to-directory .build/man generate-manual --output-directory .build/man
	install -m 0644 .build/man/loyalty-batch.1 .build/man/loyalty-sandbox.1 $(PREFIX)/share/man/man1/
	for tool in loyalty-batch loyalty-sandbox; do \
	  .build/release/$$tool --generate-completion-script bash > $(PREFIX)/share/bash-completion/completions/$$tool; \
	  .build/release/$$tool --generate-completion-script zsh > $(PREFIX)/share/zsh/site-functions/_$$tool; \
	  .build/release/$$tool --generate-completion-script fish > $(PREFIX)/share/fish/vendor_completions.d/$$tool.fish; \
	done

clean:
	rm -rf .build $(DEMO) bench/data
