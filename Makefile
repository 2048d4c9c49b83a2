# The two commands the README promises. Everything else lives in scripts/.
.PHONY: dev test bench setup

## make dev: install what is missing, start MariaDB and the AWS stand-ins, serve http://127.0.0.1:3000
dev:
	bash scripts/dev.sh

## make test: unit, integration and end-to-end tests against real services
test:
	bash scripts/test.sh

## make bench: load, page weight and Lighthouse figures at 5,000 tasks (after make test)
bench:
	bash scripts/bench.sh

## make setup: only install the toolchain and packages
setup:
	bash scripts/setup.sh --test
