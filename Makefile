# The README's two commands: `make demo` and `make test`. Both install what is missing first.
SWIFT ?= swift
PREFIX ?= /usr/local
# Release builds link the Swift runtime and Foundation statically: the installed binary runs
# without the Swift toolchain, and starts faster (credential-process 29 -> 21 ms).
RELEASE = $(SWIFT) build -c release --static-swift-stdlib

.PHONY: deps build test demo bench release install clean

deps:
	@bash scripts/deps.sh

build: deps
	$(SWIFT) build

## Every test: Swift unit tests, then end-to-end tests in tmux against the emulator.
test: build
	@bash scripts/test.sh

## The full TUI against the built-in emulator, in a throw-away HOME.
demo: deps
	$(SWIFT) build --product aws-sso-tui
	$(SWIFT) build --product aws-sso-emulator
	"$$($(SWIFT) build --show-bin-path)/aws-sso-tui" demo

## Benchmarks (release build): listing speed against the emulator, vs aws-sso-util.
bench:
	@bash scripts/deps.sh --bench
	$(RELEASE)
	@# Every script runs even when an earlier one misses a target; the exit code says if any did.
	@bin="$$($(RELEASE) --show-bin-path)"; rc=0; \
	python3 scripts/bench.py --bin-dir "$$bin" || rc=1; echo; \
	python3 scripts/bench_credential_process.py "$$bin" || rc=1; echo; \
	python3 scripts/bench_daily.py "$$bin" || rc=1; echo; \
	python3 scripts/bench_tui.py --bin-dir "$$bin" || rc=1; echo; \
	python3 scripts/bench_paste.py --bin-dir "$$bin" || rc=1; \
	if [ $$rc -ne 0 ]; then echo "make bench: some targets missed (see above)"; fi; exit $$rc

release: deps
	$(RELEASE)

install: release
	install -d "$(PREFIX)/bin"
	install -m 0755 "$$($(RELEASE) --show-bin-path)/aws-sso-tui" "$(PREFIX)/bin/aws-sso-tui"
	install -m 0755 "$$($(RELEASE) --show-bin-path)/aws-sso-emulator" "$(PREFIX)/bin/aws-sso-emulator"

clean:
	rm -rf .build
