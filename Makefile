# A thin wrapper over CMake and the scripts: see README.md.
BUILD ?= build
JOBS  ?= $(shell nproc)

.PHONY: all build setup test test-asan test-tsan gate bench bench-quick bench-smoke plots report clean

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

# The CI performance gate: instruction counts of the hot paths under callgrind.
gate: setup
	@$(MAKE) --no-print-directory build
	scripts/gate

bench: setup
	@$(MAKE) --no-print-directory build
	SLICEBENCH_BUILD=$(BUILD) scripts/bench full

bench-quick: setup
	@$(MAKE) --no-print-directory build
	SLICEBENCH_BUILD=$(BUILD) scripts/bench quick

bench-smoke: setup
	@$(MAKE) --no-print-directory build
	SLICEBENCH_BUILD=$(BUILD) scripts/bench smoke

plots:
	scripts/plot results/$${SLICEBENCH_MACHINE:-$$(hostname -s)}

# results/report/index.html from the last results, plots redrawn first; C1's
# example and C9's tests run from the build.
report: setup
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory plots
	SLICEBENCH_BUILD=$(BUILD) scripts/report

clean:
	rm -rf $(BUILD) build-asan build-tsan
