# A thin wrapper over CMake and the scripts: see README.md.
BUILD ?= build
JOBS  ?= $(shell nproc)

.PHONY: all build setup test test-asan test-tsan fuzz mutation-check mutants gate ab convoy-fidelity bench bench-quick bench-smoke plan plots report clean check-machine

all: build

setup:
	@scripts/setup

$(BUILD)/CMakeCache.txt:
	@echo "make: configuring in $(BUILD)/"
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: setup
	@$(MAKE) --no-print-directory build
	@echo "make: running the tests"
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The test suite built with sanitizers, each in its own build folder.
test-asan: setup
	@echo "make: running the tests under AddressSanitizer and UndefinedBehaviorSanitizer"
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSLICEBENCH_SANITIZE=address,undefined
	cmake --build build-asan -j $(JOBS)
	cd build-asan && ctest --output-on-failure -j $(JOBS)

test-tsan: setup
	@echo "make: running the tests under ThreadSanitizer"
	cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=Debug -DSLICEBENCH_SANITIZE=thread
	cmake --build build-tsan -j $(JOBS)
	cd build-tsan && ctest --output-on-failure -j $(JOBS)

# The tests' own check: each patch in tests/mutations/ breaks the code on
# purpose and must make the tests it names fail (scripts/mutation_check).
mutation-check: setup
	scripts/mutation_check

# Fresh mutants of the code that decides what a user is told, drawn at
# random and run against the tests of their files (scripts/mutants); reports
# the score and every survivor:
#   make mutants [COUNT=N] [SEED=S]     COUNT defaults to 200; the same SEED draws the same mutants
# The values reach scripts/mutants from the environment, where make puts them.
mutants: setup
	scripts/mutants --count "$${COUNT:-200}" $${SEED:+--seed "$$SEED"}

# The option parser under libFuzzer, built by clang in its own build folder.
fuzz: setup
	@echo "make: fuzzing the option parser"
	CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug
	cmake --build build-fuzz -j $(JOBS) --target fuzz_options
	cd build-fuzz && ctest --output-on-failure -R '^fuzz_options$$'

# The CI performance gate: instruction counts of the hot paths under callgrind.
gate: setup
	@$(MAKE) --no-print-directory build
	SLICEBENCH_BUILD=$(BUILD) scripts/gate

# Wall time of two revisions, run interleaved on this machine (scripts/ab):
#   make ab BASE=REVISION [HEAD=REVISION] [FILTER=REGEX]
# The values reach scripts/ab from the environment, where make puts them.
ab: setup
	@[ -n "$${BASE:-}" ] || { echo "make: ab needs BASE=REVISION (HEAD=REVISION and FILTER=REGEX are optional)" >&2; exit 2; }
	scripts/ab "$$BASE" "$${HEAD:-HEAD}" $${FILTER:+"$$FILTER"}

# The gil model's convoy held to CPython's on this machine, in rounds run
# interleaved (scripts/convoy_fidelity, which says the defaults):
#   make convoy-fidelity [ROUNDS=N] [SPINNERS=N]
# The values reach scripts/convoy_fidelity from the environment, where make puts them.
convoy-fidelity: setup
	@$(MAKE) --no-print-directory build
	SLICEBENCH=$(BUILD)/bench/slicebench scripts/convoy_fidelity $${ROUNDS:+--rounds="$$ROUNDS"} $${SPINNERS:+--spinners="$$SPINNERS"}

# The machine's name becomes a folder under results/: a target that uses it
# checks it first (scripts/machine_name says what a name may hold).
check-machine:
	@scripts/machine_name make >/dev/null

bench: check-machine setup
	@$(MAKE) --no-print-directory build
	SLICEBENCH_BUILD=$(BUILD) scripts/bench full

bench-quick: check-machine setup
	@$(MAKE) --no-print-directory build
	SLICEBENCH_BUILD=$(BUILD) scripts/bench quick

bench-smoke: check-machine setup
	@$(MAKE) --no-print-directory build
	SLICEBENCH_BUILD=$(BUILD) scripts/bench smoke

# What a run of MODE (full, quick or smoke; full by default) would make on
# this machine, each benchmark with its estimated time, and run nothing:
#   make plan [MODE=quick]
# The value reaches scripts/bench from the environment, where make puts it.
plan: setup
	@$(MAKE) --no-print-directory build
	SLICEBENCH_BUILD=$(BUILD) scripts/bench --plan "$${MODE:-full}"

plots: check-machine
	scripts/plot "results/$$(scripts/machine_name make)"

# results/report/: a page per machine under results/ and the page that sets
# them side by side; this machine's plots redrawn first, when it has results.
report: check-machine setup
	@if [ -e "results/$$(scripts/machine_name make)/bench.json" ]; then $(MAKE) --no-print-directory plots; fi
	scripts/report_machines

clean:
	rm -rf $(BUILD) build-asan build-tsan build-fuzz build-mutation build-mutants build-ab
