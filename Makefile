# The two commands that matter: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
LESSONS = .build/release/lessons

.PHONY: deps build build-release run test bench docs test-browser test-slurm clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

build-release: deps
	$(SWIFT) build -c release

# Runs every lesson on the default data and renders the reports into output/.
# The reports' footers link the API reference, so the reference is rendered too.
run: build-release
	$(LESSONS) run
	$(MAKE) docs

test: deps
	$(SWIFT) build
	$(SWIFT) test

# Grades the fixture hand-in folder on a real single-node Slurm cluster it starts (needs root).
test-slurm: deps
	$(SWIFT) build
	@scripts/test-slurm.sh

# Renders a fixture report and loads it in headless Chromium (scripts/test-browser.sh).
test-browser: deps
	@scripts/test-browser.sh

# `make bench BENCH_ARGS="--quick --threads 1"`; see bench/results/README.md for the PyTorch peer.
bench: build-release
	$(LESSONS) bench $(BENCH_ARGS)

# The API reference of Engine and Plot, rendered into output/api/ (not committed: ~20 MB), then
# every link in it checked. swift-docc-plugin (a command plugin in Package.swift, from the machine's
# package copy) rather than `docc convert` by hand: it builds the two targets, extracts their symbol
# graphs with the right module maps and flags, and merges both modules into one site with a landing
# page (documentation/). DocC's pages load their data with scripts from /api/ (--hosting-base-path):
# browse them through `lessons preview` or any server on output/, not as files.
# `make test` does not depend on this; APIDocumentationTests checks every symbol has a doc comment.
# DOCS_BASE_PATH: where output/api/ is served from (`api` when output/ is the site's root).
DOCS_TARGETS = --target Engine --target Plot
DOCS_BASE_PATH ?= api
docs: deps
	rm -rf output/api
	$(SWIFT) package --allow-writing-to-directory output/api generate-documentation $(DOCS_TARGETS) \
		--enable-experimental-combined-documentation --transform-for-static-hosting \
		--hosting-base-path $(DOCS_BASE_PATH) --output-path output/api
	python3 scripts/check_links.py output/api --base-path $(DOCS_BASE_PATH)

clean:
	rm -rf .build
