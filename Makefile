# SPDX-License-Identifier: GPL-2.0
# Entry points of the pageable allocator series.  See README.md.
#
#   make                 build the patched kernel, boot it, show the allocator
#   make test            every test (DEBUG=1: on the KASAN/lockdep kernel)
#   make run CMD='...'   boot the patched kernel and run CMD in it
#   make tree            lay patches/ as branch "series" in build/src (FORCE=1:
#                        drop commits and changes there that are not exported)
#   make export          write branch "series" of build/src back into patches/
#                        and the mirror (the files the series adds)
#   make series          the git format-patch series, into build/series/
#   make check           static checks on the series; every prefix builds and boots
#   make compare         SysV shm as user space sees it: base vs patched
#   make drivers         build every GEM driver the series touches (slow)
#   make matrix          build the 0-day style config matrix (slow)
#   make bench           benchmark against the status quo, same boot
#   make i915            i915's mock selftests: base vs patched kernel (slow)
#   make clean           remove build/ (keeps the ccache; refuses while build/src
#                        holds work not exported, unless FORCE=1)
#
# KSRC=/path/to/kernel uses another base tree than Debian's linux-source-6.12.

H := harness
export KSRC DEBUG MATRIX FORCE I915_SEED

.PHONY: all demo test run tree export series check compare drivers matrix bench i915 clean

all: demo

demo:
	@$(H)/demo.sh

test:
	@$(H)/test.sh

run:
	@$(H)/run.sh "$(CMD)"

tree:
	@$(H)/tree.sh

export:
	@$(H)/export.sh

series:
	@$(H)/series.sh

check:
	@$(H)/tree.sh
	@$(H)/check.sh full

bench:
	@$(H)/bench.sh

drivers:
	@$(H)/deps.sh gcc-arm-linux-gnueabihf
	@$(H)/tree.sh
	@$(H)/drivers.sh

matrix:
	@$(H)/matrix.sh

i915:
	@$(H)/i915.sh

compare:
	@$(H)/deps.sh
	@$(H)/tree.sh
	@$(H)/compare.sh

clean:
	@$(H)/tree.sh check
	rm -rf build
