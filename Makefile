# Arena: two commands matter. `make run` and `make test` (see README.md).
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS ?= $(shell nproc)
PORT ?= 8080
DATA ?= ./data

.PHONY: run test bootstrap server client unit integration reliability e2e fuzz sanitize tsan soak bench bench-drafts clean

bootstrap:
	@scripts/bootstrap

server: bootstrap
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

client: bootstrap
	@cd client-web && npm run --silent build

run: server client
	@mkdir -p $(DATA)
	$(BUILD)/arena serve --port $(PORT) --data-dir $(DATA) --static-dir client-web/dist

unit: server
	@cd $(BUILD) && ctest --output-on-failure -L unit

integration: server client
	@cd $(BUILD) && ctest --output-on-failure -L integration

e2e: server client
	@scripts/run-e2e $(BUILD)/arena

test: server client
	@scripts/run-tests $(BUILD)

reliability: server
	@cd $(BUILD) && ctest --output-on-failure -L reliability

# libFuzzer targets (tests/fuzz) built with clang-14 in build-fuzz; FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz: bootstrap
	@scripts/run-fuzz $(FUZZ_SECONDS)

# The whole C++ test suite (unit, integration, reliability) under ASan+UBSan, in build-asan.
sanitize: bootstrap client
	@scripts/run-sanitizers address

# The multi-threaded server tests under TSan, in build-tsan: the unit suite (store writer and
# pool, bus) and the integration and reliability suites against a TSan-built server.
tsan: bootstrap client
	@scripts/run-sanitizers thread

# The long versions: 1,000 crash cycles, 10 minutes per fuzz target, more random checks, the
# bigger storms; then both sanitizer runs.
soak: server client
	@ARENA_SOAK=1 scripts/run-tests $(BUILD)
	@scripts/run-sanitizers address
	@scripts/run-sanitizers thread

# Benchmarks (issue 3, bench/README.md): installs the reference peers (npm, bench/ only), builds
# the server and the load generator with -DARENA_BENCH=ON and runs Arena against the peers.
bench:
	@ARENA_BOOTSTRAP_BENCH=1 scripts/bootstrap
	@BUILD=$(BUILD) bench/run-chat-bench
	@BUILD=$(BUILD) bench/run-drafts-bench

# Drafts benchmark only (issue 4, bench/README.md): engines on the editing traces, then Arena
# against ShareDB with 1, 10 and 50 editors on one draft.
bench-drafts:
	@ARENA_BOOTSTRAP_BENCH=1 scripts/bootstrap
	@BUILD=$(BUILD) bench/run-drafts-bench

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz client-web/dist
