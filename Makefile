# The two commands that matter: `make run` and `make test`. Both install what is missing first.
SWIFT ?= swift
LESSONS = .build/release/lessons

.PHONY: deps build build-release run test bench test-browser test-slurm clean

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

build-release: deps
	$(SWIFT) build -c release

# Runs every lesson on the default data and renders the reports into output/.
run: build-release
	$(LESSONS) run

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

clean:
	rm -rf .build
